package dev.blueprint.bench;

import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.validate.BlueprintLoader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Records per second through each connector's Source and Sink (an in-process pipeline: generator to the
 * sink, or the source to a discard sink), on brokers this run starts for itself ({@link BenchBrokers}), against the
 * broker's own command-line tool where the machine has one (mosquitto_pub, mosquitto_sub) and otherwise a loop on the same client library with the same
 * guarantee (JetStream publish acks, AMQP publisher confirms, manual acks), measured in the same run,
 * alternating, median of three. Run by bench/connectors.sh.
 */
public final class ConnectorBench {
    static final String BODY = "{\"n\":1,\"service\":\"api\",\"latency_ms\":42,\"msg\":\"request served\"}";
    static final int WINDOW = 1000;
    /** How far the live MQTT publisher may run ahead of the consumer: Mosquitto drops QoS 1 messages queued past its limit. */
    static final int LEAD = Integer.getInteger("bench.mqtt.lead", 200);

    private ConnectorBench() {
    }

    interface Run {
        void run(String id) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        only = args.length > 1 ? args[1] : "";
        try (BenchBrokers brokers = new BenchBrokers()) {
            BrokerClients.brokers = brokers;
            rows(n, brokers);
        }
    }

    private static void rows(int n, BenchBrokers brokers) throws Exception {
        System.out.printf("| connector | Blueprint (records/s) | baseline | baseline (records/s) | ratio |%n|---|---:|---|---:|---:|%n");
        row("mqtt Sink (QoS 1)", n, id -> pipeline(sink(n, "{variant: mqtt, url: \"" + brokers.mosquitto().url() + "\", topic: bench/" + id + ", max_in_flight: " + WINDOW + "}")),
                "mosquitto_pub -l -q 1", id -> BrokerClients.mosquittoPub(n, id));
        // the same sink against a loop on its own client library (Paho's asynchronous client, the same window): what
        // the sink costs beside the library, apart from what Paho costs beside Mosquitto's C tool
        row("mqtt Sink (QoS 1) vs its library", n, id -> pipeline(sink(n, "{variant: mqtt, url: \"" + brokers.mosquitto().url() + "\", topic: bench/" + id
                + ", max_in_flight: " + WINDOW + "}")), "Paho publish loop", id -> {
                    StepTimer.start();
                    BrokerClients.publishMqtt(n, id, () -> Long.MAX_VALUE / 2);
                    StepTimer.stop();
                });
        // Mosquitto holds at most 1000 queued QoS 1 messages per client (max_queued_messages), so the source is
        // measured live: a publisher on its own connection keeps at most LEAD ahead of what the consumer received
        row("mqtt Source (QoS 1)", n, id -> {
            BrokerClients.mqttSession(id);
            Pipeline p = build(source(n, "{variant: mqtt, url: \"" + brokers.mosquitto().url() + "\", topics: [bench/" + id + "], client_id: bench-" + id + "}"));
            p.start();
            StepTimer.start();
            BrokerClients.publishMqtt(n, id, () -> p.metrics().components().get(0).recordsOut());
            finish(p);
        }, "mosquitto_sub -q 1 -C n", id -> BrokerClients.mosquittoSub(n, id));
        row("nats Sink (JetStream)", n, id -> {
            BrokerClients.stream(id);
            pipeline(sink(n, "{variant: nats, url: \"" + brokers.nats().url() + "\", subject: bench." + id + ", jetstream: true, max_in_flight: " + WINDOW + "}"));
            BrokerClients.dropStream(id);
        }, "jnats publishAsync loop", id -> {
            BrokerClients.stream(id);
            BrokerClients.natsPublish(n, id);
            BrokerClients.dropStream(id);
        });
        row("nats Source (JetStream)", n, id -> {
            BrokerClients.stream(id);
            BrokerClients.natsPublish(n, id);
            pipeline(source(n, "{variant: nats, url: \"" + brokers.nats().url() + "\", subject: bench." + id + ", stream: B" + id + ", durable: d" + id + "}"));
            BrokerClients.dropStream(id);
        }, "jnats fetch + ack loop", id -> {
            BrokerClients.stream(id);
            BrokerClients.natsPublish(n, id);
            BrokerClients.natsConsume(n, id);
            BrokerClients.dropStream(id);
        });
        row("amqp Sink (confirms)", n, id -> {
            pipeline(sink(n, "{variant: amqp, url: \"" + brokers.rabbitMq().url() + "\", routing_key: b" + id + ", declare_queues: [b" + id + "], max_in_flight: " + WINDOW + "}"));
            BrokerClients.dropQueue(id);
        }, "amqp-client confirms loop", id -> {
            BrokerClients.amqpPublish(n, id);
            BrokerClients.dropQueue(id);
        });
        row("amqp Source (manual acks)", n, id -> {
            BrokerClients.amqpPublish(n, id);
            pipeline(source(n, "{variant: amqp, url: \"" + brokers.rabbitMq().url() + "\", queue: b" + id + ", prefetch: 256}"));
            BrokerClients.dropQueue(id);
        }, "amqp-client consume + ack loop", id -> {
            BrokerClients.amqpPublish(n, id);
            BrokerClients.amqpConsume(n, id);
            BrokerClients.dropQueue(id);
        });
    }

    private static String only = "";

    private static void row(String name, int n, Run blueprint, String baselineName, Run baseline) throws Exception {
        if (!name.startsWith(only)) {
            return;
        }
        // one untimed run of each side first, so that no measured round pays for the JIT compiling the code it runs
        rate(n, blueprint);
        rate(n, baseline);
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ours.add(rate(n, blueprint));
            theirs.add(rate(n, baseline));
        }
        double a = median(ours);
        double b = median(theirs);
        System.out.printf("| %s | %,.0f | %s | %,.0f | %.2f |%n", name, a, baselineName, b, a / b);
    }

    /** Records per second of the measured part of {@code run}; preloading is outside the timing by design of each run. */
    private static double rate(int n, Run run) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        StepTimer.reset();
        run.run(id);
        return n / (StepTimer.elapsedNanos() / 1e9);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static String sink(int n, String config) {
        return """
                system:
                  name: bench
                  components:
                    - {name: gen, type: Source, config: {rate: 0, count: %d, template: %s}}
                    - {name: out, type: Sink, config: %s}
                  bindings:
                    - {from: gen, to: out}
                """.formatted(n, BODY, config);
    }

    private static String source(int n, String config) {
        return """
                system:
                  name: bench
                  components:
                    - {name: in, type: Source, config: %s}
                    - {name: out, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: in, to: out}
                """.formatted(config.replace("}", ", count: " + n + "}"));
    }

    private static Pipeline build(String yaml) throws Exception {
        Blueprint blueprint = new BlueprintLoader(ComponentRegistry.load(List.of()), Map.of())
                .load("bench.yaml", new StringReader(yaml), List.of()).orThrow();
        return Pipeline.build(blueprint);
    }

    private static void pipeline(String yaml) throws Exception {
        Pipeline p = build(yaml);
        StepTimer.start();
        p.start();
        finish(p);
    }

    private static void finish(Pipeline p) throws Exception {
        RunOutcome outcome = p.awaitCompletion();
        StepTimer.stop();
        if (!outcome.succeeded()) {
            throw new IllegalStateException("bench pipeline failed: " + outcome);
        }
    }
}
