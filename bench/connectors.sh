#!/usr/bin/env bash
# Records/s through the mqtt, nats and amqp Source and Sink variants, each beside the broker's own CLI tool
# (mosquitto_pub, mosquitto_sub) or a loop on the same client library with the same guarantee, measured in the same
# run; prints the Markdown table BENCHMARKS.md holds. The brokers (Mosquitto, NATS with JetStream, RabbitMQ) are the
# run's own, started by the test suite's broker kit from the installed binaries (./test installs them) on ports and
# in folders of their own, and removed at the end.
# Usage: bench/connectors.sh [records] [row name prefix, e.g. "mqtt Sink"]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am -DskipTests package
java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.blueprint.bench.ConnectorBench "${1:-20000}" "${2:-}"
