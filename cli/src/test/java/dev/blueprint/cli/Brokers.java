package dev.blueprint.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The message brokers this machine runs on loopback (Mosquitto 1883, NATS with JetStream 4222, RabbitMQ
 * 5672), restarted by the tests that check nothing is lost across a restart, with the commands the machine
 * starts them with; a restart always leaves the broker running.
 */
final class Brokers {
    private Brokers() {
    }

    /** Stops Mosquitto (SIGTERM: it saves its sessions), keeps it down for {@code down}, starts it again. */
    static void restartMosquitto(Duration down) throws Exception {
        long pid = Long.parseLong(Files.readString(Path.of("/run/mosquitto/mosquitto.pid")).strip());
        restart(pid, 1883, down, List.of("mosquitto", "-d", "-c", "/etc/mosquitto/mosquitto.conf"));
    }

    /** Stops nats-server (SIGTERM), keeps it down for {@code down}, starts it again with JetStream on its store. */
    static void restartNats(Duration down) throws Exception {
        String pids = new String(new ProcessBuilder("pgrep", "-x", "nats-server").start().getInputStream().readAllBytes()).strip();
        restart(Long.parseLong(pids.lines().findFirst().orElseThrow()), 4222, down, List.of("start-stop-daemon", "--start", "--oknodo",
                "--background", "--exec", "/usr/sbin/nats-server", "--", "-a", "127.0.0.1", "-p", "4222", "-js", "-sd",
                "/var/lib/nats-server", "-l", "/var/log/nats-server.log"));
    }

    /**
     * Stops the RabbitMQ application (the broker; its Erlang node stays up and durable queues with their
     * persistent messages are kept), keeps it down for {@code down}, starts it again.
     */
    static void restartRabbitMq(Duration down) throws Exception {
        run(List.of("rabbitmqctl", "-q", "stop_app"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !answers(5672));
        await().pollDelay(down).atMost(down.plusSeconds(1)).until(() -> true);
        run(List.of("rabbitmqctl", "-q", "start_app"));
        await().atMost(Duration.ofSeconds(60)).until(() -> answers(5672));
    }

    private static void restart(long pid, int port, Duration down, List<String> start) throws Exception {
        run(List.of("kill", "-TERM", Long.toString(pid)));
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true) && !answers(port));
        await().pollDelay(down).atMost(down.plusSeconds(1)).until(() -> true);
        run(start);
        await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The distinct values of field {@code n} of the JSON lines in {@code file} (at {@code path} within each line). */
    static Set<Long> distinct(Path file, String... path) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
            var node = JsonClient.parse(l);
            for (String p : path) {
                node = node.path(p);
            }
            return node.asLong();
        }).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Connecting with a clean session discards the MQTT session a test made, so that none piles up on the shared broker. */
    static void discardMqttSession(String clientId) throws Exception {
        var c = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:1883", clientId,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        var clean = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        clean.setCleanSession(true);
        c.connect(clean);
        c.disconnect();
        c.close();
    }
}
