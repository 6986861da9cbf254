#!/usr/bin/env bash
# Makes debian:bookworm-slim from Debian's own packages where no image registry is reachable (these CI machines):
# mmdebstrap builds a minbase root file system the way the official slim image is cut (no docs, man pages or
# locales; merged /usr without the usrmerge package), and podman imports it under the official name. With a registry
# at hand, `docker pull debian:bookworm-slim` does the same. Root file systems are cached in $BLUEPRINT_ROOTFS_CACHE
# (default /var/tmp/blueprint-ci) for the next run.
#
#   deploy/base-image.sh                  make and import debian:bookworm-slim (if podman has none); print the rootfs
#   deploy/base-image.sh --systemd-rootfs print a bookworm minbase rootfs with systemd and no Java, for DebPackageIT
set -euo pipefail
cache="${BLUEPRINT_ROOTFS_CACHE:-/var/tmp/blueprint-ci}"
mkdir -p "$cache"

# rootfs NAME [mmdebstrap options...]: the cached tar, made on first use
rootfs() {
  local out="$cache/$1.tar"
  shift
  if [ ! -s "$out" ]; then
    mmdebstrap --quiet --format=tar --variant=minbase --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-exclude=/usr/share/info/*' \
      --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
      "$@" bookworm "$out.part" >&2
    mv "$out.part" "$out"
  fi
  echo "$out"
}

if [ "${1:-}" = "--systemd-rootfs" ]; then
  rootfs bookworm-systemd --include=systemd
  exit 0
fi
slim="$(rootfs bookworm-slim)"
if ! podman image exists docker.io/library/debian:bookworm-slim; then
  podman import --quiet "$slim" docker.io/library/debian:bookworm-slim >/dev/null
fi
echo "$slim"
