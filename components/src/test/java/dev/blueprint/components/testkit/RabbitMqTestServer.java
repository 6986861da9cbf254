package dev.blueprint.components.testkit;

import static org.awaitility.Awaitility.await;

import dev.blueprint.testing.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ node of the test's own: its own node name, AMQP port, distribution port and port mapper (epmd),
 * with its Mnesia database, logs, Erlang cookie (its {@code HOME}), an empty config and no plugins in
 * {@code dir}, so that nothing of the machine's RabbitMQ is read or touched. Start-up takes seconds: share
 * one per suite ({@link SharedBrokers#rabbitMq()}). {@link #stop()} sends SIGTERM to the server
 * process this kit started (its script stops the node gracefully) and {@link #start()} starts it again with the same
 * node name, port and Mnesia folder: durable queues and persistent messages are kept, as across a restart. Nothing
 * is sent to any other node.
 */
public final class RabbitMqTestServer extends TestBroker {
    private final String node = "bp" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    private final Path script;
    private int distPort;
    private int epmdPort;
    private Process epmd;

    /** Starts a node keeping its data in {@code dir}. */
    public RabbitMqTestServer(Path dir) {
        super(Tool.RABBITMQ, dir);
        // Debian's /usr/sbin/rabbitmq-server switches to the rabbitmq user (and its HOME); the script it wraps does not
        Path unwrapped = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
        this.script = Files.isExecutable(unwrapped) ? unwrapped : binary;
        try {
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
            Files.writeString(dir.resolve("rabbitmq.conf"), "");
            Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startOnAnyPort();
    }

    /** amqp://guest:guest@127.0.0.1:PORT/%2f */
    @Override
    public String url() {
        return "amqp://guest:guest@127.0.0.1:" + port() + "/%2f";
    }

    @Override
    protected ProcessBuilder launch(int port) {
        distPort = ThreadLocalRandom.current().nextInt(20000, 32000);
        startEpmd();
        ProcessBuilder pb = new ProcessBuilder(List.of(script.toString()));
        pb.environment().putAll(environment());
        pb.environment().putAll(Map.of("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1", "RABBITMQ_NODE_PORT", String.valueOf(port),
                "RABBITMQ_DIST_PORT", String.valueOf(distPort), "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
                "RABBITMQ_LOG_BASE", dir.resolve("log").toString(), "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
                "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString(), "RABBITMQ_ADVANCED_CONFIG_FILE",
                dir.resolve("advanced.config").toString(), "RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString()));
        return pb;
    }

    /** The node's name, port mapper, cookie (in HOME) and env file, all its own. */
    private Map<String, String> environment() {
        return Map.of("HOME", dir.toString(), "ERL_EPMD_PORT", String.valueOf(epmdPort), "RABBITMQ_NODENAME", node,
                "RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    }

    /** The node's own port mapper, so that neither the machine's epmd nor its port 4369 is used. */
    private void startEpmd() {
        if (epmd != null && epmd.isAlive()) {
            return;
        }
        Path epmdBinary = Path.of("/usr/bin/epmd");
        for (int attempt = 0; attempt < 5; attempt++) {
            epmdPort = ThreadLocalRandom.current().nextInt(20000, 32000);
            try {
                epmd = new ProcessBuilder(Files.isExecutable(epmdBinary) ? epmdBinary.toString() : "epmd", "-port", String.valueOf(epmdPort))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("epmd.log").toFile())).start();
                if (!epmd.waitFor(300, TimeUnit.MILLISECONDS)) {
                    return; // still running: it bound its port
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("epmd found no port to bind; its log: " + dir.resolve("epmd.log"));
    }

    @Override
    protected boolean listening(Process started) throws IOException {
        // printed once the node has started every listener; a node that cannot bind stops instead
        return logSinceStart().contains("Starting broker... completed");
    }

    @Override
    public void close() {
        super.close();
        if (epmd != null) {
            epmd.destroyForcibly();
            await().atMost(Duration.ofSeconds(10)).until(() -> !epmd.isAlive());
        }
    }
}
