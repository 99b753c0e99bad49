#!/usr/bin/env bash
# A real multi-node Docker Swarm on one machine, for tests and benchmarks of the Swarm lab backend.
#
#   infra/cluster/swarm-local.sh up       build it (idempotent: an existing healthy one is kept)
#   infra/cluster/swarm-local.sh down     remove every trace (idempotent)
#   infra/cluster/swarm-local.sh env      print the settings the range needs to use it
#   infra/cluster/swarm-local.sh cut|heal NODE     link of a node down / up (a network failure)
#   infra/cluster/swarm-local.sh kill|revive NODE  power a node off (every process) / on again
#
# Every node, the manager included, is a separate dockerd in its own network namespace with its
# own data-root, exec-root, pidfile, unix socket and cgroup parent; the machine's main engine
# (/var/run/docker.sock) is never touched beyond `docker save` of the base images. The nodes sit on
# the bridge br-b2cs (10.231.77.0/24, used nowhere else): manager b2cs-m .10, workers b2cs-wN .1N.
# Nodes have no route out of the machine (FORWARD accepts bridge-to-bridge only, no NAT), and a
# lab opens no connection to its node (b2c_close_lab_bridges in each node's namespace).
# Each node runs containers through infra/cluster/b2c-runc, which enforces the PIDs limit that
# Swarm services do not apply. Requires root, iproute2, iptables, util-linux, jq, docker.io.
set -euo pipefail

WORKERS="${B2C_SWARM_WORKERS:-2}"
BRIDGE=br-b2cs
NET=10.231.77
STATE=/run/b2cs
DATA=/var/lib/b2cs
LOGS="${B2C_SWARM_LOGS:-/var/tmp/b2cs-logs}"
IMAGES="${B2C_SWARM_IMAGES:-b2c/debian:bookworm b2c/busybox:latest}"
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../lib.sh"

log() { printf '[swarm-local] %s\n' "$*" >&2; }

nodes() {
  echo m
  local i
  for i in $(seq 1 "$WORKERS"); do echo "w$i"; done
}

addr_of() { [ "$1" = m ] && echo "$NET.10" || echo "$NET.1${1#w}"; }
sock_of() { echo "unix://$STATE/$1.sock"; }
dk() { local n="$1"; shift; docker -H "$(sock_of "$n")" "$@"; }

env_lines() {
  local map="" n
  for n in $(nodes); do map="${map:+$map,}b2cs-$n=$(sock_of "$n")"; done
  echo "B2C_SWARM_MANAGER=$(sock_of m)"
  echo "B2C_SWARM_NODES=$map"
  echo "B2C_SWARM_FIXED_SUBNET_IPAM=b2c-ipam"
}

healthy() {
  [ -S "$STATE/m.sock" ] || return 1
  local ready
  ready=$(dk m node ls --format '{{.Status}}' 2>/dev/null | grep -c '^Ready$' || true)
  [ "$ready" -eq $((WORKERS + 1)) ]
}

# Every process of a node: its containers (by cgroup parent) and its engine (by network namespace).
node_pids() {
  local n="$1"
  cat /sys/fs/cgroup/pids/b2cs-"$n"/*/cgroup.procs 2>/dev/null || true
  ip netns pids "b2cs-$n" 2>/dev/null || true
}

unmount_under() {
  local dir="$1" m
  # Innermost first; lazily, since a killed engine leaves its namespace files mounted.
  for m in $(awk -v d="$dir" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}

stop_node() {
  local n="$1" pid pids
  pid=$(cat "$STATE/$n.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  pids=$(node_pids "$n" | sort -u)
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  sleep 0.2
  unmount_under "$STATE/$n"
  unmount_under "$DATA/$n"
}

remove_node() {
  local n="$1"
  stop_node "$n"
  rm -rf "${STATE:?}/$n" "$STATE/$n.pid" "$STATE/$n.sock" "${DATA:?}/$n"
  local c
  for c in /sys/fs/cgroup/*/b2cs-"$n"; do
    [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  ip netns del "b2cs-$n" 2>/dev/null || true
  ip link del "vb2cs-$n" 2>/dev/null || true
}

down() {
  local n
  for n in $(ls "$STATE" 2>/dev/null | sed -n 's/\.pid$//p') $(nodes); do
    remove_node "$n"
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  while iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null; do :; done
  rm -rf "$STATE"
  log "down"
}

start_engine() {
  local n="$1"
  mkdir -p "$STATE/$n" "$DATA/$n" "$LOGS"
  # nsenter --net keeps the cgroup mounts visible (ip netns exec hides them); unshare --uts gives
  # the node its own host name, which placement constraints use.
  DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 setsid nsenter --net="/run/netns/b2cs-$n" \
    unshare --uts sh -c "hostname b2cs-$n; exec dockerd --data-root $DATA/$n \
      --exec-root $STATE/$n --pidfile $STATE/$n.pid -H $(sock_of "$n") \
      --cgroup-parent b2cs-$n --add-runtime b2c=$HERE/b2c-runc --default-runtime b2c" \
    >>"$LOGS/$n.log" 2>&1 </dev/null &
  for _ in $(seq 1 150); do
    dk "$n" info >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  log "engine of $n did not answer; see $LOGS/$n.log"
  return 1
}

add_node() {
  local n="$1" a
  a=$(addr_of "$n")
  ip netns add "b2cs-$n"
  ip link add "vb2cs-$n" type veth peer name eth0 netns "b2cs-$n"
  ip link set "vb2cs-$n" master "$BRIDGE" up
  ip -n "b2cs-$n" addr add "$a/24" dev eth0
  ip -n "b2cs-$n" link set lo up
  ip -n "b2cs-$n" link set eth0 up
  ip -n "b2cs-$n" route add default via "$NET.1"
  # Labs reach nothing on their node: no new connection from a lab network (local bridges, and
  # docker_gwbridge, which non-internal overlay networks use) to the node itself.
  b2c_close_lab_bridges --netns "b2cs-$n" 'br-+' docker_gwbridge
  # Labs of several hosts on one node share a fixed subnet through b2c-ipam (one driver on this
  # machine serves every node's engine: the plugin folder is shared, only the network is not).
  b2c_pass_fixed_bridges --netns "b2cs-$n"
  # Labs that may reach outside (egress) leave through docker_gwbridge: they must not open
  # connections to the cluster network, where lab relays publish their ports for the range only.
  # DOCKER-USER is the chain the engine keeps first in FORWARD; replies (not NEW) still pass.
  ip netns exec "b2cs-$n" sh -c "iptables -N DOCKER-USER 2>/dev/null;
    iptables -C DOCKER-USER -i docker_gwbridge -d $NET.0/24 -m conntrack --ctstate NEW -j DROP \
      2>/dev/null || iptables -I DOCKER-USER -i docker_gwbridge -d $NET.0/24 \
      -m conntrack --ctstate NEW -j DROP"
  start_engine "$n"
}

up() {
  b2c_start_ipam "$LOGS"
  if healthy; then
    log "already up"
    env_lines
    return 0
  fi
  down
  trap 'log "up failed; tearing down"; down' ERR
  local began=$SECONDS n
  mkdir -p "$STATE" "$LOGS"
  ip link add "$BRIDGE" type bridge
  ip addr add "$NET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Docker sets FORWARD to DROP and bridged frames pass iptables: without this, node-to-node
  # (VXLAN) traffic is silently lost.
  iptables -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
  for n in $(nodes); do add_node "$n" & done
  wait
  for n in $(nodes); do dk "$n" info >/dev/null; done
  dk m swarm init --advertise-addr "$(addr_of m)" --listen-addr "$(addr_of m):2377" \
    --default-addr-pool 10.232.0.0/16 --default-addr-pool-mask-length 24 >/dev/null
  # A dead node is then Down in about 3 s instead of 14 s.
  dk m swarm update --dispatcher-heartbeat 1s >/dev/null
  local token
  token=$(dk m swarm join-token -q worker)
  for n in $(nodes | grep -v '^m$'); do
    dk "$n" swarm join --token "$token" --advertise-addr "$(addr_of "$n")" "$(addr_of m):2377" \
      >/dev/null &
  done
  wait
  # No registry: the base images go to every node by docker save | docker load (same image ids).
  docker save $IMAGES -o "$STATE/base.tar"
  for n in $(nodes); do dk "$n" load -i "$STATE/base.tar" >/dev/null & done
  wait
  rm -f "$STATE/base.tar"
  for _ in $(seq 1 100); do healthy && break; sleep 0.2; done
  healthy
  trap - ERR
  log "up in $((SECONDS - began)) s: $(nodes | tr '\n' ' ')"
  env_lines
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) env_lines ;;
  cut) ip link set "vb2cs-$2" down ;;
  heal) ip link set "vb2cs-$2" up ;;
  kill)
    ip link set "vb2cs-$2" down
    pids=$(node_pids "$2" | sort -u)
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    ;;
  revive)
    stop_node "$2"
    rm -f "$STATE/$2.pid"
    ip link set "vb2cs-$2" up
    start_engine "$2"
    ;;
  *) echo "usage: $0 up|down|env|cut NODE|heal NODE|kill NODE|revive NODE" >&2; exit 2 ;;
esac
