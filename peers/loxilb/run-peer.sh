#!/usr/bin/env bash
# run-peer.sh BIN PORT [extra loxilb flags...]
#
# Runs loxilb-peer with its REST API on 127.0.0.1:PORT, in the foreground
# (exec). SIGTERM/SIGINT stop it: loxilb deletes its rules and exits.
#
#   --nonlp          no netlink subsystem: loxilb neither learns nor changes
#                    the host's links, addresses, routes or neighbours
#   --proxyonlymode  skip the bpffs mount script, the tun fs and the sysctl
#                    writes (ip_forward, arp_accept) done at start-up
#
# As root it also drops CAP_NET_ADMIN (setpriv): a few loxilb paths reach the
# host through netlink even with --nonlp (in HA state MASTER it adds rule VIPs
# to "lo"; BACKUP deletes them; egress rules add routes). Without the
# capability those calls fail instead of changing this machine. Probes still
# work (TCP/UDP connect, HTTP, ping via the raw-socket capability).
#
# loxilb writes its log to /var/log/loxilb$HOSTNAME.log; HOSTNAME is set to
# "-peer-PORT" so two peers on different ports keep separate logs, or to
# "-$LOXILB_PEER_LOG_NAME" when that is set (the conformance runner starts
# one peer per case on ephemeral ports and shares one log file).
set -euo pipefail
bin="${1:?usage: run-peer.sh BIN PORT [flags...]}"
port="${2:?usage: run-peer.sh BIN PORT [flags...]}"
shift 2
export HOSTNAME="-${LOXILB_PEER_LOG_NAME:-peer-$port}"
args=(--nonlp --proxyonlymode --host 127.0.0.1 --port "$port" --loglevel info "$@")
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
    exec setpriv --bounding-set -net_admin --inh-caps -net_admin "$bin" "${args[@]}"
fi
exec "$bin" "${args[@]}"
