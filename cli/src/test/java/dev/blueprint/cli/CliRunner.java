package dev.blueprint.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real CLI jar in a subprocess, the way a user would. The jar and repository root come from
 * failsafe's system properties {@code blueprint.jar} and {@code blueprint.root}.
 */
public final class CliRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private CliRunner() {
    }

    /** The shaded CLI jar. */
    public static Path jar() {
        return Path.of(System.getProperty("blueprint.jar", "target/blueprint.jar")).toAbsolutePath();
    }

    /** The repository root (where {@code blueprints/} is). */
    public static Path root() {
        return Path.of(System.getProperty("blueprint.root", "..")).toAbsolutePath().normalize();
    }

    /** A file under {@code blueprints/}. */
    public static Path blueprint(String name) {
        return root().resolve("blueprints").resolve(name);
    }

    /** Runs to completion (at most {@code timeout}) and returns exit code and output. */
    public static Result run(Duration timeout, Map<String, String> env, String... args) {
        Running p = start(env, args);
        return p.await(timeout);
    }

    /** Runs to completion within 60 s. */
    public static Result run(String... args) {
        return run(Duration.ofSeconds(60), Map.of(), args);
    }

    /** Starts the CLI and returns at once. */
    public static Running start(Map<String, String> env, String... args) {
        return start(List.of("-Xmx512m"), env, args);
    }

    /** Starts the CLI with these JVM options (a smaller heap, say) and returns at once. */
    public static Running start(List<String> jvmOptions, Map<String, String> env, String... args) {
        Path readyFile = readyFile();
        return launch(command(jvmOptions, withReadyFile(readyFile, args)), env, readyFile);
    }

    /**
     * Starts the CLI under {@code ulimit -n fileLimit} (through bash, which then execs java, so that
     * {@link Running#pid()} is the JVM's): a run that can be driven out of file descriptors.
     */
    public static Running startWithFileLimit(int fileLimit, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + fileLimit + " && exec \"$@\"", "blueprint"));
        Path readyFile = readyFile();
        cmd.addAll(command(List.of("-Xmx512m"), withReadyFile(readyFile, args)));
        return launch(cmd, env, readyFile);
    }

    /** A path for a run's ready file, in a folder of its own that nothing else writes. */
    private static Path readyFile() {
        try {
            Path dir = Files.createTempDirectory("blueprint-run-");
            Path file = dir.resolve("ready.json");
            // deleted in the reverse order: the file, then its folder
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code run ...} gets {@code --ready-file PATH}, so that the test reads the ports the run bound, never its log. */
    private static String[] withReadyFile(Path readyFile, String... args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of("run", "--ready-file", readyFile.toString()));
        all.addAll(List.of(args).subList(1, args.length));
        return all.toArray(String[]::new);
    }

    /**
     * The suite starts the jar a few hundred times, mostly for runs of seconds: the client compiler alone and the
     * serial collector start it in about a third of the wall time on a small, busy machine (half the CPU). What the
     * tests check does not depend on the JIT tier or the collector.
     */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        cmd.addAll(FAST_START);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Running launch(List<String> cmd, Map<String, String> env, Path readyFile) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile());
        pb.environment().remove("LOG_LEVEL");
        pb.environment().remove("BLUEPRINT_PLUGINS");
        // every run serves its ops page on a free port, so that runs side by side never compete for 4195
        pb.environment().put("BLUEPRINT_HTTP", "127.0.0.1:0");
        pb.environment().putAll(env);
        try {
            return new Running(pb.start(), readyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What a finished run printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** stdout split into lines. */
        public List<String> stdoutLines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\\R"));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** A CLI process still running; output is collected in the background. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final StringBuffer out = new StringBuffer();
        private final StringBuffer err = new StringBuffer();
        private final Thread outPump;
        private final Thread errPump;
        private final Path readyFile;

        Running(Process process, Path readyFile) {
            this.process = process;
            this.readyFile = readyFile;
            this.outPump = pump(process.getInputStream(), out);
            this.errPump = pump(process.getErrorStream(), err);
        }

        private static Thread pump(InputStream in, StringBuffer into) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // process ended
                }
            });
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** The process id, for signals. */
        public long pid() {
            return process.pid();
        }

        /** What it printed on stdout so far. */
        public String stdout() {
            return out.toString();
        }

        /** What it printed on stderr so far. */
        public String stderr() {
            return err.toString();
        }

        /**
         * Waits (at most 30 s) until stderr contains {@code text}: the one way tests wait on log text, for a message
         * that is itself the feature (a reload reported, a worker's exit). Readiness and ports come from
         * {@link #ready()}.
         */
        public Running awaitStderr(String text) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> err.toString().contains(text) || !process.isAlive());
            if (!err.toString().contains(text)) {
                throw new AssertionError("process ended before printing '" + text + "':\n" + err);
            }
            return this;
        }

        /**
         * Waits until the run is ready (every component started: {@code run --ready-file}) and returns what the
         * file says: {@code {"pid":..,"ops_port":..,"components":{"ws":{"port":..,"http_port":..}}}}. Fails,
         * with the run's output, when the run ends first.
         */
        public JsonNode ready() {
            Awaitility.await("the run's ready file " + readyFile).atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(readyFile) || !process.isAlive());
            if (!Files.exists(readyFile)) {
                throw new AssertionError("the run ended before it was ready:\n" + err);
            }
            try {
                return JSON.readTree(readyFile.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The port component {@code component} bound for its config key {@code key} ({@code port}, {@code http_port}). */
        public int port(String component, String key) {
            JsonNode port = ready().path("components").path(component).path(key);
            if (!port.isInt()) {
                throw new AssertionError("no " + component + "." + key + " in the ready file: " + ready());
            }
            return port.asInt();
        }

        /** The {@code port} component {@code component} bound. */
        public int port(String component) {
            return port(component, "port");
        }

        /**
         * Waits until WebSocket component {@code component} counts {@code n} connections on its {@code /health} (served on
         * its {@code http_port}, or on its WebSocket port when it has none): a client's handshake may end before the
         * server counts the client in, and a record broadcast meanwhile does not reach it.
         */
        public Running awaitConnections(String component, int n) {
            JsonNode ports = ready().path("components").path(component);
            int http = ports.path("http_port").isInt() ? ports.path("http_port").asInt() : port(component);
            Awaitility.await(component + " counts " + n + " connections").atMost(Duration.ofSeconds(10))
                    .until(() -> httpGet(http, "/health").body().contains("\"connections\":" + n + ","));
            return this;
        }

        /**
         * The port of the WebSocket server: the run's only listening component, or the one named
         * {@code websocket_server}. Run blueprints with {@code --set <server>.port=0} so that parallel tests
         * never compete for a port.
         */
        public int webSocketPort() {
            JsonNode components = ready().path("components");
            if (components.size() == 1) {
                return components.elements().next().path("port").asInt();
            }
            if (components.has("websocket_server")) {
                return port("websocket_server");
            }
            throw new AssertionError("several listening components, name one with port(component): " + components);
        }

        /** The port of the HTTP endpoints of the run's only WebSocket component (the WebSocket port itself). */
        public int httpPort() {
            return webSocketPort();
        }

        /** The run's ops server port. */
        public int opsPort() {
            JsonNode port = ready().path("ops_port");
            if (!port.isInt()) {
                throw new AssertionError("the run serves no ops endpoints: " + ready());
            }
            return port.asInt();
        }

        /** The run's {@code /metrics} now, from its ops server. */
        public String metrics() throws IOException, InterruptedException {
            return httpGet(opsPort(), "/metrics").body();
        }

        /** Waits until binding {@code binding} ("from.output -> to.input") holds at least {@code n} records (its /metrics depth). */
        public Running awaitBindingDepth(String binding, long n) {
            Awaitility.await(n + " records waiting in " + binding).atMost(Duration.ofSeconds(30))
                    .until(() -> metric(metrics(), "blueprint_binding_depth", "binding", binding).orElse(-1) >= n);
            return this;
        }

        /** Sends a signal by name (TERM, INT) with kill(1). */
        public void signal(String name) {
            try {
                new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits for the exit; kills the process and fails when it takes longer than {@code timeout}. */
        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("blueprint did not exit within " + timeout + "\n--- stdout\n" + out + "\n--- stderr\n" + err);
                }
                outPump.join(5000);
                errPump.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return new Result(process.exitValue(), out.toString(), err.toString());
        }

        /** Kills the process at once (SIGKILL, as {@code kill -9} or a crash would) and waits for it to be gone. */
        public void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Assertions on what a run printed for its user on stderr (log lines, errors, the summary): the one place tests
     * look at log text, for a message that is itself the feature. Facts a test needs (ports, readiness) come from
     * the run's ready file, never from here.
     */
    public static AbstractStringAssert<?> assertThatLog(Result result) {
        return Assertions.assertThat(result.stderr()).as("what the run printed on stderr");
    }

    /** {@link #assertThatLog(Result)} on what a running run has printed so far. */
    public static AbstractStringAssert<?> assertThatLog(Running running) {
        return Assertions.assertThat(running.stderr()).as("what the run printed on stderr");
    }

    /** {@link #assertThatLog(Result)}, line by line. */
    public static ListAssert<String> assertThatLogLines(Result result) {
        return Assertions.assertThat(result.stderr().lines().toList()).as("the lines the run printed on stderr");
    }

    /** The value of metric {@code name} whose label {@code label} is {@code value} on a Prometheus text page; empty when absent. */
    public static OptionalDouble metric(String page, String name, String label, String value) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + label + "=\"" + Pattern.quote(value) + "\"[^}]*} (\\S+)$").matcher(page);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    /** GET {@code path} on 127.0.0.1:{@code port}, body as text. */
    public static java.net.http.HttpResponse<String> httpGet(int port, String path) throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Writes {@code yaml} to a file in {@code dir} and returns its path. */
    public static Path write(Path dir, String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An environment map with one variable. */
    public static Map<String, String> env(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
