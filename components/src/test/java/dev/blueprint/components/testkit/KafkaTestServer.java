package dev.blueprint.components.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A Kafka broker of the test's own, in KRaft mode (broker and controller in one node, no ZooKeeper), run in a
 * child JVM from the broker's Maven jars on the test classpath, its log segments in {@code dir}. The client
 * listener binds port 0 and the test reads the port back from the kernel's table of the child's listening
 * sockets; the controller listener, which the node must name in its own config, gets a port picked the way
 * the other test brokers' are (a start that cannot bind exits and is retried on another). A restart keeps
 * both ports, so that clients reconnect to the same address.
 */
public final class KafkaTestServer extends TestBroker {
    private static final String CLUSTER_ID = "blueprint-test-cluster1";
    /** For tests: a small heap and C1 only start the JVM fast; each message is flushed, so a broker kill loses none. */
    private static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private final List<String> jvm;
    private final boolean flushEachMessage;
    private int controllerPort;
    private boolean formatted;

    /** Starts a broker keeping its log in {@code dir}. */
    public KafkaTestServer(Path dir) {
        this(dir, TEST_JVM, true);
    }

    private KafkaTestServer(Path dir, List<String> jvm, boolean flushEachMessage) {
        super(Path.of(System.getProperty("java.home"), "bin", "java"), dir);
        this.jvm = jvm;
        this.flushEachMessage = flushEachMessage;
        startOnAnyPort();
    }

    /**
     * A broker tuned as in production for a benchmark (bench/kafka-postgres.sh): a 1 GB heap, the full JIT, and the
     * log flushed by the OS as Kafka's defaults leave it, so that a client's speed is not hidden by the broker's.
     */
    public static KafkaTestServer forBenchmarks(Path dir) {
        return new KafkaTestServer(dir, List.of("-Xmx1g"), false);
    }

    /** 127.0.0.1:PORT, the bootstrap address clients are given. */
    @Override
    public String url() {
        return "127.0.0.1:" + port();
    }

    @Override
    protected int pickPort() {
        controllerPort = 0; // a new controller port with each first-start attempt
        return 0;
    }

    @Override
    protected ProcessBuilder launch(int port) {
        if (controllerPort == 0) {
            controllerPort = ThreadLocalRandom.current().nextInt(20000, 32000);
        }
        Path config = dir.resolve("server.properties");
        try {
            Files.writeString(config, properties(port));
            Files.writeString(dir.resolve("logback.xml"), """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                      <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                    </configuration>
                    """);
            if (!formatted) {
                format(config);
                formatted = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProcessBuilder(java("kafka.Kafka", config.toString()));
    }

    private String properties(int port) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=4",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // a test's consumer group that lost a member rebalances in seconds, not the default 45 s
                "group.consumer.min.session.timeout.ms=1000",
                "group.min.session.timeout.ms=1000",
                flushEachMessage ? "log.flush.interval.messages=1" : "",
                "");
    }

    /** Formats the log folder once (what {@code kafka-storage.sh format} does), so that the node can start. */
    private void format(Path config) throws IOException {
        Process p = new ProcessBuilder(java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka log folder failed; see " + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String clusterId() {
        // a base64 UUID of 22 characters, as kafka-storage random-uuid prints
        UUID id = UUID.nameUUIDFromBytes(CLUSTER_ID.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private List<String> java(String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Override
    protected boolean listening(Process started) throws IOException {
        int port = clientPort(started);
        if (port <= 0) {
            return false;
        }
        try (Admin admin = admin("127.0.0.1:" + port)) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false; // still starting
        }
    }

    @Override
    protected int boundPort(Process started) throws IOException {
        return clientPort(started);
    }

    /** The port of the child's listening TCP socket that is not the controller's; -1 before it listens. */
    private int clientPort(Process started) throws IOException {
        Set<String> inodes = socketInodes(started.pid());
        // the JVM listens on IPv4-mapped IPv6 sockets: /proc/PID/net/tcp6 (tcp too, for a JVM that prefers IPv4)
        List<String> lines = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", String.valueOf(started.pid()), "net", table);
            if (Files.isReadable(file)) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st ... inode; st 0A is LISTEN
            if (f.length > 9 && "0A".equals(f[3]) && inodes.contains(f[9])) {
                int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                if (port != controllerPort) {
                    return port;
                }
            }
        }
        return -1;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return ""; // closed meanwhile
                }
            }).filter(l -> l.startsWith("socket:[")).map(l -> l.substring(8, l.length() - 1)).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of(); // the process exited
        }
    }

    /** An admin client on this broker; close it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, url());
        return Admin.create(p);
    }

    /** An admin client for the readiness check: one try, answer within 5 s. */
    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.RETRIES_CONFIG, 0));
        return Admin.create(p);
    }

    /** Creates {@code topic} with {@code partitions} partitions and the given topic configs, unless it exists. */
    public void createTopic(String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("creating topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("creating topic " + topic + ": " + e, e);
        }
    }
}
