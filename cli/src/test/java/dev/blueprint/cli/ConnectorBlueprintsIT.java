package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.components.testkit.SharedBrokers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connector blueprints under blueprints/ run through the CLI jar against brokers of the suite's own. */
@Timeout(120)
class ConnectorBlueprintsIT {

    @Test
    void mqttSensorReadingsReachTheDashboardAsOneWindowAggregatePerRoom() throws Exception {
        String room = "room" + UUID.randomUUID().toString().substring(0, 6);
        // the dashboard's MQTT session exists before it runs (as a deployed one's does), so no reading is missed
        MqttClient session = new MqttClient(SharedBrokers.mosquitto().url(), "bp-it-" + room, new MemoryPersistence());
        MqttConnectOptions keep = new MqttConnectOptions();
        keep.setCleanSession(false);
        session.connect(keep);
        session.subscribe("sensors/+/temperature", 1);
        session.disconnect();
        session.close();
        try (CliRunner.Running run = CliRunner.start(Map.of("MQTT_URL", SharedBrokers.mosquitto().url()), "run",
                CliRunner.blueprint("mqtt-sensor-dashboard.yaml").toString(), "--set", "dashboard.port=0", "--set", "per_room.duration=1s", "--set", "readings.client_id=bp-it-" + room);
                JsonClient browser = JsonClient.connect("ws://127.0.0.1:" + run.webSocketPort() + "/dashboard")) {
            MqttClient sensor = new MqttClient(SharedBrokers.mosquitto().url(), "bp-it-sensor-" + room, new MemoryPersistence());
            sensor.connect();
            for (double celsius : new double[] {20.0, 22.0, 24.0}) {
                MqttMessage m = new MqttMessage(("{\"celsius\": " + celsius + "}").getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                sensor.publish("sensors/" + room + "/temperature", m);
            }
            sensor.disconnect();
            sensor.close();
            JsonNode window = browser.awaitMessage(m -> room.equals(m.path("key").asText()));
            assertThat(window.path("count").asLong()).isEqualTo(3);
            assertThat(window.path("avg").asDouble()).isEqualTo(22.0);
            assertThat(window.path("min").asDouble()).isEqualTo(20.0);
            assertThat(window.path("max").asDouble()).isEqualTo(24.0);
            run.signal("TERM");
            assertThat(run.await(java.time.Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }
}
