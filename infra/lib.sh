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

# Starts dockerd in the background when no engine answers, and waits for it. The engine it starts
# remaps user namespaces (b2c_configure_userns_remap), so root in a lab is an unprivileged uid on
# the host; B2C_EXPECT_USERNS=true is then exported (the tests hold the engine to it). An engine
# already running without remapping is kept, with a warning: it serves other users too.
b2c_ensure_docker() {
  local log_dir="$1"
  b2c_raise_key_quota
  if ! docker info >/dev/null 2>&1; then
    b2c_configure_userns_remap
    mkdir -p "$log_dir"
    b2c_log "starting the Docker engine (log: $log_dir/dockerd.log)"
    # No registry is reachable here: never try to pull service images.
    DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 setsid dockerd >"$log_dir/dockerd.log" 2>&1 < /dev/null &
    local i started=false
    for i in $(seq 1 60); do
      docker info >/dev/null 2>&1 && { started=true; break; }
      sleep 1
    done
    if ! $started; then
      b2c_log "the Docker engine did not answer within 60 s; see $log_dir/dockerd.log"
      return 1
    fi
    [ "${B2C_USERNS_REMAP:-default}" = off ] || export B2C_EXPECT_USERNS=true
  fi
  if ! docker info --format '{{json .SecurityOptions}}' | grep -q 'name=userns'; then
    b2c_log "WARNING: the running Docker engine does not remap user namespaces: root in a lab is" \
      "root on this host. Stop that engine and run this again (it then starts one with" \
      "\"userns-remap\": \"default\"), or set it in /etc/docker/daemon.json and restart the engine;" \
      "images are then built again (the remapped engine has its own image store)."
  fi
}

# Raises the kernel's per-user key quota. runc gives every container a session keyring, and with
# user-namespace remapping every lab container's root is the same host uid, so all lab containers
# of a node share that uid's quota: Debian's default (kernel.keys.maxkeys 200, maxbytes 20000)
# stops a node at about 200 containers with "unable to create session key: disk quota exceeded"
# (seen at 50 four-host live-fire labs). 20,000 keys of about 70 bytes each, kept in
# /etc/sysctl.d so a reboot keeps them; values already higher are left alone.
b2c_raise_key_quota() {
  local keys=20000 bytes=1400000 conf=/etc/sysctl.d/60-b2c-keys.conf
  if [ "$(sysctl -n kernel.keys.maxkeys)" -ge "$keys" ] \
      && [ "$(sysctl -n kernel.keys.maxbytes)" -ge "$bytes" ]; then
    return 0
  fi
  printf 'kernel.keys.maxkeys = %s\nkernel.keys.maxbytes = %s\n' "$keys" "$bytes" >"$conf"
  if sysctl -q -p "$conf"; then
    b2c_log "kernel key quota per user raised to $keys keys ($conf): one key per lab container"
  else
    b2c_log "WARNING: cannot raise kernel.keys.maxkeys/maxbytes; a node then holds about" \
      "$(sysctl -n kernel.keys.maxkeys) lab containers (set them in $conf as root)"
  fi
}

# Turns on the engine's user-namespace remapping in /etc/docker/daemon.json before dockerd starts
# ("default": dockerd creates the dockremap user and its /etc/subuid range; root in a container
# becomes that range's first uid on the host). B2C_USERNS_REMAP=off leaves the file alone.
b2c_configure_userns_remap() {
  local conf=/etc/docker/daemon.json
  [ "${B2C_USERNS_REMAP:-default}" != off ] || return 0
  if [ -f "$conf" ] && grep -q '"userns-remap"' "$conf"; then
    return 0
  fi
  mkdir -p /etc/docker
  if [ -s "$conf" ]; then
    b2c_install_packages jq
    jq '. + {"userns-remap": "default"}' "$conf" >"$conf.b2c" && mv "$conf.b2c" "$conf"
  else
    printf '{\n  "userns-remap": "default"\n}\n' >"$conf"
  fi
  b2c_log "user-namespace remapping on in $conf: root in a lab maps to an unprivileged host uid"
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
# Removes what earlier test runs on this engine left behind when they were killed (their labs,
# spare networks and lab networks carry installation labels starting with test- or it-). Only for a
# machine that runs one test suite at a time, such as CI: a running suite's labs would go too.
b2c_sweep_test_leftovers() {
  local label value ids kind all
  # Containers first (a spare network's ticket container holds its network), then networks.
  for kind in container network; do
    all=(); [ "$kind" = container ] && all=(-a)
    for label in b2c.installation b2c.spare; do
      for value in $(docker "$kind" ls "${all[@]}" --format "{{.Label \"$label\"}}" 2>/dev/null \
          | sort -u | grep -E '^(test|it)-' || true); do
        ids=$(docker "$kind" ls -q "${all[@]}" --filter "label=$label=$value" 2>/dev/null)
        [ -z "$ids" ] && continue
        b2c_log "removing the ${kind}s of the earlier test run $value"
        docker "$kind" rm "${all[@]/-a/-f}" $ids >/dev/null || b2c_log "could not remove every $kind of $value"
      done
    done
  done
}

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

# Lets many labs on this engine share a fixed subnet (lab.networks.NAME.subnet): keeps the
# stateless IPAM driver infra/ipam/b2c-ipam.py serving /run/docker/plugins/b2c-ipam.sock (the
# range uses it while the socket exists), and lets frames pass within one such lab network's own
# bridge (br-fx...): the engine's rules for internal networks match the bridge's gateway /32 and
# would drop them. Bridged frames never leave their bridge, so this opens no path between labs
# or to the host (the INPUT rule of b2c_close_lab_bridges covers br-fx+ as br-+). Idempotent.
# $1: folder for the driver's log.
b2c_start_ipam() {
  local sock=/run/docker/plugins/b2c-ipam.sock here logs="${1:-/tmp}"
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  command -v python3 >/dev/null || b2c_install_packages python3
  if ! curl -fsS --max-time 5 --unix-socket "$sock" -X POST http://ipam/Plugin.Activate \
      >/dev/null 2>&1; then
    mkdir -p "$logs"
    setsid python3 "$here/ipam/b2c-ipam.py" "$sock" >>"$logs/b2c-ipam.log" 2>&1 </dev/null &
    local i
    for i in $(seq 1 50); do
      curl -fsS --max-time 5 --unix-socket "$sock" -X POST http://ipam/Plugin.Activate \
        >/dev/null 2>&1 && break
      sleep 0.1
    done
  fi
  b2c_pass_fixed_bridges
}

# Accepts bridged frames within each bridge of a shared fixed subnet (br-fx...) before the
# engine's rules for internal networks (see b2c_start_ipam). --netns NS: in that namespace (a
# node of infra/cluster/swarm-local.sh).
b2c_pass_fixed_bridges() {
  local in_ns=()
  [ "${1:-}" != --netns ] || in_ns=(nsenter "--net=/run/netns/$2")
  "${in_ns[@]}" iptables -N DOCKER-USER 2>/dev/null || true
  "${in_ns[@]}" iptables -C DOCKER-USER -i 'br-fx+' -o 'br-fx+' -m physdev --physdev-is-bridged \
    -j ACCEPT 2>/dev/null || "${in_ns[@]}" iptables -I DOCKER-USER -i 'br-fx+' -o 'br-fx+' \
    -m physdev --physdev-is-bridged -j ACCEPT
}
