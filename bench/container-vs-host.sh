#!/usr/bin/env bash
# Container image vs host JVM, side by side: the WebSocket broadcast benchmark (bench/ws-relay.sh's
# blueprints/bench-relay.yaml and the shared load generator) against the same Blueprint jar run
#   host-jdk    java -jar cli/target/blueprint.jar                    (the system JDK)
#   host-jlink  deploy/target/blueprint/runtime/bin/java -jar …       (the image's jlinked runtime, on the host)
#   container   podman run --network host <image> run bench-relay.yaml
#   container-unconfined  the same with --security-opt seccomp=unconfined (no syscall filter: what the
#               default seccomp profile costs)
# alternating in every round (host-jdk, container, host-jlink, container-unconfined, host-jdk, …), each
# server started fresh, so
# that a noisy machine hits every mode alike. Server CPU is utime+stime of the java process (measure.sh
# --pid; for the container, the java PID podman reports, which the image's entrypoint execs).
#   bench/container-vs-host.sh                               # 2 rounds, warmup + b3-1k-max
#   ROUNDS=5 MODES="host-jdk container" bench/container-vs-host.sh
# Needs: podman (the image built, see Dockerfile), Node 20 (the load generator), a JDK for host-jdk, and
# ./mvnw -pl deploy -am package for host-jlink.
# Env: ROUNDS (2), MODES ("host-jdk container host-jlink container-unconfined"), ONLY (warmup,b3-1k-max: the scenarios of
# measure.sh), IMAGE (localhost/blueprint:latest), PODMAN (podman; e.g. "podman --runtime runc
# --cgroup-manager=cgroupfs"), RELAY_PORT (9110), JAVA_OPTS (-Xmx2g, also BLUEPRINT_JAVA_OPTS of the
# container), BENCH_SRC (/work/shared/bench/ws), BENCH_DIR (/tmp/bench-ws), OUT_DIR, BLUEPRINT_JAR
# (cli/target/blueprint.jar), RUNTIME (deploy/target/blueprint/runtime).
set -euo pipefail
# shellcheck source=bench/ws-kit.sh
source "$(dirname "$0")/ws-kit.sh"
RUNTIME=${RUNTIME:-$ROOT/deploy/target/blueprint/runtime}
IMAGE=${IMAGE:-localhost/blueprint:latest}
PODMAN=${PODMAN:-podman}
ROUNDS=${ROUNDS:-2}
MODES=${MODES:-"host-jdk container host-jlink container-unconfined"}
ONLY=${ONLY:-warmup,b3-1k-max}
OUT_DIR=${OUT_DIR:-$BENCH/results/container-vs-host-$(date +%Y%m%d-%H%M%S)}

ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
NOFILE=$(ulimit -n)   # the container gets the same open-files limit as the host JVM
mkdir -p "$OUT_DIR"
echo "[container-vs-host] $(nproc) cores, open files $NOFILE, image $IMAGE ($($PODMAN image inspect --format '{{.Id}}' "$IMAGE" | cut -c1-12)), out $OUT_DIR" >&2

PID="" CID=""
cleanup() {
  [ -z "$PID" ] || [ -n "$CID" ] || kill "$PID" 2>/dev/null || true
  [ -z "$CID" ] || $PODMAN rm -f "$CID" >/dev/null 2>&1 || true
}
trap cleanup EXIT

start() { # $1 mode, $2 log → sets PID (and CID for the container)
  PID="" CID=""
  case "$1" in
    host-jdk|host-jlink)
      local java=java
      [ "$1" = host-jdk ] || java=$RUNTIME/bin/java
      # shellcheck disable=SC2086
      RELAY_PORT=$PORT BLUEPRINT_HTTP=off $java $JAVA_OPTS -jar "$JAR" run "$ROOT/blueprints/bench-relay.yaml" >"$2" 2>&1 &
      PID=$!;;
    container|container-unconfined)
      local extra=""
      [ "$1" = container ] || extra="--security-opt seccomp=unconfined"
      # shellcheck disable=SC2086
      CID=$($PODMAN run -d --rm --network host $extra --ulimit "nofile=$NOFILE:$NOFILE" --ulimit nproc=4096:4096 \
        -v "$ROOT/blueprints:/blueprints:ro" -e "RELAY_PORT=$PORT" -e BLUEPRINT_HTTP=off \
        -e "BLUEPRINT_JAVA_OPTS=$JAVA_OPTS" "$IMAGE" run bench-relay.yaml)
      PID=$($PODMAN inspect --format '{{.State.Pid}}' "$CID");;
    *) echo "unknown mode $1" >&2; exit 2;;
  esac
  for _ in $(seq 1 150); do
    curl -sf "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break
    kill -0 "$PID" 2>/dev/null || { cat "$2" >&2; $PODMAN logs "$CID" >&2 2>/dev/null; exit 1; }
    sleep 0.2
  done
  [ "$(cat "/proc/$PID/comm")" = java ] || { echo "pid $PID is $(cat "/proc/$PID/comm"), not java" >&2; exit 1; }
}

stop() { # $1 log
  if [ -n "$CID" ]; then
    $PODMAN logs "$CID" >"$1" 2>&1 || true
    $PODMAN stop -t 15 "$CID" >/dev/null 2>&1 || true
  else
    kill -TERM "$PID"; wait "$PID" || true
  fi
  PID="" CID=""
}

for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    tag=$mode-r$round
    start "$mode" "$OUT_DIR/$tag.server.log"
    echo "[container-vs-host] round $round $mode: pid $PID ($(tr '\0' ' ' <"/proc/$PID/cmdline" | cut -c1-100)), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    echo "{\"tag\":\"$tag\",\"mode\":\"$mode\",\"round\":$round,\"when\":\"$(date -u +%FT%TZ)\",\"loadavg_before\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >>"$OUT_DIR/runs.jsonl"
    ONLY=$ONLY "$BENCH/measure.sh" --url "ws://127.0.0.1:$PORT/ws" --pid "$PID" --label "$tag" --out "$OUT_DIR/results.jsonl" >/dev/null
    echo "{\"tag\":\"$tag\",\"loadavg_after\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}" >>"$OUT_DIR/runs.jsonl"
    stop "$OUT_DIR/$tag.server.log"
    sleep 3
  done
done
trap - EXIT

node "$BENCH/report.js" "$OUT_DIR/results.jsonl" | tee "$OUT_DIR/table.md"
# Per mode: CPU per delivery of every round, mean and median; then each mode against host-jdk, as the ratio of
# the means, of the medians, and the median of the per-round ratios (the modes of one round run a minute or two
# apart, so a round's ratio cancels the slower drift of the machine's load).
node - "$OUT_DIR/results.jsonl" "$OUT_DIR/runs.jsonl" <<'EOF' | tee "$OUT_DIR/summary.md"
const fs = require('fs');
const read = (f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const rows = read(process.argv[2]).filter((r) => !r.error && r.scenario !== 'warmup' && r.mode === 'broadcast');
const runs = {};
for (const r of read(process.argv[3])) runs[r.tag] = { ...runs[r.tag], ...r };
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const f2 = (x) => x.toFixed(2);
const us = (rs) => Object.values(rs).map((r) => r.server_cpu_us_per_delivery);
const by = {};
for (const r of rows) {
  const [, mode, round] = r.label.match(/^(.*)-r(\d+)$/);
  ((by[r.scenario] ??= {})[mode] ??= {})[round] = r;
}
for (const [sc, modes] of Object.entries(by)) {
  console.log(`\n### ${sc}: server CPU µs per delivery by mode\n`);
  console.log('| mode | rounds | µs/deliv per round | mean | median | deliv/s mean | srv CPU % mean | machine busy % mean | load avg (1 min) at start, per round |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const [mode, rs] of Object.entries(modes)) {
    const l = Object.values(rs);
    console.log(`| ${mode} | ${l.length} | ${us(rs).map(f2).join(', ')} | ${f2(mean(us(rs)))} | ${f2(median(us(rs)))} | ${(mean(l.map((r) => r.deliveries_per_s)) / 1e3).toFixed(0)}k | ${mean(l.map((r) => r.server_cpu_pct)).toFixed(0)} | ${mean(l.map((r) => r.machine_busy_pct)).toFixed(0)} | ${l.map((r) => (runs[r.label]?.loadavg_before || '?').split(' ')[0]).join(', ')} |`);
  }
  const base = modes['host-jdk'];
  if (!base) continue;
  console.log(`\n| ${sc}: mode / host-jdk | ratio of means | ratio of medians | per-round ratios | median per-round ratio |`);
  console.log('|---|---|---|---|---|');
  for (const [mode, rs] of Object.entries(modes)) {
    if (mode === 'host-jdk') continue;
    const per = Object.keys(rs).filter((k) => base[k]).map((k) => rs[k].server_cpu_us_per_delivery / base[k].server_cpu_us_per_delivery);
    console.log(`| ${mode} | ${(mean(us(rs)) / mean(us(base))).toFixed(3)} | ${(median(us(rs)) / median(us(base))).toFixed(3)} | ${per.map(f2).join(', ')} | ${median(per).toFixed(3)} |`);
  }
  const c = modes.container, j = modes['host-jlink'];
  if (c && j) console.log(`\ncontainer / host-jlink: ratio of means ${(mean(us(c)) / mean(us(j))).toFixed(3)}, of medians ${(median(us(c)) / median(us(j))).toFixed(3)}`);
}
EOF
echo "[container-vs-host] raw JSON lines: $OUT_DIR/results.jsonl; runs and load: $OUT_DIR/runs.jsonl" >&2
