# Sourced by the WebSocket benchmarks (ws-relay.sh, ws-channels.sh, ws-recovery.sh, container-vs-host.sh): the
# repository root, a writable copy of the shared bench kit with its Node packages, and the settings every one of
# them takes from the environment:
#   BENCH_SRC (the kit, default /work/shared/bench/ws), BENCH_DIR (its writable copy, default /tmp/bench-ws),
#   RELAY_PORT (default 9110), JAVA_OPTS (default -Xmx2g), BLUEPRINT_JAR (default cli/target/blueprint.jar).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRC=${BENCH_SRC:-/work/shared/bench/ws}
BENCH=${BENCH_DIR:-/tmp/bench-ws}
PORT=${RELAY_PORT:-9110}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx2g"}
JAR=${BLUEPRINT_JAR:-$ROOT/cli/target/blueprint.jar}
if [ ! -d "$BENCH" ]; then cp -r "$SRC" "$BENCH"; chmod -R u+w "$BENCH"; fi
[ -d "$BENCH/node_modules/ws" ] || (cd "$BENCH" && npm install --no-audit --no-fund)
