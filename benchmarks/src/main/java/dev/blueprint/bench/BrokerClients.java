package dev.blueprint.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The baselines of {@link ConnectorBench} and its broker set-up: each broker's own tool or a loop on its client library
 * with the same guarantee as the connector (publish acks, publisher confirms, manual acks), timed by {@link StepTimer}
 * after any preloading; and the streams, queues and sessions a run creates and drops.
 */
final class BrokerClients {
    /** The private brokers of this run (see {@link BenchBrokers}); set by {@link ConnectorBench} before any row. */
    static BenchBrokers brokers;

    private BrokerClients() {
    }

    private static String mqtt() {
        return brokers.mosquitto().url();
    }

    private static String nats() {
        return brokers.nats().url();
    }

    private static ConnectionFactory amqp() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(brokers.rabbitMq().url());
        return f;
    }

    private static void shell(List<String> command, String stdin) throws Exception {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        StepTimer.start();
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
        StepTimer.stop();
    }

    private static void shell(List<String> command) throws Exception {
        shell(command, null);
    }

    static void mosquittoPub(int n, String id) throws Exception {
        String lines = (ConnectorBench.BODY + "\n").repeat(n);
        shell(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(brokers.mosquitto().port()), "-l", "-q", "1", "-t", "bench/" + id),
                lines);
    }

    /** A persistent session of client bench-{id} subscribed to the topic, so that nothing published is missed. */
    static void mqttSession(String id) throws Exception {
        MqttConnectOptions durable = new MqttConnectOptions();
        durable.setCleanSession(false);
        MqttClient session = new MqttClient(mqtt(), "bench-" + id, new MemoryPersistence());
        session.connect(durable);
        session.subscribe("bench/" + id, 1);
        session.disconnect();
        session.close();
    }

    /** A persistent session, then mosquitto_sub reading n messages while {@link #publishMqtt} publishes them live. */
    static void mosquittoSub(int n, String id) throws Exception {
        mqttSession(id);
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(brokers.mosquitto().port()), "-q", "1", "-c", "-i", "bench-" + id, "-t", "bench/" + id,
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
        StepTimer.start();
        publishMqtt(n, id, lines::get);
        if (sub.waitFor() != 0) {
            throw new IllegalStateException("mosquitto_sub failed");
        }
        reader.join();
        StepTimer.stop();
    }

    /** Publishes n QoS 1 messages, at most LEAD ahead of {@code received} (the broker drops what it cannot queue). */
    static void publishMqtt(int n, String id, java.util.function.LongSupplier received) throws Exception {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(ConnectorBench.WINDOW);
        MqttAsyncClient publisher = new MqttAsyncClient(mqtt(), "bench-pub-" + id, new MemoryPersistence());
        publisher.connect(options).waitForCompletion();
        Semaphore window = new Semaphore(ConnectorBench.WINDOW);
        for (int i = 0; i < n; i++) {
            while (i - received.getAsLong() >= ConnectorBench.LEAD) {
                Thread.onSpinWait();
            }
            window.acquire();
            MqttMessage m = new MqttMessage(ConnectorBench.BODY.getBytes(StandardCharsets.UTF_8));
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
        window.acquire(ConnectorBench.WINDOW);
        publisher.disconnect().waitForCompletion();
        publisher.close();
    }

    static void stream(String id) throws Exception {
        try (Connection nc = Nats.connect(nats())) {
            nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("B" + id).subjects("bench." + id).build());
        }
    }

    static void dropStream(String id) throws Exception {
        try (Connection nc = Nats.connect(nats())) {
            nc.jetStreamManagement().deleteStream("B" + id);
        }
    }

    static void dropQueue(String id) throws Exception {
        try (com.rabbitmq.client.Connection c = amqp().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete("b" + id);
        }
    }

    static void natsPublish(int n, String id) throws Exception {
        try (Connection nc = Nats.connect(nats())) {
            JetStream js = nc.jetStream();
            Semaphore window = new Semaphore(ConnectorBench.WINDOW);
            byte[] body = ConnectorBench.BODY.getBytes(StandardCharsets.UTF_8);
            StepTimer.start();
            for (int i = 0; i < n; i++) {
                window.acquire();
                js.publishAsync("bench." + id, body, PublishOptions.builder().messageId(id + "-" + i).build())
                        .whenComplete((ack, e) -> window.release());
            }
            window.acquire(ConnectorBench.WINDOW);
            StepTimer.stop();
        }
    }

    /** Timed from the connect to the close, as the source's pipeline is (connecting, subscribing and closing included). */
    static void natsConsume(int n, String id) throws Exception {
        StepTimer.start();
        try (Connection nc = Nats.connect(nats())) {
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
        StepTimer.stop();
    }

    static void amqpPublish(int n, String id) throws Exception {
        try (com.rabbitmq.client.Connection c = amqp().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare("b" + id, true, false, false, null);
            ch.confirmSelect();
            Semaphore window = new Semaphore(ConnectorBench.WINDOW);
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
            byte[] body = ConnectorBench.BODY.getBytes(StandardCharsets.UTF_8);
            StepTimer.start();
            for (int i = 0; i < n; i++) {
                window.acquire();
                out.add(ch.getNextPublishSeqNo());
                ch.basicPublish("", "b" + id, MessageProperties.PERSISTENT_TEXT_PLAIN, body);
            }
            window.acquire(ConnectorBench.WINDOW);
            StepTimer.stop();
        }
    }

    static void amqpConsume(int n, String id) throws Exception {
        try (com.rabbitmq.client.Connection c = amqp().newConnection(); Channel ch = c.createChannel()) {
            ch.basicQos(256);
            CountDownLatch done = new CountDownLatch(n);
            StepTimer.start();
            ch.basicConsume("b" + id, false, (tag, d) -> {
                ch.basicAck(d.getEnvelope().getDeliveryTag(), false);
                done.countDown();
            }, tag -> { });
            done.await(5, TimeUnit.MINUTES);
            StepTimer.stop();
        }
    }
}
