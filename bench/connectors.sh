#!/usr/bin/env bash
# Records/s through the mqtt, nats and amqp Source and Sink variants against the brokers on this machine
# (Mosquitto 1883, NATS+JetStream 4222, RabbitMQ 5672), each beside the broker's own CLI tool
# (mosquitto_pub, mosquitto_sub) or a loop on the same client library with the same guarantee, measured
# in the same run; prints the Markdown table BENCHMARKS.md holds. Usage: bench/connectors.sh [records] [row name prefix, e.g. "mqtt Sink"]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am -DskipTests package
java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.blueprint.bench.ConnectorBench "${1:-20000}" "${2:-}"
