# Shared steps of infra/run.sh and .ci/run: install what a fresh Debian machine lacks and make
# sure a Docker engine answers. Sourced, not run.

b2c_log() { printf '\033[1;34m[b2c]\033[0m %s\n' "$*" >&2; }

# Installs the Debian packages the range needs that are not there yet.
b2c_install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    b2c_log "missing packages: ${missing[*]} (run as root, or install them yourself)"
    return 1
  fi
  b2c_log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Starts dockerd in the background when no engine answers, and waits for it.
b2c_ensure_docker() {
  local log_dir="$1"
  if docker info >/dev/null 2>&1; then
    return 0
  fi
  mkdir -p "$log_dir"
  b2c_log "starting the Docker engine (log: $log_dir/dockerd.log)"
  # No registry is reachable here: never try to pull service images.
  DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 setsid dockerd >"$log_dir/dockerd.log" 2>&1 < /dev/null &
  local i
  for i in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    sleep 1
  done
  b2c_log "the Docker engine did not answer within 60 s; see $log_dir/dockerd.log"
  return 1
}

# Checks that the engine can do what labs need: an internal network and a limited container.
b2c_check_engine() {
  local net="b2c-engine-check-$$"
  docker network create --internal "$net" >/dev/null
  if ! docker run --rm --network "$net" --cap-drop ALL --security-opt no-new-privileges \
      --pids-limit 32 --memory 32m b2c/busybox:latest true; then
    docker network rm "$net" >/dev/null 2>&1 || true
    b2c_log "the engine cannot run a limited lab container"
    return 1
  fi
  docker network rm "$net" >/dev/null
  b2c_log "engine check passed: $(docker version --format '{{.Server.Version}}'), internal networks and limits work"
}

# Drops every new connection from a lab's bridge to this host. An internal Docker network still
# gives the host an address on the lab's bridge (the lab's default gateway), so every host service
# bound to all addresses (the range itself, SSH, exporters) would answer a lab through it.
# Replies to connections the host opens (the range's proxy and relays into labs) are not NEW and
# still pass. Idempotent; the range refuses to start labs on a local engine without it
# (b2c.labs.require-host-firewall).
#   b2c_close_lab_bridges [--netns NAME] [INTERFACE...]   (interfaces default to br-+, Docker's
#   user-defined bridges; iptables patterns, + is a wildcard)
b2c_close_lab_bridges() {
  local in_ns=()
  if [ "${1:-}" = --netns ]; then
    in_ns=(nsenter "--net=/run/netns/$2")
    shift 2
  fi
  [ $# -gt 0 ] || set -- 'br-+'
  if [ "$(id -u)" != 0 ]; then
    b2c_log "as root, run: iptables -I INPUT -i ${1} -m conntrack --ctstate NEW -j DROP (labs must not reach this host)"
    return 1
  fi
  local ifc ipt
  for ifc in "$@"; do
    for ipt in iptables ip6tables; do
      command -v "$ipt" >/dev/null || continue
      "${in_ns[@]}" "$ipt" -C INPUT -i "$ifc" -m conntrack --ctstate NEW -j DROP 2>/dev/null \
        || "${in_ns[@]}" "$ipt" -I INPUT -i "$ifc" -m conntrack --ctstate NEW -j DROP
    done
  done
}
