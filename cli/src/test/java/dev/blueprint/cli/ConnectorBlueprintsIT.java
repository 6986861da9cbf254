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
            // one "ts" for the three: their arrival times could straddle the edge of a 1 s window aligned to the clock
            long ts = System.currentTimeMillis() / 1000;
            for (double celsius : new double[] {20.0, 22.0, 24.0}) {
                MqttMessage m = new MqttMessage(("{\"celsius\": " + celsius + ", \"ts\": " + ts + "}").getBytes(StandardCharsets.UTF_8));
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

    @Test
    void kafkaReadingsReachTheDashboardAsOneWindowAggregatePerRoom() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 6);
        String topic = "bpit-dashboard-" + id;
        String room = "room" + id;
        var kafka = SharedBrokers.kafka();
        kafka.createTopic(topic, 2, Map.of());
        try (CliRunner.Running run = CliRunner.start(Map.of("KAFKA_BOOTSTRAP", kafka.url(), "KAFKA_TOPIC", topic), "run",
                CliRunner.blueprint("kafka-sensor-dashboard.yaml").toString(), "--set", "dashboard.port=0", "--set", "per_room.duration=2s",
                "--set", "readings.group=bpit-" + id);
                JsonClient browser = JsonClient.connect("ws://127.0.0.1:" + run.webSocketPort() + "/dashboard")) {
            java.util.Properties p = new java.util.Properties();
            p.put("bootstrap.servers", kafka.url());
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(p,
                    new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
                // one batch, so that the three readings reach the source in one poll and fall in one window
                for (double celsius : new double[] {20.0, 22.0, 24.0}) {
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, room, "{\"celsius\": " + celsius + "}"));
                }
                producer.flush();
            }
            JsonNode window = browser.awaitMessage(m -> room.equals(m.path("key").asText()));
            assertThat(window.path("count").asLong()).isEqualTo(3);
            assertThat(window.path("avg").asDouble()).isEqualTo(22.0);
            run.signal("TERM");
            assertThat(run.await(java.time.Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    @Test
    void mqttReadingsLandAsRowsOfThePostgresTableAndABadOneIsLoggedWithItsColumn() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 6);
        String table = "readings_" + id;
        var postgres = SharedBrokers.postgres();
        try (var c = postgres.connect(); var s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (room text NOT NULL, celsius double precision NOT NULL, at timestamptz NOT NULL DEFAULT now())");
        }
        // the MQTT session exists before the run (as a deployed one's does), so no reading is missed
        MqttClient session = new MqttClient(SharedBrokers.mosquitto().url(), "bp-it-pg-" + id, new MemoryPersistence());
        MqttConnectOptions keep = new MqttConnectOptions();
        keep.setCleanSession(false);
        session.connect(keep);
        session.subscribe("sensors/+/temperature", 1);
        session.disconnect();
        session.close();
        try (CliRunner.Running run = CliRunner.start(Map.of("MQTT_URL", SharedBrokers.mosquitto().url(), "PG_URL", postgres.url(),
                "PG_TABLE", table), "run", CliRunner.blueprint("mqtt-to-postgres.yaml").toString(), "--set", "readings.client_id=bp-it-pg-" + id)) {
            MqttClient sensor = new MqttClient(SharedBrokers.mosquitto().url(), "bp-it-pg-sensor-" + id, new MemoryPersistence());
            sensor.connect();
            for (String celsius : new String[] {"20.0", "22.5", "\"hot\""}) {
                MqttMessage m = new MqttMessage(("{\"celsius\": " + celsius + "}").getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                sensor.publish("sensors/pg" + id + "/temperature", m);
            }
            sensor.disconnect();
            sensor.close();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
                try (var c = postgres.connect(); var s = c.createStatement();
                     var rs = s.executeQuery("SELECT string_agg(celsius::text, ',' ORDER BY celsius) FROM " + table)) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("20,22.5");
                }
                assertThat(run.stderr() + run.stdout()).containsPattern("column celsius: \\\\?\"hot\\\\?\" is not a number for float8");
            });
            run.signal("TERM");
            assertThat(run.await(java.time.Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }
}
