#!/usr/bin/env bash
# Server CPU spent holding idle WebSocket connections: opens N connections with the shared load generator
# (idle mode), waits until they are all open and the server has settled, then reads the server's CPU time
# (utime + stime of /proc/PID/stat, all threads) over HOLD seconds while nothing is sent.
#   bench/idle-cpu.sh --url ws://127.0.0.1:9110/ws --pid <server pid> [--clients 5000] [--hold 10] [--label NAME]
# Env: BENCH_DIR (writable copy of the shared kit, default /tmp/bench-ws); SETTLE (seconds between the last
# connect and the measurement, default 10: JIT compilation and GC after the connect burst are not idle cost).
set -euo pipefail
BENCH=${BENCH_DIR:-/tmp/bench-ws}
URL="" PID="" CLIENTS=5000 HOLD=10 LABEL=server SETTLE=${SETTLE:-10}
while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL=$2; shift 2;;
    --pid) PID=$2; shift 2;;
    --clients) CLIENTS=$2; shift 2;;
    --hold) HOLD=$2; shift 2;;
    --label) LABEL=$2; shift 2;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
[ -n "$URL" ] && [ -n "$PID" ] || { echo "usage: $0 --url ws://HOST:PORT/ws --pid PID [--clients N] [--hold S]" >&2; exit 2; }
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
LOG=$(mktemp)
node "$BENCH/loadgen.js" idle --url "$URL" --clients "$CLIENTS" --hold $((HOLD + SETTLE + 30)) >/dev/null 2>"$LOG" &
LG=$!
trap 'kill $LG 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 600); do grep -q "connected in" "$LOG" && break; sleep 0.1; done
grep -m1 "connected in" "$LOG" >&2 || { echo "load generator did not connect" >&2; exit 1; }
sleep "$SETTLE"
t0=$(ticks "$PID")
sleep "$HOLD"
t1=$(ticks "$PID")
ms=$(( (t1 - t0) * 1000 / HZ ))
echo "{\"label\":\"$LABEL\",\"clients\":$CLIENTS,\"hold_s\":$HOLD,\"server_cpu_ms\":$ms}"
