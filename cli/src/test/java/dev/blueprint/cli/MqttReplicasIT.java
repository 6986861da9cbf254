package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of one blueprint, as two pods would run it (each its own {@code HOSTNAME}), reading one MQTT topic
 * through a shared subscription, against a Mosquitto of the test's own.
 */
@Timeout(120)
class MqttReplicasIT {
    private static final int MESSAGES = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void twoReplicasInOneSharedGroupHandleEachMessageOnceBetweenThemUnderTheirOwnClientIds() throws Exception {
        try (MosquittoTestServer mosquitto = MosquittoTestServer.start(dir, "")) {
            Path bp = CliRunner.write(dir, "replicas.yaml", """
                    system:
                      name: replicas
                      components:
                        - {name: orders, type: Source, config: {variant: mqtt, url: "%s", topics: ["orders/#"], shared_group: workers}}
                        - {name: out, type: Sink, config: {variant: file, path: "${OUT}"}}
                      bindings:
                        - {from: orders, to: out}
                    """.formatted(mosquitto.url()));
            Path outA = dir.resolve("a.jsonl");
            Path outB = dir.resolve("b.jsonl");
            try (CliRunner.Running a = CliRunner.start(Map.of("HOSTNAME", "pod-a", "OUT", outA.toString()), "run", bp.toString());
                 CliRunner.Running b = CliRunner.start(Map.of("HOSTNAME", "pod-b", "OUT", outB.toString()), "run", bp.toString())) {
                awaitReady(a);
                awaitReady(b);
                // the lines were logged before ready, but this JVM's reader of the child's stderr may not have them yet
                a.awaitStderr("subscribing to [$share/workers/orders/#] at QoS 1").awaitStderr("as replicas-orders-pod-a");
                b.awaitStderr("as replicas-orders-pod-b");
                publish(mosquitto.url(), MESSAGES);
                await("every order written by one replica or the other").atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(ids(outA).size() + ids(outB).size()).isGreaterThanOrEqualTo(MESSAGES));
                a.signal("TERM");
                b.signal("TERM");
                CliRunner.Result ra = a.await(Duration.ofSeconds(30));
                CliRunner.Result rb = b.await(Duration.ofSeconds(30));
                assertThat(ra.exitCode()).as(ra.toString()).isZero();
                assertThat(rb.exitCode()).as(rb.toString()).isZero();
                // two sessions of their own: neither took the other's, which the broker would have shown as a lost connection
                assertThat(ra.stderr()).as(ra.toString()).contains("orders - " + mosquitto.url() + ": 0 outage(s) ridden out");
                assertThat(rb.stderr()).as(rb.toString()).contains("orders - " + mosquitto.url() + ": 0 outage(s) ridden out");
            }
            List<Long> inA = ids(outA);
            List<Long> inB = ids(outB);
            Set<Long> all = new HashSet<>(inA);
            all.addAll(inB);
            assertThat(inA).as("replica a's share").isNotEmpty().doesNotHaveDuplicates();
            assertThat(inB).as("replica b's share").isNotEmpty().doesNotHaveDuplicates();
            assertThat(inA).as("orders both replicas handled").doesNotContainAnyElementsOf(inB);
            assertThat(all).as("every order, each once").hasSize(MESSAGES);
            assertThat(inA.size() + inB.size()).isEqualTo(MESSAGES);
        }
    }

    private static void awaitReady(CliRunner.Running run) {
        int ops = run.opsPort();
        await("the run is ready").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(CliRunner.httpGet(ops, "/ready").statusCode()).as(run.stderr()).isEqualTo(200));
    }

    private static void publish(String url, int n) throws Exception {
        MqttClient client = new MqttClient(url, "orders-publisher", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        client.connect(options);
        for (int i = 1; i <= n; i++) {
            MqttMessage m = new MqttMessage(("{\"order\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            client.publish("orders/eu", m);
        }
        client.disconnect();
        client.close();
    }

    /** The order numbers in a replica's output file, in the order written. */
    private static List<Long> ids(Path file) throws IOException {
        List<Long> ids = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    ids.add(JSON.readTree(line).path("data").path("order").asLong());
                }
            }
        }
        return ids;
    }
}
