#!/usr/bin/env bash
# Builds Blueprint's self-contained distributions from the CLI's shaded jar (run by `./mvnw -pl deploy -am package`):
#   target/runtime/                                    a jlinked Java runtime of only the modules the jar needs
#   target/blueprint/                                  bin/ lib/ runtime/ blueprints/ LICENSE: what the Dockerfile copies,
#                                                      and the .tar.gz's contents (as blueprint-VERSION/)
#   target/blueprint-VERSION-linux-x86_64.tar.gz       for any glibc Linux, no JDK needed
#   target/blueprint_DEBVERSION_amd64.deb              /usr/bin/blueprint, examples, the systemd unit (needs dpkg-deb)
set -euo pipefail
version="$1"
target="$2"
deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$deploy")"
jar="$root/cli/target/blueprint.jar"
[ -f "$jar" ] || { echo "package.sh: $jar is missing: build the cli module first (./mvnw -pl deploy -am package)" >&2; exit 1; }

# The modules `jdeps --print-module-deps` finds in the jar, less java.desktop: only java.beans is used from it, by
# optional paths of Jackson, SnakeYAML, Micrometer's logging binder and amqp-client's JSON-RPC tools, none of which
# Blueprint takes (its 11 MB would put the image over 150 MB). jdk.crypto.ec is for TLS to brokers (ECDHE).
# DistributionIT checks this list against jdeps, so a new dependency that needs a module fails the build.
modules="java.base,java.naming,java.net.http,java.prefs,java.security.jgss,java.security.sasl,java.sql,jdk.jfr,jdk.management,jdk.unsupported,jdk.crypto.ec"
echo "$modules" > "$target/runtime-modules.txt"
jlink="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"
rm -rf "$target/runtime"
"$jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$target/runtime"

dist="$target/blueprint"
rm -rf "$dist"
mkdir -p "$dist/bin" "$dist/lib"
cp "$deploy/bin/blueprint" "$dist/bin/blueprint"
cp "$jar" "$dist/lib/blueprint.jar"
# These distributions are for linux-x86_64: the compression libraries kafka-clients brings (zstd-jni, snappy-java,
# lz4-java) carry native libraries for a dozen other systems (9 MB in the jar); only the linux-x86_64 ones stay.
set +e
zip -q -d "$dist/lib/blueprint.jar" 'aix/*' 'win/*' 'darwin/*' 'freebsd/*' 'linux/i386/*' 'linux/ppc64/*' 'linux/ppc64le/*' \
  'linux/s390x/*' 'linux/riscv64/*' 'linux/mips64/*' 'linux/loongarch64/*' 'linux/aarch64/*' 'linux/arm/*' \
  'org/xerial/snappy/native/Windows/*' 'org/xerial/snappy/native/Mac/*' 'org/xerial/snappy/native/AIX/*' \
  'org/xerial/snappy/native/FreeBSD/*' 'org/xerial/snappy/native/SunOS/*' 'org/xerial/snappy/native/Linux/s390x/*' \
  'org/xerial/snappy/native/Linux/ppc*' 'org/xerial/snappy/native/Linux/aarch64/*' 'org/xerial/snappy/native/Linux/arm*' \
  'org/xerial/snappy/native/Linux/x86/*' 'org/xerial/snappy/native/Linux/riscv64/*' 'org/xerial/snappy/native/Linux/loongarch64/*' \
  'net/jpountz/util/win32/*' 'net/jpountz/util/darwin/*' 'net/jpountz/util/linux/ppc64le/*' 'net/jpountz/util/linux/s390x/*' \
  'net/jpountz/util/linux/aarch64/*' 'net/jpountz/util/linux/i386/*'
rc=$?
set -e
# 12: nothing matched (a dependency that no longer ships them); anything else is a failure
[ "$rc" -eq 0 ] || [ "$rc" -eq 12 ] || { echo "package.sh: zip -d failed ($rc)" >&2; exit 1; }
cp -r "$target/runtime" "$dist/runtime"
cp "$root/LICENSE" "$dist/LICENSE"
# the example blueprints with what they read and run; not what a run of them wrote
cp -r "$root/blueprints" "$dist/blueprints"
rm -rf "$dist/blueprints/out"
find "$dist/blueprints" -name __pycache__ -prune -exec rm -rf {} +
tar -C "$target" --transform "s,^blueprint,blueprint-$version," -czf "$target/blueprint-$version-linux-x86_64.tar.gz" blueprint

if ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "package.sh: no dpkg-deb here: the .deb is skipped (apt-get install dpkg, or build on Debian/Ubuntu)" >&2
  exit 0
fi
deb="$target/deb"
rm -rf "$deb"
mkdir -p "$deb/DEBIAN" "$deb/usr/lib/blueprint" "$deb/usr/bin" "$deb/usr/share/blueprint" "$deb/usr/share/doc/blueprint" \
  "$deb/lib/systemd/system" "$deb/etc/blueprint"
cp -r "$dist/bin" "$dist/lib" "$dist/runtime" "$deb/usr/lib/blueprint/"
ln -s ../lib/blueprint/bin/blueprint "$deb/usr/bin/blueprint"
cp -r "$dist/blueprints" "$deb/usr/share/blueprint/blueprints"
cp "$deploy/systemd/blueprint@.service" "$deb/lib/systemd/system/"
cp "$root/LICENSE" "$deb/usr/share/doc/blueprint/copyright"
cp "$root/README.md" "$deb/usr/share/doc/blueprint/README.md"
debversion="${version//-/\~}"
size=$(du -sk --exclude=DEBIAN "$deb" | cut -f1)
sed -e "s/@DEB_VERSION@/$debversion/" -e "s/@INSTALLED_SIZE@/$size/" "$deploy/debian/control" > "$deb/DEBIAN/control"
rm -f "$target"/blueprint_*_amd64.deb
dpkg-deb --root-owner-group -Zxz -z6 --build "$deb" "$target/blueprint_${debversion}_amd64.deb" >/dev/null
echo "package.sh: $target/blueprint-$version-linux-x86_64.tar.gz and $target/blueprint_${debversion}_amd64.deb"
