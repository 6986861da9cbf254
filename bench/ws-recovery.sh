#!/usr/bin/env bash
# 1,000 clients reconnecting at once, each recovering the 1,000 records it missed (issue 22): bench/ws-recovery.js
# against blueprints/bench-recovery.yaml, with the shared bench kit's `ws` package.
#   bench/ws-recovery.sh                                 # 1 warm-up, then 3 runs of 1,000 x 1,000
#   RUNS=5 CLIENTS=1000 MISSED=1000 bench/ws-recovery.sh
# Env: BLUEPRINT_JAR (default cli/target/blueprint.jar; copy it elsewhere first so a rebuild cannot change it
# mid-run), BENCH_SRC (kit, default /work/shared/bench/ws), BENCH_DIR (writable copy with node_modules, default
# /tmp/bench-ws), JAVA_OPTS (default -Xmx2g), OUT (JSON lines, default $BENCH_DIR/results/recovery-<time>.jsonl).
set -euo pipefail
# shellcheck source=bench/ws-kit.sh
source "$(dirname "$0")/ws-kit.sh"
export BLUEPRINT_JAR=$JAR
export JAVA_OPTS
[ -f "$BLUEPRINT_JAR" ] || { echo "no $BLUEPRINT_JAR: build it (./mvnw -B -q package -DskipTests -pl cli -am)" >&2; exit 1; }
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
mkdir -p "$BENCH/results"
OUT=${OUT:-$BENCH/results/recovery-$(date +%Y%m%d-%H%M%S).jsonl}
echo "[ws-recovery] jar $BLUEPRINT_JAR ($(sha256sum "$BLUEPRINT_JAR" | cut -c1-12)), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
NODE_PATH="$BENCH/node_modules" node "$ROOT/bench/ws-recovery.js" --clients "${CLIENTS:-1000}" --missed "${MISSED:-1000}" \
  --runs "${RUNS:-3}" --log "${OUT%.jsonl}.server.log" | tee "$OUT"
echo "[ws-recovery] JSON lines: $OUT; server log: ${OUT%.jsonl}.server.log" >&2
