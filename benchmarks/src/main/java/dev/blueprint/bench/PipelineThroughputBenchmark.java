package dev.blueprint.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.validate.BlueprintLoader;
import java.io.StringReader;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records per second through generator Source → Filter → Transformer → discard Sink, against
 * {@link QueueBaseline}: four hand-written threads over ArrayBlockingQueues doing the same hand-offs
 * (and, for the jq stages, evaluating the same expressions).
 * One operation is one record.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PipelineThroughput</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class PipelineThroughputBenchmark {
    static final int RECORDS = 500_000;

    /**
     * Which stages: pass-through Filter/Transformer (with every record tracked for acknowledgement in
     * {@code passthrough-acknowledged}), or the jq ones.
     */
    @Param({"passthrough", "passthrough-acknowledged", "jq"})
    public String stages;

    private Blueprint blueprint;
    private JsonNode sample;
    private QueueBaseline.Stage baselineFilter;
    private QueueBaseline.Stage baselineTransform;

    @Setup(Level.Trial)
    public void load() throws Exception {
        String yaml = BlueprintTexts.pipeline(stages, RECORDS);
        blueprint = new BlueprintLoader(ComponentRegistry.load(List.of()), Map.of())
                .load(stages + ".yaml", new StringReader(yaml), List.of()).orThrow();
        sample = BlueprintTexts.SAMPLE;
        boolean jq = stages.equals("jq");
        baselineFilter = jq ? QueueBaseline.jqFilter(BlueprintTexts.CONDITION) : QueueBaseline.passthrough();
        baselineTransform = jq ? QueueBaseline.jqTransform(BlueprintTexts.EXPRESSION) : QueueBaseline.passthrough();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long blueprintPipeline() throws InterruptedException {
        Pipeline p = Pipeline.build(blueprint);
        p.start();
        RunOutcome outcome = p.awaitCompletion();
        if (!outcome.succeeded()) {
            throw new IllegalStateException(outcome.toString());
        }
        long in = p.metrics().components().get(3).recordsIn();
        if (in != RECORDS) {
            throw new IllegalStateException("sink saw " + in + " records, expected " + RECORDS);
        }
        if (p.metrics().components().get(0).awaitingAcknowledgement() != 0) {
            throw new IllegalStateException("records left unacknowledged: " + p.metrics().components().get(0).awaitingAcknowledgement());
        }
        return in;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long handWrittenBaseline() throws InterruptedException {
        return QueueBaseline.run(sample, RECORDS, 1024, baselineFilter, baselineTransform);
    }
}
