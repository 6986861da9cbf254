package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.SharedBrokers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes stay bytes: random bytes published to a broker (MQTT, NATS, Redis, RabbitMQ), read by its source and written back by its sink through
 * the CLI jar, arrive as they were sent (real clients, the test kit's brokers). Each blueprint relays two ways: with
 * {@code payload: auto} (the default: bytes that are not UTF-8 travel as base64 with {@code "binary": true}) and with
 * {@code payload: binary} (every message as base64, the empty one and those that happen to be UTF-8 too).
 */
@Timeout(180)
class BinaryPayloadIT {
    private static final int MESSAGES = 40;
    private static final String RELAY = """
            system:
              name: bytes
              components:
                - {name: auto_in, type: Source, config: {variant: %1$s, %2$s}}
                - {name: auto_out, type: Sink, config: {variant: %1$s, %3$s, payload_field: data}}
                - {name: bin_in, type: Source, config: {variant: %1$s, payload: binary, %4$s}}
                - {name: bin_out, type: Sink, config: {variant: %1$s, %5$s, payload_field: data}}
              bindings:
                - {from: auto_in, to: auto_out}
                - {from: bin_in, to: bin_out}
            """;

    @TempDir
    Path dir;

    private final Random random = new Random(26);
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    /** Bytes that are almost surely not UTF-8 (the issue's own first), of 16 bytes and more. */
    private List<byte[]> notText() {
        List<byte[]> all = new ArrayList<>();
        all.add(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3, (byte) 0x80, (byte) 0xc3, 0x28, 0, 0, 0, 0, 0, 0, 0});
        while (all.size() < MESSAGES) {
            all.add(bytes(16 + random.nextInt(1024)));
        }
        return all;
    }

    /** Any bytes at all: empty, one byte, short runs that may well be UTF-8 or JSON ("5", " 7"). */
    private List<byte[]> anyBytes() {
        List<byte[]> all = new ArrayList<>();
        all.add(new byte[0]);
        all.add(" 7".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        while (all.size() < MESSAGES) {
            all.add(bytes(random.nextInt(64)));
        }
        return all;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static List<String> hex(List<byte[]> all) {
        return all.stream().map(HexFormat.of()::formatHex).toList();
    }

    /** Starts the relay and waits until it is ready (its subscriptions made). */
    private CliRunner.Running relay(String variant, String autoIn, String autoOut, String binIn, String binOut) throws Exception {
        Path bp = CliRunner.write(dir, variant + ".yaml", RELAY.formatted(variant, autoIn, autoOut, binIn, binOut));
        CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString());
        int ops = run.opsPort();
        await("the relay is ready").atMost(Duration.ofSeconds(30)).until(() -> CliRunner.httpGet(ops, "/ready").statusCode() == 200);
        return run;
    }

    private static void assertRelayed(CliRunner.Running run, List<byte[]> received, List<byte[]> sent) {
        await("every message relayed").atMost(Duration.ofSeconds(30)).until(() -> received.size() >= sent.size());
        assertThat(hex(received)).as(run.stderr()).containsExactlyInAnyOrderElementsOf(hex(sent));
    }

    @Test
    void mqttRelaysRandomBytesUnchanged() throws Exception {
        String url = SharedBrokers.mosquitto().url();
        String t = "bpit/" + id;
        MqttClient client = new MqttClient(url, "bpit-bytes-" + id, new MemoryPersistence());
        client.connect();
        List<byte[]> autoOut = new CopyOnWriteArrayList<>();
        List<byte[]> binOut = new CopyOnWriteArrayList<>();
        client.subscribe(t + "/auto/out", 1, (topic, m) -> autoOut.add(m.getPayload()));
        client.subscribe(t + "/bin/out", 1, (topic, m) -> binOut.add(m.getPayload()));
        String on = "url: \"" + url + "\", ";
        try (CliRunner.Running run = relay("mqtt", on + "topics: [\"" + t + "/auto/in\"]", on + "topic: \"" + t + "/auto/out\"",
                on + "topics: [\"" + t + "/bin/in\"]", on + "topic: \"" + t + "/bin/out\"")) {
            List<byte[]> text = notText();
            List<byte[]> any = anyBytes();
            for (byte[] b : text) {
                client.publish(t + "/auto/in", new MqttMessage(b));
            }
            for (byte[] b : any) {
                client.publish(t + "/bin/in", new MqttMessage(b));
            }
            assertRelayed(run, autoOut, text);
            assertRelayed(run, binOut, any);
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    void natsRelaysRandomBytesUnchanged() throws Exception {
        String url = SharedBrokers.nats().url();
        String s = "bpit." + id;
        try (Connection nats = Nats.connect(url)) {
            List<byte[]> autoOut = new CopyOnWriteArrayList<>();
            List<byte[]> binOut = new CopyOnWriteArrayList<>();
            Dispatcher d = nats.createDispatcher();
            d.subscribe(s + ".auto.out", m -> autoOut.add(m.getData()));
            d.subscribe(s + ".bin.out", m -> binOut.add(m.getData()));
            nats.flush(Duration.ofSeconds(5));
            String on = "url: \"" + url + "\", ";
            try (CliRunner.Running run = relay("nats", on + "subject: " + s + ".auto.in", on + "subject: " + s + ".auto.out",
                    on + "subject: " + s + ".bin.in", on + "subject: " + s + ".bin.out")) {
                List<byte[]> text = notText();
                List<byte[]> any = anyBytes();
                text.forEach(b -> nats.publish(s + ".auto.in", b));
                any.forEach(b -> nats.publish(s + ".bin.in", b));
                nats.flush(Duration.ofSeconds(5));
                assertRelayed(run, autoOut, text);
                assertRelayed(run, binOut, any);
            }
        }
    }

    @Test
    void redisPubSubAndStreamsRelayRandomBytesUnchanged() throws Exception {
        String url = SharedBrokers.redis().url();
        String k = "bpit:" + id;
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        RedisClient redis = RedisClient.create(url);
        try (StatefulRedisPubSubConnection<String, byte[]> sub = redis.connectPubSub(codec);
                StatefulRedisConnection<String, byte[]> commands = redis.connect(codec)) {
            List<byte[]> autoOut = new CopyOnWriteArrayList<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, byte[] message) {
                    autoOut.add(message);
                }
            });
            sub.sync().subscribe(k + ":auto:out");
            String on = "url: \"" + url + "\", ";
            // pub/sub with payload auto; a stream read by a consumer group with payload binary, written to another stream
            try (CliRunner.Running run = relay("redis", on + "channels: [\"" + k + ":auto:in\"]", on + "channel: \"" + k + ":auto:out\"",
                    on + "mode: stream, stream: \"" + k + ":bin:in\"", on + "stream: \"" + k + ":bin:out\"")) {
                List<byte[]> text = notText();
                List<byte[]> any = anyBytes();
                text.forEach(b -> commands.sync().publish(k + ":auto:in", b));
                any.forEach(b -> commands.sync().xadd(k + ":bin:in", Map.of("data", b)));
                assertRelayed(run, autoOut, text);
                List<byte[]> binOut = new ArrayList<>();
                await("the stream holds every entry").atMost(Duration.ofSeconds(30))
                        .until(() -> commands.sync().xlen(k + ":bin:out") >= any.size());
                commands.sync().xread(XReadArgs.Builder.count(any.size() + 10), XReadArgs.StreamOffset.from(k + ":bin:out", "0"))
                        .forEach(m -> binOut.add(m.getBody().get("data")));
                assertRelayed(run, binOut, any);
            }
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void amqpRelaysRandomBytesUnchanged() throws Exception {
        String url = SharedBrokers.rabbitMq().url();
        String q = "bpit-bytes-" + id;
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setUri(url);
        try (com.rabbitmq.client.Connection amqp = factory.newConnection(); com.rabbitmq.client.Channel ch = amqp.createChannel()) {
            for (String name : List.of(q + ".auto.in", q + ".auto.out", q + ".bin.in", q + ".bin.out")) {
                ch.queueDeclare(name, true, false, true, null);
            }
            List<byte[]> autoOut = new CopyOnWriteArrayList<>();
            List<byte[]> binOut = new CopyOnWriteArrayList<>();
            ch.basicConsume(q + ".auto.out", true, (tag, d) -> autoOut.add(d.getBody()), tag -> { });
            ch.basicConsume(q + ".bin.out", true, (tag, d) -> binOut.add(d.getBody()), tag -> { });
            String on = "url: \"" + url + "\", declare: false, ";
            String out = "url: \"" + url + "\", ";
            try (CliRunner.Running run = relay("amqp", on + "queue: " + q + ".auto.in", out + "routing_key: " + q + ".auto.out",
                    on + "queue: " + q + ".bin.in", out + "routing_key: " + q + ".bin.out")) {
                List<byte[]> text = notText();
                List<byte[]> any = anyBytes();
                for (byte[] b : text) {
                    ch.basicPublish("", q + ".auto.in", null, b);
                }
                for (byte[] b : any) {
                    ch.basicPublish("", q + ".bin.in", null, b);
                }
                assertRelayed(run, autoOut, text);
                assertRelayed(run, binOut, any);
            } finally {
                for (String name : List.of(q + ".auto.in", q + ".auto.out", q + ".bin.in", q + ".bin.out")) {
                    ch.queueDelete(name);
                }
            }
        }
    }
}
