#!/usr/bin/env bash
# Records/s through the kafka Source and Sink and the postgres Sink, each beside a loop on the same client library
# with the same guarantee (KafkaPostgresBench), against a Kafka broker (KRaft, from the broker's Maven jars) and a
# PostgreSQL server that this script starts privately, on ports and folders of their own, and removes at the end.
# Prints the Markdown table BENCHMARKS.md holds. Usage: bench/kafka-postgres.sh [records] [row name prefix, e.g. postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
# each module writes its test classpath to its target/; the components' holds the broker's jars (kafka_2.13, test scope)
./mvnw -B -q -pl benchmarks -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test.classpath
work=$(mktemp -d /tmp/bench-kafka-postgres.XXXXXX)
chmod 711 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# Kafka: the controller on a port picked below the ephemeral range, the clients' listener on port 0, read back
cp=$(cat components/target/test.classpath)
controller=$((20000 + RANDOM % 12000))
cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:0
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/kafka
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
PROPS
# the broker logs through Logback (on the classpath): WARN only, or its DEBUG lines would cost more than the bench
printf '<configuration><appender name="o" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%%msg%%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="o"/></root></configuration>' > "$work/logback.xml"
java -Dlogback.configurationFile="$work/logback.xml" -cp "$cp" kafka.tools.StorageTool format -t AAAAAAAAAAAAAAAAAAAAAA -c "$work/server.properties" > "$work/kafka.log" 2>&1
java -Xmx1g -Dlogback.configurationFile="$work/logback.xml" -cp "$cp" kafka.Kafka "$work/server.properties" >> "$work/kafka.log" 2>&1 &
kpid=$!; pids+=("$kpid")
for _ in $(seq 1 120); do
  port=$(ss -ltnpH | grep "pid=$kpid," | awk '{print $4}' | sed 's/.*://' | grep -v "^$controller$" | head -1 || true)
  [ -n "$port" ] && break; sleep 0.5
done
[ -n "$port" ] || { echo "Kafka did not start; see $work/kafka.log" >&2; exit 1; }

# PostgreSQL: initdb in the work folder, run as the postgres user when this is root; the port read from postmaster.pid
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as=(); [ "$(id -u)" -eq 0 ] && { chown postgres "$work"; as=(setpriv --reuid=postgres --regid=postgres --init-groups --); }
"${as[@]}" "$pgbin/initdb" -D "$work/pg" -U postgres -A trust --no-sync >/dev/null
pgport=$((20000 + RANDOM % 12000))
"${as[@]}" "$pgbin/postgres" -D "$work/pg" -p "$pgport" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$work" \
  > "$work/pg.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 60); do [ "$(sed -n 8p "$work/pg/postmaster.pid" 2>/dev/null | tr -d ' ')" = ready ] && break; sleep 0.5; done
pgport=$(sed -n 4p "$work/pg/postmaster.pid")

KAFKA_BOOTSTRAP=127.0.0.1:$port PG_URL="jdbc:postgresql://127.0.0.1:$pgport/postgres?user=postgres" \
  java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp benchmarks/target/benchmarks.jar dev.blueprint.bench.KafkaPostgresBench "${1:-100000}" "${2:-}"
