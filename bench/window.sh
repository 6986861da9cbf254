#!/usr/bin/env bash
# Window throughput: Blueprint (KeyedReadings -> StreamProcessor window, 10,000 keys, event-time 1 s windows -> discard)
# with its state off, checkpointed to a file and to Redis (its own redis-server on a Unix socket), against a
# hand-written HashMap aggregation over the same readings and jq expressions. Prints JMH's table (records/s).
#   bench/window.sh
#   STATES=off bench/window.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -pl benchmarks -am package
STATES=${STATES:-off,file,redis}
exec java -jar benchmarks/target/benchmarks.jar WindowThroughput -p state="$STATES" -wi 3 -w 2 -i 5 -r 2 -f 1 "$@"
