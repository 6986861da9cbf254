package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.blueprint.components.testkit.SharedBrokers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop of a rollout: MQTT readings → a 5 s window per room → an AMQP alert sink, through the CLI jar, with a
 * Mosquitto of the test's own and the suite's RabbitMQ (a queue of the test's own, deleted afterwards). Each run
 * is stopped with SIGTERM while readings arrive, at a random moment of its window.
 */
@Timeout(300)
class GracefulStopIT {
    private static final int RUNS = 20;
    /** One reading every this many milliseconds while a run is up. */
    private static final long READING_EVERY_MS = 10;
    /** The SIGTERM comes after 1..this many readings of the run: up to 4.5 s after it is ready, in its first window or past it. */
    private static final int MAX_READINGS_BEFORE_STOP = 450;
    private static final Pattern WRITTEN = Pattern.compile("summary: alerts \\(Sink\\): .* written=(\\d+) unwritten=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Twenty starts (issue 27 asks for 20 stops): the JVM's quick-starting compiler saves seconds of each, and the stop
     * does not depend on it. */
    private static final List<String> QUICK_START = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    @Test
    void aSigtermMidWindowExitsZeroWithinSecondsWithEveryAlertInTheQueueAndNoReadingCountedTwice() throws Exception {
        String queue = "bp-it-stop-" + UUID.randomUUID().toString().substring(0, 8);
        // a window holds its readings' acknowledgements until its alert is confirmed: Mosquitto's default of 20
        // unacknowledged messages per client would let 20 readings through per window
        try (MosquittoTestServer mosquitto = MosquittoTestServer.start(dir, "max_inflight_messages 0\nmax_queued_messages 0");
             Readings readings = new Readings(mosquitto.url());
             Connection rabbit = rabbitMq().newConnection();
             Channel channel = rabbit.createChannel()) {
            Path bp = CliRunner.write(dir, "alerts.yaml", """
                    system:
                      name: rollout
                      components:
                        - {name: readings, type: Source, config: {variant: mqtt, url: "%s", topics: ["sensors/#"]}}
                        - {name: by_room, type: StreamProcessor, config: {variant: window, duration: 5s, key: .data.room, field: .data.t}}
                        - {name: alerts, type: Sink, config: {variant: amqp, url: "%s", routing_key: %s, declare_queues: [%s]}}
                      bindings:
                        - {from: readings, to: by_room}
                        - {from: by_room, to: alerts}
                    """.formatted(mosquitto.url(), SharedBrokers.rabbitMq().url(), queue, queue));
            Totals alerted = new Totals();
            List<Long> stopMillis = new ArrayList<>();
            try {
                for (int i = 1; i <= RUNS; i++) {
                    int stopAfter = ThreadLocalRandom.current().nextInt(1, MAX_READINGS_BEFORE_STOP + 1);
                    try (CliRunner.Running run = CliRunner.start(QUICK_START, Map.of(), "run", bp.toString())) {
                        awaitReady(run);
                        long before = readings.published();
                        readings.startPublishing();
                        await("reading " + stopAfter + " of run " + i + " published").atMost(Duration.ofSeconds(30))
                                .until(() -> readings.published() - before >= stopAfter);
                        long signalled = System.nanoTime();
                        run.signal("TERM");
                        CliRunner.Result result = run.await(Duration.ofSeconds(35));
                        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
                        readings.stopPublishing();
                        stopMillis.add(took);
                        String what = "run " + i + " (SIGTERM after " + stopAfter + " readings), stop took " + took + " ms\n" + result;
                        assertThat(result.exitCode()).as(what).isZero();
                        assertThat(took).as(what).isLessThan(5_000);
                        // nothing left waiting: every alert confirmed, every reading it counted acknowledged before the close
                        assertThat(result.stderr()).as(what).doesNotContain("not confirmed", "not acknowledged", "exceeded");
                        Totals fresh = drain(channel, queue);
                        assertThat(written(result)).as(what).isEqualTo(fresh.messages);
                        alerted.add(fresh);
                    }
                }
                // a last run takes what the stops left at the broker (readings that came after a SIGTERM)
                try (CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString())) {
                    awaitReady(run);
                    await("every reading counted in an alert").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        alerted.add(drain(channel, queue));
                        assertThat(alerted.readings).as(run.stderr()).isGreaterThanOrEqualTo(readings.published());
                    });
                    run.signal("TERM");
                    CliRunner.Result result = run.await(Duration.ofSeconds(35));
                    assertThat(result.exitCode()).as(result.toString()).isZero();
                    alerted.add(drain(channel, queue));
                }
                long n = readings.published();
                System.out.printf("GracefulStopIT: %d stops, %d readings, %d alerts; stop took min %d ms, median %d ms, max %d ms%n", RUNS,
                        n, alerted.messages, Collections.min(stopMillis), sorted(stopMillis).get(RUNS / 2), Collections.max(stopMillis));
                // each reading is in exactly one alert: a reading delivered again after its alert went out would be counted twice
                assertThat(alerted.readings).as("readings counted in alerts").isEqualTo(n);
                assertThat(alerted.sum).as("sum of the readings' t (1..%d) over all alerts", n).isEqualTo(n * (n + 1) / 2);
            } finally {
                channel.queueDelete(queue);
            }
        }
    }

    private static void awaitReady(CliRunner.Running run) {
        int ops = run.opsPort();
        await("the run is ready").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(CliRunner.httpGet(ops, "/ready").statusCode()).as(run.stderr()).isEqualTo(200));
    }

    private static long written(CliRunner.Result result) {
        Matcher m = WRITTEN.matcher(result.stderr());
        assertThat(m.find()).as("a summary line with written= for alerts in\n" + result.stderr()).isTrue();
        assertThat(m.group(2)).as("unwritten alerts\n" + result.stderr()).isEqualTo("0");
        return Long.parseLong(m.group(1));
    }

    /** Takes every message now in the queue. */
    private static Totals drain(Channel channel, String queue) throws Exception {
        Totals t = new Totals();
        for (GetResponse r; (r = channel.basicGet(queue, true)) != null;) {
            JsonNode alert = JSON.readTree(new String(r.getBody(), StandardCharsets.UTF_8));
            t.messages++;
            t.readings += alert.get("count").asLong();
            t.sum += alert.get("sum").asLong();
        }
        return t;
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        return s;
    }

    /** What alerts said: how many alerts, how many readings they counted, the sum of those readings' t. */
    private static final class Totals {
        long messages;
        long readings;
        long sum;

        void add(Totals more) {
            messages += more.messages;
            readings += more.readings;
            sum += more.sum;
        }
    }

    /** Readings {room, t} with t = 1, 2, 3, ... published at QoS 1, one every {@link #READING_EVERY_MS} while asked to. */
    private static final class Readings implements AutoCloseable {
        private final MqttClient client;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong published = new AtomicLong();
        private volatile java.util.concurrent.ScheduledFuture<?> publishing;

        Readings(String url) throws Exception {
            client = new MqttClient(url, "readings-publisher", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            client.connect(options);
        }

        void startPublishing() {
            publishing = timer.scheduleAtFixedRate(this::publishOne, 0, READING_EVERY_MS, TimeUnit.MILLISECONDS);
        }

        private void publishOne() {
            long t = published.get() + 1;
            try {
                MqttMessage m = new MqttMessage(("{\"room\":\"r" + (t % 3) + "\",\"t\":" + t + "}").getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                client.publish("sensors/r" + (t % 3), m);
                published.set(t);
            } catch (Exception e) {
                throw new IllegalStateException("publishing reading " + t + " failed", e);
            }
        }

        /** Stops publishing; returns once no reading is being published. */
        void stopPublishing() throws Exception {
            publishing.cancel(false);
            timer.submit(() -> { }).get(); // the executor's one thread: what was running has finished
        }

        long published() {
            return published.get();
        }

        @Override
        public void close() throws Exception {
            timer.shutdownNow();
            client.disconnect();
            client.close();
        }
    }

    private static ConnectionFactory rabbitMq() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(SharedBrokers.rabbitMq().url());
        return factory;
    }
}
