package dev.blueprint.components.mqtt;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.components.Runs;
import dev.blueprint.components.testkit.SharedBrokers;
import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mqtt source against the suite's own Mosquitto: topics captured, retained messages, payloads, config errors. */
class MqttSourceTest {
    @TempDir
    Path dir;

    private final String prefix = "bp-test/" + UUID.randomUUID();

    private static String url() {
        return SharedBrokers.mosquitto().url();
    }

    private void publish(String topic, String payload, boolean retained) throws Exception {
        MqttClient client = new MqttClient(url(), "bp-test-" + UUID.randomUUID(), new MemoryPersistence());
        client.connect();
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(retained);
        client.publish(topic, m);
        client.disconnect();
        client.close();
    }

    @Test
    void aRetainedMessageReachesANewSubscriberMarkedRetainedWithItsTopic() throws Exception {
        publish(prefix + "/kitchen/temperature", "{\"celsius\": 21.5}", true);
        publish(prefix + "/hall/temperature", "not json", true);
        Path out = dir.resolve("out.jsonl");
        try {
            Runs.run("""
                    system:
                      name: mqtt_retained
                      components:
                        - {name: in, type: Source, config: {variant: mqtt, url: "%s", topics: ["%s/+/temperature"], clean_session: true, count: 2}}
                        - {name: out, type: Sink, config: {variant: file, path: %s}}
                      bindings:
                        - {from: in, to: out}
                    """.formatted(url(), prefix, yamlPath(out)));
            List<JsonNode> records = lines(out);
            assertThat(records).extracting(JsonNode::toString).containsExactlyInAnyOrder(
                    "{\"topic\":\"" + prefix + "/kitchen/temperature\",\"retained\":true,\"data\":{\"celsius\":21.5}}",
                    "{\"topic\":\"" + prefix + "/hall/temperature\",\"retained\":true,\"data\":\"not json\"}");
        } finally {
            // an empty retained message clears them
            publish(prefix + "/kitchen/temperature", "", true);
            publish(prefix + "/hall/temperature", "", true);
        }
    }

    private Path runResumed(String clientId, int count, String name) throws InterruptedException {
        Path out = dir.resolve(name + ".jsonl");
        Runs.run("""
                system:
                  name: mqtt_resumed
                  components:
                    - {name: in, type: Source, config: {variant: mqtt, url: "%s", topics: ["%s/#"], client_id: "%s", count: %d}}
                    - {name: out, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in, to: out}
                """.formatted(url(), prefix, clientId, count, yamlPath(out)));
        return out;
    }

    @Test
    void aFiniteRunAcknowledgesWhatItWroteSoTheResumedSessionGoesOnAfterIt() throws Exception {
        String clientId = "bp-test-" + UUID.randomUUID();
        MqttClient session = new MqttClient(url(), clientId, new MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions keep = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        keep.setCleanSession(false);
        session.connect(keep);
        session.subscribe(prefix + "/#", 1);
        session.disconnect();
        session.close();
        for (int i = 1; i <= 3; i++) {
            publish(prefix + "/n", "{\"n\": " + i + "}", false);
        }
        assertThat(lines(runResumed(clientId, 3, "first"))).extracting(r -> r.path("data").path("n").asInt()).containsExactly(1, 2, 3);
        publish(prefix + "/n", "{\"n\": 4}", false);
        // had the first run's messages not been acknowledged before it closed, the session would give them again first
        assertThat(lines(runResumed(clientId, 1, "second"))).extracting(r -> r.path("data").path("n").asInt()).containsExactly(4);
    }

    @Test
    void aBadUrlOrQosIsAValidationErrorAtItsKey() {
        List<Problem> problems = TestPipeline.problems("""
                system:
                  name: mqtt_bad
                  components:
                    - {name: in, type: Source, config: {variant: mqtt, url: "http://127.0.0.1:1883", topics: [a/#], qos: 2}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: in, to: out}
                """);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.format())
                .contains("in.config.url must be a URL mqtt://, mqtts://, ssl://, tcp://, ws://, wss://[user:password@]host[:port], was 'http://127.0.0.1:1883'"));
    }
}
