#!/usr/bin/env bash
# Makes debian:bookworm-slim from Debian's own packages where no image registry is reachable (these CI machines):
# mmdebstrap builds a minbase root file system the way the official slim image is cut (no docs, man pages or
# locales; merged /usr without the usrmerge package), and podman imports it under the official name. The rootfs is
# cached in $BLUEPRINT_ROOTFS_CACHE (default /var/tmp/blueprint-ci) for the next run and for DebPackageIT's chroot.
# With a registry at hand, `docker pull debian:bookworm-slim` does the same.
set -euo pipefail
cache="${BLUEPRINT_ROOTFS_CACHE:-/var/tmp/blueprint-ci}"
rootfs="$cache/bookworm-slim.tar"
mkdir -p "$cache"
if [ ! -s "$rootfs" ]; then
  mmdebstrap --quiet --variant=minbase --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    bookworm "$rootfs.part"
  mv "$rootfs.part" "$rootfs"
fi
if [ "${1:-}" != "--rootfs-only" ] && ! podman image exists docker.io/library/debian:bookworm-slim; then
  podman import --quiet "$rootfs" docker.io/library/debian:bookworm-slim >/dev/null
fi
echo "$rootfs"
