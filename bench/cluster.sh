#!/usr/bin/env bash
# Broadcast throughput through two Blueprint instances sharing Redis (the WebSocket `cluster` block) against
# one instance, with the same clients in total, using the shared load generator (bench/ws of the bench kit:
# loadgen.js, Node 20 + ws). Every configuration runs blueprints/bench-relay.yaml behind the same round-robin
# TCP balancer (bench/lb.js), so the extra hop costs all of them alike:
#   one          one instance, no cluster block
#   one-cluster  one instance with the cluster block (its cost alone: every broadcast also goes to Redis)
#   two-cluster  two instances with the cluster block; the balancer alternates new connections between them
# Usage:
#   bench/cluster.sh                                   # every configuration, scenarios b3-1k-max and b4-1k-r50
#   CONFIGS="one two-cluster" SCENARIOS="b4-1k-r50" bench/cluster.sh
# Env: REDIS_URL (default redis://127.0.0.1:6379), BENCH_SRC (kit, default /work/shared/bench/ws),
# BENCH_DIR (writable copy, default /tmp/bench-ws), BASE_PORT (default 9120: instances BASE_PORT and
# BASE_PORT+2, balancer BASE_PORT+10), JAVA_OPTS (default -Xmx2g), REPEAT (runs per scenario, default 1),
# BLUEPRINT_JAR (default cli/target/blueprint.jar).
# Prints one table (configuration × scenario) with deliveries/s, latency, and the CPU of the instances, of
# Redis and of the balancer per delivery; raw JSON lines go to $BENCH_DIR/results/cluster-*.jsonl.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=${BENCH_SRC:-/work/shared/bench/ws}
BENCH=${BENCH_DIR:-/tmp/bench-ws}
BASE=${BASE_PORT:-9120}
LB_PORT=$((BASE + 10))
JAVA_OPTS=${JAVA_OPTS:-"-Xmx2g"}
JAR=${BLUEPRINT_JAR:-$ROOT/cli/target/blueprint.jar}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
CONFIGS=${CONFIGS:-"one one-cluster two-cluster"}
SCENARIOS=${SCENARIOS:-"b3-1k-max b4-1k-r50"}
REPEAT=${REPEAT:-1}

# scenario name -> loadgen arguments (the same as measure.sh's)
declare -A ARGS=(
  [warmup]="broadcast --clients 100 --messages 2000 --rate 0 --size 100 --timeout 30"
  [b1-1k-r1000]="broadcast --clients 1000 --messages 2000 --rate 1000 --size 100 --timeout 60"
  [b2-5k-r100]="broadcast --clients 5000 --messages 200 --rate 100 --size 100 --timeout 60"
  [b3-1k-max]="broadcast --clients 1000 --messages 5000 --rate 0 --window 50 --size 100 --timeout 90"
  [b4-1k-r50]="broadcast --clients 1000 --messages 500 --rate 50 --size 100 --timeout 60"
)

if [ ! -d "$BENCH" ]; then cp -r "$SRC" "$BENCH"; chmod -R u+w "$BENCH"; fi
[ -d "$BENCH/node_modules/ws" ] || (cd "$BENCH" && npm install --no-audit --no-fund)
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl cli -am)
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
redis_host_port=${REDIS_URL#*://}; redis_host_port=${redis_host_port#*@}; redis_host_port=${redis_host_port%%/*}
REDIS_PID=$(redis-cli -u "$REDIS_URL" info server | tr -d '\r' | sed -n 's/^process_id://p')
[ -n "$REDIS_PID" ] || { echo "[cluster] no Redis answers at $REDIS_URL" >&2; exit 1; }
echo "[cluster] redis $redis_host_port (pid $REDIS_PID), open-files limit $(ulimit -n)" >&2

mkdir -p "$BENCH/results"
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$BENCH/results/cluster-$STAMP.jsonl
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

cpu_s() { # utime+stime of the given pids, in seconds (all threads)
  local total=0 p f
  for p in "$@"; do
    f=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null) || continue
    total=$((total + $(echo "$f" | awk '{print $12 + $13}')))
  done
  echo "scale=2; $total / 100" | bc
}

start_instance() { # port, cluster channel ('' = no cluster) -> pid
  local port=$1 channel=$2 log=$BENCH/results/cluster-$STAMP-$1.server.log
  local set=()
  [ -z "$channel" ] || set=(--set "relay.cluster.redis_url=$REDIS_URL" --set "relay.cluster.channel=$channel")
  # shellcheck disable=SC2086
  RELAY_PORT=$port java $JAVA_OPTS -jar "$JAR" run "$ROOT/blueprints/bench-relay.yaml" "${set[@]}" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 150); do
    grep -q 'listening on' "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$pid"
}

for config in $CONFIGS; do
  channel=""
  case $config in
    one) ports=("$BASE");;
    one-cluster) ports=("$BASE"); channel="bench:cluster:$STAMP:$config";;
    two-cluster) ports=("$BASE" $((BASE + 2))); channel="bench:cluster:$STAMP:$config";;
    *) echo "unknown configuration $config (one, one-cluster, two-cluster)" >&2; exit 2;;
  esac
  inst=()
  for port in "${ports[@]}"; do
    pid=$(start_instance "$port" "$channel")
    [ -n "$pid" ] || { echo "[cluster] instance on $port did not start" >&2; exit 1; }
    PIDS+=("$pid"); inst+=("$pid")
  done
  node "$ROOT/bench/lb.js" "$LB_PORT" "${ports[@]}" >"$BENCH/results/cluster-$STAMP-lb.log" 2>&1 &
  LB=$!; PIDS+=("$LB")
  for _ in $(seq 1 50); do grep -q 'lb listening' "$BENCH/results/cluster-$STAMP-lb.log" && break; sleep 0.1; done
  echo "[cluster] $config: instances ${inst[*]} on ${ports[*]}, balancer $LB on $LB_PORT" >&2
  # shellcheck disable=SC2086
  node "$BENCH/loadgen.js" ${ARGS[warmup]} --url "ws://127.0.0.1:$LB_PORT/ws" --pid "${inst[0]}" --label warmup >/dev/null
  for scenario in $SCENARIOS; do
    [ -n "${ARGS[$scenario]:-}" ] || { echo "unknown scenario $scenario" >&2; exit 2; }
    for run in $(seq 1 "$REPEAT"); do
      sleep 3 # let the servers drop the previous scenario's sockets
      i0=$(cpu_s "${inst[@]}"); r0=$(cpu_s "$REDIS_PID"); l0=$(cpu_s "$LB")
      # shellcheck disable=SC2086
      line=$(node "$BENCH/loadgen.js" ${ARGS[$scenario]} --url "ws://127.0.0.1:$LB_PORT/ws" --pid "${inst[0]}" --label "$config")
      i1=$(cpu_s "${inst[@]}"); r1=$(cpu_s "$REDIS_PID"); l1=$(cpu_s "$LB")
      echo "$line" | node -e '
        let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
          const o = JSON.parse(s); const [scenario, config, run, n, inst, redis, lb] = process.argv.slice(1);
          const per = (cpu) => o.deliveries_received ? +(cpu * 1e6 / o.deliveries_received).toFixed(3) : null;
          Object.assign(o, { scenario, config, run: +run, instances: +n, instances_cpu_s: +inst, redis_cpu_s: +redis, lb_cpu_s: +lb,
            instances_cpu_us_per_delivery: per(+inst), redis_cpu_us_per_delivery: per(+redis), lb_cpu_us_per_delivery: per(+lb) });
          console.log(JSON.stringify(o));
        });' "$scenario" "$config" "$run" "${#inst[@]}" "$(echo "$i1 - $i0" | bc)" "$(echo "$r1 - $r0" | bc)" "$(echo "$l1 - $l0" | bc)" \
        | tee -a "$OUT" >&2
    done
  done
  kill -TERM "${inst[@]}" "$LB" 2>/dev/null || true
  for p in "${inst[@]}" "$LB"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
done
trap - EXIT

node -e '
  const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
  const f = (x, d = 1) => x === null || x === undefined ? "–" : Number(x).toFixed(d);
  console.log("| configuration | scenario | run | clients | delivered | deliveries/s | p50 ms | p99 ms | instances CPU µs/delivery | Redis CPU µs/delivery | balancer CPU µs/delivery | loadgen max thread % |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.config} (${r.instances}) | ${r.scenario} | ${r.run} | ${r.clients_connected} | ${f(100 * r.delivery_ratio, 2)}% | ${r.deliveries_per_s} | ${f(r.lat_p50_ms)} | ${f(r.lat_p99_ms)} | ${f(r.instances_cpu_us_per_delivery, 2)} | ${f(r.redis_cpu_us_per_delivery, 2)} | ${f(r.lb_cpu_us_per_delivery, 2)} | ${f(r.loadgen_max_thread_cpu_pct, 0)} |`);
' "$OUT"
echo "[cluster] raw JSON lines: $OUT" >&2
