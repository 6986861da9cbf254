#!/usr/bin/env bash
# Pipeline throughput: Blueprint (generator Source -> Filter -> Transformer -> discard Sink) against a
# hand-written baseline of four threads over ArrayBlockingQueues. Prints JMH's table (records/s).
#   bench/pipeline.sh                 # both stage kinds, 5 x 2 s measurements after 3 x 2 s warm-up
#   STAGES=passthrough bench/pipeline.sh
#   STAGES=passthrough,passthrough-acknowledged bench/pipeline.sh   # what acknowledgement tracking costs
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -pl benchmarks -am package
STAGES=${STAGES:-passthrough,jq}
exec java -jar benchmarks/target/benchmarks.jar PipelineThroughput -p stages="$STAGES" -wi 3 -w 2 -i 5 -r 2 -f 1 "$@"
