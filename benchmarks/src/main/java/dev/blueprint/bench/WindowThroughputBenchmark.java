package dev.blueprint.bench;

import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.validate.BlueprintLoader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records per second through KeyedReadings → StreamProcessor window (event time, 1-second tumbling windows, 10,000
 * keys, count/sum/avg/min/max/first/last of a field) → discard Sink, with its state off, checkpointed to a file or to
 * Redis (every second), against {@link WindowBaseline}, a hand-written HashMap aggregation over the same readings and
 * jq expressions. One operation is one reading; each invocation runs a whole finite pipeline of 1,000,000 readings
 * (ten windows), start-up and end included. The Redis server is the benchmark's own, on a Unix socket (no port).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar WindowThroughput</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class WindowThroughputBenchmark {
    static final int RECORDS = 1_000_000;
    static final int KEYS = 10_000;

    /** Where the window checkpoints its state: nowhere, a local file, Redis. */
    @Param({"off", "file", "redis"})
    public String state;

    private Blueprint blueprint;
    private Path dir;
    private Process redis;

    @Setup(Level.Trial)
    public void load() throws Exception {
        dir = Files.createTempDirectory("window-bench");
        String stateConfig = switch (state) {
            case "off" -> "";
            case "file" -> ", state: {file: " + dir.resolve("state.json") + "}";
            case "redis" -> ", state: {redis: \"redis-socket://" + startRedis() + "\"}";
            default -> throw new IllegalArgumentException(state);
        };
        String yaml = """
                system:
                  name: window_bench
                  components:
                    - {name: readings, type: KeyedReadings, config: {count: %d, keys: %d}}
                    - name: per_key
                      type: StreamProcessor
                      config: {variant: window, time: event, timestamp: '%s', key: '%s', field: '%s', duration: 1s%s}
                    - {name: out, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: readings, to: per_key}
                    - {from: per_key, to: out}
                """.formatted(RECORDS, KEYS, WindowReadings.TIMESTAMP, WindowReadings.KEY, WindowReadings.FIELD, stateConfig);
        blueprint = new BlueprintLoader(ComponentRegistry.load(List.of()), Map.of())
                .load("window.yaml", new StringReader(yaml), List.of()).orThrow();
    }

    private Path startRedis() throws Exception {
        Path socket = dir.resolve("redis.sock");
        redis = new ProcessBuilder("redis-server", "--port", "0", "--unixsocket", socket.toString(), "--save", "", "--appendonly", "no",
                "--dir", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(50); // benchmark setup, not a test: the socket file appears once the server listens
        }
        return socket;
    }

    /** Every invocation starts without a checkpoint: a restored one would hold the previous run's windows. */
    @Setup(Level.Invocation)
    public void forgetState() throws Exception {
        Files.deleteIfExists(dir.resolve("state.json"));
        if (redis != null) {
            new ProcessBuilder("redis-cli", "-s", dir.resolve("redis.sock").toString(), "FLUSHALL").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
    }

    @TearDown(Level.Trial)
    public void stopRedis() throws Exception {
        if (redis != null) {
            redis.destroy();
            redis.waitFor();
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long blueprintWindow() throws InterruptedException {
        Pipeline p = Pipeline.build(blueprint);
        p.start();
        RunOutcome outcome = p.awaitCompletion();
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.toString());
        }
        long results = p.metrics().components().get(2).recordsIn();
        if (results != (long) KEYS * RECORDS / WindowReadings.PER_SECOND) {
            throw new IllegalStateException("the sink saw " + results + " window results");
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long handWrittenBaseline() throws Exception {
        long results = WindowBaseline.run(RECORDS, KEYS, 1024);
        if (results != (long) KEYS * RECORDS / WindowReadings.PER_SECOND) {
            throw new IllegalStateException("the baseline emitted " + results + " window results");
        }
        return results;
    }
}
