# shellcheck shell=bash
# build_loxilb_peer OUT_DIR
#
# Builds OUT_DIR/loxilb-peer: loxilb's own main package (REST server, rule
# manager, endpoint prober) at the version pinned in peers/loxilb/go.mod, with
# `go build -overlay`:
#   - pkg/loxinet/dpebpf_linux.go (the package's only cgo file, the eBPF
#     datapath) replaced by stub/dpebpf_stub.go (no-op datapath);
#   - api/loxinlp/zz_loxilb_peer_nonlp.go added from stub/nlp_nonlp_stub.go
#     (keeps --nonlp from crashing; see that file).
# Run it with run-peer.sh. See README.md.
#
# Idempotent: skips the build when OUT_DIR/loxilb-peer exists and the stamp of
# the inputs (go version/OS/arch, go.mod, go.sum, tools.go, stubs, this file)
# is unchanged. Needs go >= 1.23 and the Go module proxy (or a warm module
# cache). No cgo. Cold build ~5 min on 2 cores; warm no-op ~0.02 s.
#
# Source this file, then call the function (peers/build.sh does this):
#   . peers/loxilb/build-fn.sh && build_loxilb_peer "$OUT"

build_loxilb_peer() {
    local out_dir="${1:?usage: build_loxilb_peer OUT_DIR}"
    # The folder holding go.mod and stub/: $LOXILB_PEER_SRC, else this file's
    # folder, else its loxilb/ subfolder (when this function was pasted into
    # peers/build.sh).
    local here="${LOXILB_PEER_SRC:-}"
    if [ -z "$here" ]; then
        here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" || return 1
        [ -f "$here/stub/dpebpf_stub.go" ] || here="$here/loxilb"
    fi
    if [ ! -f "$here/stub/dpebpf_stub.go" ] || [ ! -f "$here/go.mod" ]; then
        echo "build_loxilb_peer: peers/loxilb not found (set LOXILB_PEER_SRC)" >&2
        return 1
    fi
    here="$(cd "$here" && pwd)" || return 1
    command -v go >/dev/null 2>&1 || { echo "build_loxilb_peer: go not found" >&2; return 1; }
    mkdir -p "$out_dir" && out_dir="$(cd "$out_dir" && pwd)" || return 1

    local bin="$out_dir/loxilb-peer"
    local stamp_file="$out_dir/.loxilb-peer.stamp"
    local stamp
    stamp="$(
        {
            go env GOVERSION GOOS GOARCH
            cat "$here/go.mod" "$here/go.sum" "$here/tools.go" \
                "$here/stub/dpebpf_stub.go" "$here/stub/nlp_nonlp_stub.go" "$here/build-fn.sh"
        } | sha256sum | cut -d' ' -f1
    )" || return 1
    if [ -x "$bin" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
        echo "loxilb-peer: up to date ($bin)"
        return 0
    fi

    # Go refuses -overlay replacements of files inside GOMODCACHE, so the
    # loxilb module is copied (read-only sources, without its 60 MB cicd/ tree)
    # into a scratch module next to the output and wired in with a `replace`
    # in a scratch copy of our go.mod. Nothing of loxilb lands in the repo.
    local work="$out_dir/.loxilb-peer-build"
    rm -rf "$work" && mkdir -p "$work" || return 1
    cp "$here/go.mod" "$here/go.sum" "$here/tools.go" "$here/doc.go" "$work/" || return 1

    local mod="github.com/loxilb-io/loxilb"
    local ver src
    ver="$(cd "$work" && go list -m -f '{{.Version}}' "$mod")" || return 1
    (cd "$work" && go mod download "$mod@$ver") || return 1
    src="$(cd "$work" && go list -m -f '{{.Dir}}' "$mod")" || return 1
    [ -f "$src/pkg/loxinet/dpebpf_linux.go" ] || {
        echo "build_loxilb_peer: $src/pkg/loxinet/dpebpf_linux.go not found" >&2
        return 1
    }
    mkdir -p "$work/loxilb-src" || return 1
    tar -C "$src" --exclude=./cicd -cf - . | tar -C "$work/loxilb-src" -xf - || return 1
    chmod -R u+w "$work/loxilb-src" || return 1
    (cd "$work" && go mod edit -replace "$mod=./loxilb-src") || return 1

    # Overlay paths must be absolute. 1: the cgo datapath file is replaced by
    # the no-op datapath; 2: one file is added to api/loxinlp (see the file).
    printf '{"Replace":{"%s":"%s","%s":"%s"}}\n' \
        "$work/loxilb-src/pkg/loxinet/dpebpf_linux.go" "$here/stub/dpebpf_stub.go" \
        "$work/loxilb-src/api/loxinlp/zz_loxilb_peer_nonlp.go" "$here/stub/nlp_nonlp_stub.go" \
        >"$work/overlay.json" || return 1

    echo "loxilb-peer: building loxilb $ver with the datapath stub -> $bin"
    (
        cd "$work" &&
            CGO_ENABLED=0 go build -trimpath -buildvcs=false \
                -tags loxilbpeerstub -overlay "$work/overlay.json" \
                -ldflags "-s -w -X $mod/common.BuildInfo=loxilb-peer-$ver-stub-datapath" \
                -o "$bin.tmp" "$mod"
    ) || { rm -f "$bin.tmp"; return 1; }
    mv -f "$bin.tmp" "$bin" || return 1
    printf '%s\n' "$stamp" >"$stamp_file"
    rm -rf "$work"
    echo "loxilb-peer: built $bin"
}
