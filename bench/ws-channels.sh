#!/usr/bin/env bash
# CPU per delivery of channel records, with and without history (issue 22), with the shared broadcast load
# generator (bench/ws of the shared bench kit: measure.sh + loadgen.js, Node 20 + ws), like bench/ws-relay.sh.
# Three relay blueprints, each started fresh for every run, run side by side in alternation (a b c a b c ...):
#   a  blueprints/bench-relay.yaml           channels off (as before)
#   b  blueprints/bench-relay-channel.yaml   every record on channel "feed", every client on ?channel=feed, no history
#   c  blueprints/bench-relay-history.yaml   the same with history: {size: 1000, ttl: 5m}
#   d  blueprints/bench-relay-history-envelope.yaml   c with envelope: true (what a recovering client needs)
#   bench/ws-channels.sh                                   # 2 rounds of warmup, b3-1k-max, b4-1k-r50
#   ROUNDS=3 ONLY=warmup,b3-1k-max bench/ws-channels.sh
# Env: BLUEPRINT_JAR (default cli/target/blueprint.jar; copy it elsewhere first so a rebuild cannot change it
# mid-run), BENCH_SRC (kit to copy, default /work/shared/bench/ws), BENCH_DIR (writable copy, default
# /tmp/bench-ws), RELAY_PORT (default 9110), JAVA_OPTS (default -Xmx2g), ROUNDS (default 2), VARIANTS (default
# "a b c"; add d), ONLY (scenarios, default warmup,b3-1k-max,b4-1k-r50), OUT_DIR (default $BENCH_DIR/results/channels-<time>),
# EXTRA (scenarios of this script's own after ONLY's, as "name|loadgen arguments|bound", ';' between them), e.g. a
# low fan-out one, where per-record costs (offsets, history) weigh 20 times more per delivery than at b3's 1,000:
#   ONLY=warmup EXTRA="b5-50-max|broadcast --clients 50 --messages 20000 --rate 0 --window 50 --size 100 --timeout 90|150"
# Prints bench/ws-channels-report.js's tables: per run, and the ratios b/a, c/b and d/b within each round.
set -euo pipefail
# shellcheck source=bench/ws-kit.sh
source "$(dirname "$0")/ws-kit.sh"
ROUNDS=${ROUNDS:-2}
VARIANTS=${VARIANTS:-"a b c"}
export ONLY=${ONLY:-warmup,b3-1k-max,b4-1k-r50}
OUT_DIR=${OUT_DIR:-$BENCH/results/channels-$(date +%Y%m%d-%H%M%S)}

[ -f "$JAR" ] || { echo "no $JAR: build it (./mvnw -B -q package -DskipTests -pl cli -am)" >&2; exit 1; }
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
mkdir -p "$OUT_DIR"
echo "[ws-channels] jar $JAR ($(sha256sum "$JAR" | cut -c1-12)), results in $OUT_DIR" >&2

blueprint() { case $1 in a) echo bench-relay.yaml;; b) echo bench-relay-channel.yaml;; c) echo bench-relay-history.yaml;; d) echo bench-relay-history-envelope.yaml;; esac; }
query() { case $1 in a) echo "";; *) echo "?channel=feed";; esac; }

PID=""
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null || true' EXIT
for round in $(seq 1 "$ROUNDS"); do
  for v in $VARIANTS; do
    label=$v-r$round
    log=$OUT_DIR/$label.server.log
    # shellcheck disable=SC2086
    RELAY_PORT=$PORT java $JAVA_OPTS -jar "$JAR" run "$ROOT/blueprints/$(blueprint "$v")" >"$log" 2>&1 &
    PID=$!
    for _ in $(seq 1 150); do
      curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
      kill -0 "$PID" 2>/dev/null || { cat "$log" >&2; exit 1; }
      sleep 0.2
    done
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "[ws-channels] $(date -u +%H:%M:%S) $label pid $PID load $load0" >&2
    "$BENCH/measure.sh" --url "ws://127.0.0.1:$PORT/ws$(query "$v")" --pid "$PID" --label "$label" --out "$OUT_DIR/$label.jsonl" >/dev/null
    IFS=';' read -ra extra <<<"${EXTRA:-}"
    for e in "${extra[@]}"; do
      IFS='|' read -r name largs bound <<<"$e"
      echo "[ws-channels] $label $name: $largs" >&2
      # shellcheck disable=SC2086
      (cd "$BENCH" && timeout -k 5 "$bound" node loadgen.js $largs --url "ws://127.0.0.1:$PORT/ws$(query "$v")" --pid "$PID" --label "$label") \
        | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const o=JSON.parse(s);o.scenario=process.argv[1];console.log(JSON.stringify(o));})' "$name" >>"$OUT_DIR/$label.jsonl" \
        || echo "{\"label\":\"$label\",\"scenario\":\"$name\",\"error\":\"loadgen failed\"}" >>"$OUT_DIR/$label.jsonl"
      sleep 3
    done
    load1=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "{\"label\":\"$label\",\"variant\":\"$v\",\"round\":$round,\"blueprint\":\"$(blueprint "$v")\",\"loadavg_before\":\"$load0\",\"loadavg_after\":\"$load1\",\"ended\":\"$(date -u +%FT%TZ)\"}" >>"$OUT_DIR/runs.jsonl"
    kill -TERM "$PID"
    wait "$PID" || true
    PID=""
    sleep 2
  done
done
trap - EXIT
node "$ROOT/bench/ws-channels-report.js" "$OUT_DIR" | tee "$OUT_DIR/table.md"
