#!/usr/bin/env bash
# WebSocket broadcast benchmark of blueprints/bench-relay.yaml, with the shared load generator
# (bench/ws of the shared bench kit: measure.sh + loadgen.js, Node 20 + ws).
#   bench/ws-relay.sh                         # every scenario
#   ONLY=idle-10k,b3-1k-max,b4-1k-r50 bench/ws-relay.sh
# Env: BENCH_SRC (kit to copy, default /work/shared/bench/ws), BENCH_DIR (writable copy, default
# /tmp/bench-ws), RELAY_PORT (default 9110), JAVA_OPTS (default -Xmx2g, as the JVM peers get), OUT,
# BLUEPRINT_JAR (default cli/target/blueprint.jar).
# Needs ~10,000 open files for idle-10k (measure.sh raises the soft limit to the hard one).
set -euo pipefail
# shellcheck source=bench/ws-kit.sh
source "$(dirname "$0")/ws-kit.sh"

[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl cli -am)
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "[ws-relay] open-files limit: $(ulimit -n)" >&2

mkdir -p "$BENCH/results"
OUT=${OUT:-$BENCH/results/bench-relay-$(date +%Y%m%d-%H%M%S).jsonl}
LOG=${OUT%.jsonl}.server.log
# shellcheck disable=SC2086
RELAY_PORT=$PORT java $JAVA_OPTS -jar "$JAR" run "$ROOT/blueprints/bench-relay.yaml" >"$LOG" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
# ready when /ready (served on the WebSocket port itself) says so
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 0.2
done
echo "[ws-relay] bench-relay pid $PID: $(grep -m1 'listening on' "$LOG")" >&2
"$BENCH/measure.sh" --url "ws://127.0.0.1:$PORT/ws" --pid "$PID" --label bench-relay --out "$OUT" >/dev/null
kill -TERM "$PID"
wait "$PID" || true
trap - EXIT
node "$BENCH/report.js" "$OUT"
echo "[ws-relay] raw JSON lines: $OUT; server log: $LOG" >&2
