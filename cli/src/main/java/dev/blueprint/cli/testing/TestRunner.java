package dev.blueprint.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.cli.BlueprintCli;
import dev.blueprint.cli.testing.TestFile.Expectation;
import dev.blueprint.cli.testing.TestFile.TestCase;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.validate.BlueprintLoader;
import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.runtime.validate.Problems;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs test files: each test's plan in-process, on the real runtime, until its inputs have drained
 * through (or its timeout stops it), then checks what its outputs received.
 */
public final class TestRunner {
    /** Every test passed. */
    public static final int PASSED = 0;
    /** A test failed: the exit code of a run that failed. */
    public static final int FAILED = BlueprintCli.RUNTIME_FAILURE;
    /** A test file or its blueprint is wrong: the exit code of an invalid blueprint. */
    public static final int INVALID = BlueprintCli.INVALID;

    /** Whether {@code file} is a test file ({@code x.test.yaml} or {@code x.test.yml}), as the runner reads it. */
    public static boolean isTestFile(Path file) {
        return TestFile.isTestFile(file);
    }

    private final ComponentRegistry registry;
    private final PrintWriter out;
    private final PrintWriter err;
    private final List<String> overrides;
    private int passed;
    private int failed;

    /** A runner resolving component types through {@code registry}, reporting on {@code out} and {@code err}. */
    public TestRunner(ComponentRegistry registry, PrintWriter out, PrintWriter err) {
        this(registry, out, err, List.of());
    }

    /**
     * As {@link #TestRunner(ComponentRegistry, PrintWriter, PrintWriter)}, with {@code --set} overrides
     * ({@code component.key=value}) applied to every blueprint tested.
     */
    public TestRunner(ComponentRegistry registry, PrintWriter out, PrintWriter err, List<String> overrides) {
        this.registry = registry;
        this.out = out;
        this.err = err;
        this.overrides = List.copyOf(overrides);
    }

    /** Runs every test of every file; returns {@link #PASSED}, {@link #FAILED} or {@link #INVALID}. */
    public int run(List<Path> testFiles) throws InterruptedException {
        boolean invalid = false;
        for (Path file : testFiles) {
            invalid |= !runFile(file);
        }
        out.printf("%d passed, %d failed%s%n", passed, failed, invalid ? ", and some test files could not be run (see above)" : "");
        return invalid ? INVALID : failed > 0 ? FAILED : PASSED;
    }

    private boolean runFile(Path file) throws InterruptedException {
        Problems problems = new Problems();
        TestFile tests = TestFile.read(file, problems);
        if (tests == null) {
            problems.sorted().stream().map(Problem::format).forEach(err::println);
            return false;
        }
        BlueprintLoader.Result loaded = load(tests.blueprint());
        if (!loaded.valid()) {
            err.println(file + ": error: the blueprint it tests, " + tests.blueprint() + ", is not valid:");
            loaded.problems().stream().filter(Problem::error).map(Problem::format).forEach(err::println);
            return false;
        }
        List<TestPlan> plans = new ArrayList<>();
        for (TestCase t : tests.tests()) {
            plans.add(TestPlan.of(loaded.blueprint(), t, problems));
        }
        if (problems.hasErrors()) {
            problems.sorted().stream().map(Problem::format).forEach(err::println);
            return false;
        }
        out.println(file + " (" + tests.blueprint().getFileName() + ")");
        for (int i = 0; i < plans.size(); i++) {
            report(tests.tests().get(i), execute(plans.get(i), tests.tests().get(i)));
        }
        return true;
    }

    /**
     * Loads the blueprint a test file tests, with the overrides, and every port a component listens on set to 0 (any
     * free one) unless an override names it: tests never reach a server through its port, and a fixed one would
     * collide with the blueprint running as a service on the same machine.
     */
    @SuppressWarnings("unchecked")
    private BlueprintLoader.Result load(Path blueprint) {
        BlueprintLoader loader = new BlueprintLoader(registry, System.getenv());
        BlueprintLoader.Result loaded = loader.load(blueprint, overrides);
        if (!loaded.valid()) {
            return loaded;
        }
        List<String> anyPort = new ArrayList<>();
        for (ComponentDecl c : loaded.blueprint().components()) {
            ((ComponentProvider<java.lang.Record>) c.provider()).ports(c.config()).forEach((key, port) -> {
                String target = c.name() + "." + key;
                if (port != null && port != 0 && overrides.stream().noneMatch(o -> o.startsWith(target + "="))) {
                    anyPort.add(target + "=0");
                }
            });
        }
        if (anyPort.isEmpty()) {
            return loaded;
        }
        anyPort.addAll(overrides);
        return loader.load(blueprint, anyPort);
    }

    /** Runs one plan; returns its failures. */
    private List<String> execute(TestPlan plan, TestCase test) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        Blueprint blueprint = plan.blueprint();
        Pipeline pipeline;
        try {
            pipeline = Pipeline.build(blueprint);
        } catch (RuntimeException e) {
            return List.of(test.location() + ": the components could not be created: " + e.getMessage());
        }
        if (plan.clock() != null) {
            pipeline.useClock(plan.clock());
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blueprint-test-timeout");
            t.setDaemon(true);
            return t;
        });
        boolean[] timedOut = new boolean[1];
        // a component that never finishes on its own (a server) is stopped once the test has had its time
        timer.schedule(() -> {
            timedOut[0] = true;
            pipeline.stop();
        }, test.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            pipeline.start();
            RunOutcome outcome = pipeline.awaitCompletion();
            if (outcome.failure() != null) {
                failures.add(test.location() + ": the run failed: " + outcome.failure());
            }
        } finally {
            timer.shutdownNow();
        }
        for (Expectation x : test.expectations().values()) {
            List<JsonNode> received = plan.received().get(x.key());
            if (received != null) {
                synchronized (received) {
                    failures.addAll(Verdict.failures(x, List.copyOf(received)));
                }
            }
        }
        if (timedOut[0] && !failures.isEmpty()) {
            failures.add(test.location() + ": (the test was stopped after its timeout of " + test.timeout().toSeconds()
                    + "s: a component of it does not finish when its inputs end)");
        }
        return failures;
    }

    private void report(TestCase test, List<String> failures) {
        if (failures.isEmpty()) {
            passed++;
            out.println("  ok    " + test.name());
        } else {
            failed++;
            out.println("  FAIL  " + test.name() + " (" + test.location() + ")");
            failures.forEach(f -> out.println("    " + f));
        }
    }

}
