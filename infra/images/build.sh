#!/usr/bin/env bash
# Build the Born2Control base images locally, without any container registry.
#
#   b2c/debian:bookworm  - debootstrap (minbase + lab tools) from the Debian mirror
#                          configured in /etc/apt/sources.list.d/debian.sources
#   b2c/busybox:latest   - a tiny rootfs around Debian's busybox-static
#
# Usage: sudo infra/images/build.sh [--force] [debian|busybox ...]
#   --force   rebuild a tag even if it already exists
#   names     build only these images (default: both)
#
# Idempotent: an existing tag is skipped unless --force is given.
set -euo pipefail

DEBIAN_TAG="b2c/debian:bookworm"
BUSYBOX_TAG="b2c/busybox:latest"
SUITE="bookworm"
SOURCES_FILE="${B2C_DEBIAN_SOURCES:-/etc/apt/sources.list.d/debian.sources}"

# Tools that labs and attack workstations rely on (see infra/images/README.md).
DEBIAN_TOOLS=(
  python3 curl ca-certificates openssl
  iproute2 iptables iputils-ping netcat-openbsd tcpdump dnsutils
  procps psmisc lsof
  sqlite3 less nano sudo
)

FORCE=0
WANT=()
for arg in "$@"; do
  case "$arg" in
    --force|-f) FORCE=1 ;;
    debian|busybox) WANT+=("$arg") ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
[ ${#WANT[@]} -eq 0 ] && WANT=(debian busybox)

log() { printf '[build.sh] %s\n' "$*"; }
die() { printf '[build.sh] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap and chroot need it)"
command -v docker >/dev/null || die "docker CLI not found"
docker info >/dev/null 2>&1 || die "docker engine not reachable"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
# After a --force rebuild, drop the previous image if nothing uses it any more.
drop_old() { # drop_old <old id> <tag>
  local old="$1" new; new="$(image_id "$2")"
  if [ -n "$old" ] && [ "$old" != "$new" ]; then
    if docker rmi "$old" >/dev/null 2>&1; then log "removed the previous $2 image ${old:7:12}"
    else log "previous $2 image ${old:7:12} is still used by other images/containers; left in place"; fi
  fi
}

APT_UPDATED=0
ensure_pkg() { # ensure_pkg <command-or-path> <debian package>
  local probe="$1" pkg="$2"
  if dpkg -s "$pkg" >/dev/null 2>&1 && { command -v "$probe" >/dev/null 2>&1 || [ -e "$probe" ]; }; then
    return 0
  fi
  log "installing $pkg with apt-get"
  if [ "$APT_UPDATED" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg"
}

# Read the mirror URI of the stanza serving "$SUITE" from the deb822 sources file.
debian_mirror() {
  [ -r "$SOURCES_FILE" ] || die "cannot read $SOURCES_FILE"
  awk -v suite="$SUITE" '
    function flush() { if (uri != "" && hit && found == "") found = uri; uri = ""; hit = 0 }
    /^[[:space:]]*$/ { flush(); next }
    /^[[:space:]]*#/ { next }
    tolower($1) == "uris:"   { if (uri == "") uri = $2 }
    tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) hit = 1 }
    END { flush(); if (found == "") exit 1; print found }
  ' "$SOURCES_FILE" || die "no URIs: line for suite $SUITE in $SOURCES_FILE"
}

WORKDIRS=()
cleanup() { local d; for d in "${WORKDIRS[@]:-}"; do [ -n "$d" ] && [ -d "$d" ] && rm -rf --one-file-system "$d"; done; return 0; }
trap cleanup EXIT

build_debian() {
  if image_exists "$DEBIAN_TAG" && [ "$FORCE" -eq 0 ]; then
    log "$DEBIAN_TAG already exists, skipping (use --force to rebuild)"
    return 0
  fi
  ensure_pkg debootstrap debootstrap
  local mirror dir include old
  old="$(image_id "$DEBIAN_TAG")"
  mirror="$(debian_mirror)"
  dir="$(mktemp -d /tmp/b2c-debian-rootfs.XXXXXX)"
  WORKDIRS+=("$dir")
  include="$(IFS=,; echo "${DEBIAN_TOOLS[*]}")"
  log "debootstrap --variant=minbase $SUITE from $mirror (this takes a minute or two)"
  log "  extra packages: $include"
  debootstrap --variant=minbase --include="$include" "$SUITE" "$dir" "$mirror"

  log "slimming the rootfs (apt caches, lists, docs, man pages, logs)"
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin \
         "$dir"/var/cache/debconf/*-old "$dir"/var/log/*.log "$dir"/var/log/apt/* \
         "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/usr/share/lintian \
         "$dir"/tmp/* "$dir"/var/tmp/*
  find "$dir"/usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$dir"/usr/share/locale -mindepth 1 -maxdepth 1 -not -name 'C*' -not -name en -exec rm -rf {} + 2>/dev/null || true
  # dpkg: keep future installs (if a derived image ever has network) from re-adding docs.
  mkdir -p "$dir"/etc/dpkg/dpkg.cfg.d
  printf 'path-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\npath-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\n' \
    > "$dir"/etc/dpkg/dpkg.cfg.d/01-b2c-nodoc
  printf 'b2c-lab\n' > "$dir"/etc/hostname
  : > "$dir"/etc/resolv.conf
  : > "$dir"/etc/machine-id 2>/dev/null || true

  log "importing rootfs as $DEBIAN_TAG"
  tar --numeric-owner --xattrs -C "$dir" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    --message "b2c debian $SUITE minbase (debootstrap)" \
    - "$DEBIAN_TAG" >/dev/null
  log "built $DEBIAN_TAG ($(docker image inspect -f '{{.Size}}' "$DEBIAN_TAG" | awk '{printf "%.0f MB", $1/1e6}'))"
  drop_old "$old" "$DEBIAN_TAG"
}

build_busybox() {
  if image_exists "$BUSYBOX_TAG" && [ "$FORCE" -eq 0 ]; then
    log "$BUSYBOX_TAG already exists, skipping (use --force to rebuild)"
    return 0
  fi
  ensure_pkg /bin/busybox busybox-static
  local bb dir applet old
  old="$(image_id "$BUSYBOX_TAG")"
  bb="$(dpkg -L busybox-static | grep -E '/bin/busybox$' | head -n1)"
  [ -n "$bb" ] && [ -x "$bb" ] || die "busybox-static binary not found"
  dir="$(mktemp -d /tmp/b2c-busybox-rootfs.XXXXXX)"
  WORKDIRS+=("$dir")
  log "assembling busybox rootfs from $bb"
  mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/tmp,var/log,var/run,var/www,home,proc,sys,dev,opt}
  chmod 1777 "$dir"/tmp "$dir"/var/tmp
  chmod 0700 "$dir"/root
  install -m 0755 "$bb" "$dir"/bin/busybox
  # Let busybox create its own applet symlinks inside the new root.
  chroot "$dir" /bin/busybox --install -s
  # Make sure the shells exist even if --install skipped them.
  for applet in sh ash; do [ -e "$dir/bin/$applet" ] || ln -s busybox "$dir/bin/$applet"; done
  cat > "$dir"/etc/passwd <<'PW'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
  cat > "$dir"/etc/group <<'GR'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
GR
  printf 'root:*:19000:0:99999:7:::\n' > "$dir"/etc/shadow
  chmod 0640 "$dir"/etc/shadow
  printf 'b2c-lab\n' > "$dir"/etc/hostname
  : > "$dir"/etc/resolv.conf
  log "importing rootfs as $BUSYBOX_TAG ($(find "$dir" -type l | wc -l) applet links)"
  tar --numeric-owner -C "$dir" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/sh"]' \
    --message "b2c busybox (Debian busybox-static)" \
    - "$BUSYBOX_TAG" >/dev/null
  log "built $BUSYBOX_TAG ($(docker image inspect -f '{{.Size}}' "$BUSYBOX_TAG" | awk '{printf "%.1f MB", $1/1e6}'))"
  drop_old "$old" "$BUSYBOX_TAG"
}

for img in "${WANT[@]}"; do
  case "$img" in
    debian) build_debian ;;
    busybox) build_busybox ;;
  esac
done
for t in "$DEBIAN_TAG" "$BUSYBOX_TAG"; do
  if image_exists "$t"; then log "ready: $t ($(image_id "$t" | cut -c8-19))"; else log "missing: $t"; fi
done
