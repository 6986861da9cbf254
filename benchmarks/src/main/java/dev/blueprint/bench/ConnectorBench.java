package dev.blueprint.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.validate.BlueprintLoader;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.StreamConfiguration;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Records per second through each connector's Source and Sink (an in-process pipeline: generator to the
 * sink, or the source to a discard sink), against the broker's own command-line tool where the machine
 * has one (mosquitto_pub, mosquitto_sub) and otherwise a loop on the same client library with the same
 * guarantee (JetStream publish acks, AMQP publisher confirms, manual acks), measured in the same run,
 * alternating, median of three. Run by bench/connectors.sh.
 */
public final class ConnectorBench {
    private static final String BODY = "{\"n\":1,\"service\":\"api\",\"latency_ms\":42,\"msg\":\"request served\"}";
    private static final int WINDOW = 1000;
    /** How far the live MQTT publisher may run ahead of the consumer: Mosquitto drops QoS 1 messages queued past its limit. */
    private static final int LEAD = Integer.getInteger("bench.mqtt.lead", 200);

    private ConnectorBench() {
    }

    interface Run {
        void run(String id) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        only = args.length > 1 ? args[1] : "";
        System.out.printf("| connector | Blueprint (records/s) | baseline | baseline (records/s) | ratio |%n|---|---:|---|---:|---:|%n");
        row("mqtt Sink (QoS 1)", n, id -> pipeline(sink(n, "{variant: mqtt, topic: bench/" + id + ", max_in_flight: " + WINDOW + "}")),
                "mosquitto_pub -l -q 1", id -> mosquittoPub(n, id));
        // Mosquitto holds at most 1000 queued QoS 1 messages per client (max_queued_messages), so the source is
        // measured live: a publisher on its own connection keeps at most LEAD ahead of what the consumer received
        row("mqtt Source (QoS 1)", n, id -> {
            mqttSession(id);
            Pipeline p = build(source(n, "{variant: mqtt, topics: [bench/" + id + "], client_id: bench-" + id + "}"));
            p.start();
            Timer.start();
            publishMqtt(n, id, () -> p.metrics().components().get(0).recordsOut());
            finish(p);
        }, "mosquitto_sub -q 1 -C n", id -> {
            mqttSession(id);
            Process sub = new ProcessBuilder("mosquitto_sub", "-q", "1", "-c", "-i", "bench-" + id, "-t", "bench/" + id,
                    "-C", Integer.toString(n)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            java.util.concurrent.atomic.AtomicLong lines = new java.util.concurrent.atomic.AtomicLong();
            Thread reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))) {
                    while (in.readLine() != null) {
                        lines.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            reader.start();
            Timer.start();
            publishMqtt(n, id, lines::get);
            if (sub.waitFor() != 0) {
                throw new IllegalStateException("mosquitto_sub failed");
            }
            reader.join();
            Timer.stop();
        });
        row("nats Sink (JetStream)", n, id -> {
            stream(id);
            pipeline(sink(n, "{variant: nats, subject: bench." + id + ", jetstream: true, max_in_flight: " + WINDOW + "}"));
            dropStream(id);
        }, "jnats publishAsync loop", id -> {
            stream(id);
            natsPublish(n, id);
            dropStream(id);
        });
        row("nats Source (JetStream)", n, id -> {
            stream(id);
            natsPublish(n, id);
            pipeline(source(n, "{variant: nats, subject: bench." + id + ", stream: B" + id + ", durable: d" + id + "}"));
            dropStream(id);
        }, "jnats fetch + ack loop", id -> {
            stream(id);
            natsPublish(n, id);
            natsConsume(n, id);
            dropStream(id);
        });
        row("amqp Sink (confirms)", n, id -> {
            pipeline(sink(n, "{variant: amqp, routing_key: b" + id + ", declare_queues: [b" + id + "], max_in_flight: " + WINDOW + "}"));
            dropQueue(id);
        }, "amqp-client confirms loop", id -> {
            amqpPublish(n, id);
            dropQueue(id);
        });
        row("amqp Source (manual acks)", n, id -> {
            amqpPublish(n, id);
            pipeline(source(n, "{variant: amqp, queue: b" + id + ", prefetch: 256}"));
            dropQueue(id);
        }, "amqp-client consume + ack loop", id -> {
            amqpPublish(n, id);
            amqpConsume(n, id);
            dropQueue(id);
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
        Timer.reset();
        run.run(id);
        return n / (Timer.elapsedNanos() / 1e9);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    /** The timing of the measured step, started after any preloading. */
    static final class Timer {
        private static long start;
        private static long elapsed;

        static void reset() {
            elapsed = 0;
        }

        static void start() {
            start = System.nanoTime();
        }

        static void stop() {
            elapsed = System.nanoTime() - start;
        }

        static long elapsedNanos() {
            return elapsed;
        }
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
        Timer.start();
        p.start();
        finish(p);
    }

    private static void finish(Pipeline p) throws Exception {
        RunOutcome outcome = p.awaitCompletion();
        Timer.stop();
        if (!outcome.succeeded()) {
            throw new IllegalStateException("bench pipeline failed: " + outcome);
        }
    }

    private static void shell(List<String> command, String stdin) throws Exception {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Timer.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            p.getOutputStream().close();
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed");
        }
        Timer.stop();
    }

    private static void shell(List<String> command) throws Exception {
        shell(command, null);
    }

    private static void mosquittoPub(int n, String id) throws Exception {
        String lines = (BODY + "\n").repeat(n);
        shell(List.of("mosquitto_pub", "-l", "-q", "1", "-t", "bench/" + id), lines);
    }

    /** A persistent session of client bench-{id} subscribed to the topic, so that nothing published is missed. */
    private static void mqttSession(String id) throws Exception {
        MqttConnectOptions durable = new MqttConnectOptions();
        durable.setCleanSession(false);
        MqttClient session = new MqttClient("tcp://127.0.0.1:1883", "bench-" + id, new MemoryPersistence());
        session.connect(durable);
        session.subscribe("bench/" + id, 1);
        session.disconnect();
        session.close();
    }

    /** Publishes n QoS 1 messages, at most LEAD ahead of {@code received} (the broker drops what it cannot queue). */
    private static void publishMqtt(int n, String id, java.util.function.LongSupplier received) throws Exception {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(WINDOW);
        MqttAsyncClient publisher = new MqttAsyncClient("tcp://127.0.0.1:1883", "bench-pub-" + id, new MemoryPersistence());
        publisher.connect(options).waitForCompletion();
        Semaphore window = new Semaphore(WINDOW);
        for (int i = 0; i < n; i++) {
            while (i - received.getAsLong() >= LEAD) {
                Thread.onSpinWait();
            }
            window.acquire();
            MqttMessage m = new MqttMessage(BODY.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            publisher.publish("bench/" + id, m, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken t) {
                    window.release();
                }

                public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken t, Throwable e) {
                    window.release();
                }
            });
        }
        window.acquire(WINDOW);
        publisher.disconnect().waitForCompletion();
        publisher.close();
    }

    private static void stream(String id) throws Exception {
        try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("B" + id).subjects("bench." + id).build());
        }
    }

    private static void dropStream(String id) throws Exception {
        try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
            nc.jetStreamManagement().deleteStream("B" + id);
        }
    }

    private static void dropQueue(String id) throws Exception {
        try (com.rabbitmq.client.Connection c = new ConnectionFactory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete("b" + id);
        }
    }

    private static void natsPublish(int n, String id) throws Exception {
        try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
            JetStream js = nc.jetStream();
            Semaphore window = new Semaphore(WINDOW);
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            Timer.start();
            for (int i = 0; i < n; i++) {
                window.acquire();
                js.publishAsync("bench." + id, body, PublishOptions.builder().messageId(id + "-" + i).build())
                        .whenComplete((ack, e) -> window.release());
            }
            window.acquire(WINDOW);
            Timer.stop();
        }
    }

    /** Timed from the connect to the close, as the source's pipeline is (connecting, subscribing and closing included). */
    private static void natsConsume(int n, String id) throws Exception {
        Timer.start();
        try (Connection nc = Nats.connect("nats://127.0.0.1:4222")) {
            JetStreamSubscription sub = nc.jetStream().subscribe("bench." + id,
                    PullSubscribeOptions.builder().stream("B" + id).durable("base" + id).build());
            int got = 0;
            while (got < n) {
                for (Message m : sub.fetch(Math.min(100, n - got), java.time.Duration.ofMillis(250))) {
                    m.ack();
                    got++;
                }
            }
        }
        Timer.stop();
    }

    private static void amqpPublish(int n, String id) throws Exception {
        try (com.rabbitmq.client.Connection c = new ConnectionFactory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("b" + id, true, false, false, null);
            ch.confirmSelect();
            Semaphore window = new Semaphore(WINDOW);
            java.util.concurrent.ConcurrentSkipListSet<Long> out = new java.util.concurrent.ConcurrentSkipListSet<>();
            ch.addConfirmListener(new ConfirmListener() {
                public void handleAck(long tag, boolean multiple) {
                    release(tag, multiple);
                }

                public void handleNack(long tag, boolean multiple) {
                    release(tag, multiple);
                }

                private void release(long tag, boolean multiple) {
                    var done = multiple ? out.headSet(tag, true) : out.subSet(tag, true, tag, true);
                    int k = done.size();
                    done.clear();
                    window.release(k);
                }
            });
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            Timer.start();
            for (int i = 0; i < n; i++) {
                window.acquire();
                out.add(ch.getNextPublishSeqNo());
                ch.basicPublish("", "b" + id, MessageProperties.PERSISTENT_TEXT_PLAIN, body);
            }
            window.acquire(WINDOW);
            Timer.stop();
        }
    }

    private static void amqpConsume(int n, String id) throws Exception {
        try (com.rabbitmq.client.Connection c = new ConnectionFactory().newConnection(); Channel ch = c.createChannel()) {
            ch.basicQos(256);
            CountDownLatch done = new CountDownLatch(n);
            Timer.start();
            ch.basicConsume("b" + id, false, (tag, d) -> {
                ch.basicAck(d.getEnvelope().getDeliveryTag(), false);
                done.countDown();
            }, tag -> { });
            done.await(5, TimeUnit.MINUTES);
            Timer.stop();
        }
    }
}
