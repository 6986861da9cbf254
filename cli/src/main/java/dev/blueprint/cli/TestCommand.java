package dev.blueprint.cli;

import dev.blueprint.cli.testing.TestRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code blueprint test [PATH...]}: runs the unit tests kept beside blueprints in {@code x.test.yaml}. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Runs blueprint unit tests (x.test.yaml beside x.yaml): each test feeds records to a component or a chain of "
                + "components, runs them for real in-process (sources and sinks replaced by the test's inputs and outputs) and "
                + "checks what comes out. Exit 0 when every test passes, 1 when one fails, 2 for a bad test file.",
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint test blueprints/                 (every *.test.yaml under it)",
            "  blueprint test blueprints/hello.yaml       (its hello.test.yaml)",
            "  blueprint test blueprints/hello.test.yaml",
            "  blueprint test --set keep_all.condition='.n > 1' blueprints/hello.yaml"})
final class TestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Test files, blueprints (their x.test.yaml, or their own "
            + "tests: list) or directories (searched for both); default: the current directory.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--set", paramLabel = "COMPONENT.KEY=VALUE", description = "Override one config key of the blueprints "
            + "tested, as with run (repeatable). Ports are 0 (any free one) in tests unless set here.")
    List<String> overrides = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        var registry = common.setUp();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--log-level") && System.getenv("LOG_LEVEL") == null) {
            // the report is the output: the runtime's start and summary lines of every test would bury it
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        List<Path> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Path p : paths.isEmpty() ? List.of(Path.of(".")) : paths) {
            files.addAll(testFiles(p, missing));
        }
        missing.forEach(spec.commandLine().getErr()::println);
        if (files.isEmpty() && missing.isEmpty()) {
            spec.commandLine().getErr().println("error: no tests in " + (paths.isEmpty() ? "." : paths) + ": write x.test.yaml beside "
                    + "x.yaml, or a top-level tests: list in x.yaml");
            return BlueprintCli.INVALID;
        }
        int result = new TestRunner(registry, spec.commandLine().getOut(), spec.commandLine().getErr(), overrides).run(files);
        return missing.isEmpty() ? result : BlueprintCli.INVALID;
    }

    private static List<Path> testFiles(Path p, List<String> missing) {
        if (Files.isDirectory(p)) {
            try (Stream<Path> all = Files.walk(p)) {
                return all.filter(f -> TestRunner.isTestFile(f) || holdsTests(f)).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String name = p.getFileName().toString();
        if (TestRunner.isTestFile(p)) {
            if (Files.isRegularFile(p)) {
                return List.of(p);
            }
            missing.add(p + ": error: no such test file");
            return List.of();
        }
        Path beside = p.resolveSibling(name.replaceFirst("\\.ya?ml$", "") + ".test.yaml");
        List<Path> found = new java.util.ArrayList<>();
        if (holdsTests(p)) {
            found.add(p);
        }
        if (Files.isRegularFile(beside)) {
            found.add(beside);
        }
        if (found.isEmpty()) {
            missing.add(p + ": error: no tests: neither a 'tests:' list in it nor a test file beside it (" + beside.getFileName() + ")");
        }
        return found;
    }

    /** A blueprint that keeps its tests in itself: a top-level {@code tests:} key. */
    private static boolean holdsTests(Path f) {
        String name = f.getFileName().toString();
        if (!name.matches(".*\\.ya?ml") || TestRunner.isTestFile(f) || !Files.isRegularFile(f)) {
            return false;
        }
        try {
            return java.util.regex.Pattern.compile("(?m)^tests:").matcher(Files.readString(f)).find();
        } catch (IOException | UncheckedIOException e) {
            return false; // not text: validate or test reports it when it is named
        }
    }
}
