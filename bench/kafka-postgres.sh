#!/usr/bin/env bash
# Records/s through the kafka Source and Sink and the postgres Sink, each beside a loop on the same client library
# with the same guarantee (KafkaPostgresBench), against a Kafka broker (KRaft, from the broker's Maven jars, tuned as
# in production) and a PostgreSQL server (initdb) that the run starts for itself with the test suite's broker kit, on
# ports and in folders of their own, and removes at the end.
# Prints the Markdown table BENCHMARKS.md holds. Usage: bench/kafka-postgres.sh [records] [row name prefix, e.g. postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
# the benchmarks module's test class path holds the broker's jars (kafka_2.13, test scope), which the kit runs in a child JVM
./mvnw -B -q -pl benchmarks -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test.classpath
java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "benchmarks/target/benchmarks.jar:$(cat benchmarks/target/test.classpath)" \
  dev.blueprint.bench.KafkaPostgresBench "${1:-100000}" "${2:-}"
