package dev.blueprint.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.runtime.validate.Problems;
import dev.blueprint.runtime.yaml.EnvInterpolator;
import dev.blueprint.runtime.yaml.Location;
import dev.blueprint.runtime.yaml.YamlDocument;
import dev.blueprint.runtime.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test file, {@code x.test.yaml} beside {@code x.yaml} (or a {@code tests:} list in {@code x.yaml} itself): which
 * blueprint, and its tests. Read with the
 * blueprint's own YAML loader, so a mistake in it is reported at its {@code file:line:col} too.
 *
 * <pre>
 * blueprint: hello.yaml            # optional: x.test.yaml tests x.yaml
 * tests:
 *   - name: keeps records with n of at least 1
 *     components: [keep_all, as_is] # a chain; absent: the whole blueprint, sources and sinks replaced
 *     inputs:
 *       keep_all.input: [{n: 1}, {n: 0}]        # or {file: data/in.jsonl}
 *     time: {start: 2026-01-01T00:00:00Z, step: 1s, watermark: 2026-01-01T00:01:00Z}  # optional
 *     expect:
 *       as_is.output: [{n: 1}]                  # these records, in order; each names the fields that matter
 *       keep_all.rejected: {count: 1, each: '.n &lt; 1'}
 *       as_is.errors: {records: [...], match: exact, ignore: [/at]}
 * </pre>
 */
record TestFile(Path file, Path blueprint, List<TestCase> tests) {
    private static final List<String> ROOT_KEYS = List.of("blueprint", "tests");
    private static final List<String> TEST_KEYS = List.of("name", "component", "components", "inputs", "expect", "timeout", "time");
    private static final List<String> EXPECT_KEYS = List.of("records", "count", "each", "match", "ignore");

    /** One test: the components it runs, what goes in, what must come out. */
    record TestCase(String name, Location location, List<String> components, Map<String, Input> inputs,
            Map<String, Expectation> expectations, Duration timeout, TimeControl time) {
    }

    /** Records for one input ({@code component.stream}, a stream of the first component, or a source's name). */
    record Input(String key, Location location, List<JsonNode> records) {
    }

    /**
     * What one output must receive: {@code records} (in order; each a subset of what came unless {@code match: exact},
     * with the {@code ignore} pointers left out), {@code count} records, each meeting the jq condition {@code each}; any
     * of the three may be absent.
     */
    record Expectation(String key, Location location, List<JsonNode> records, Integer count, String each, Location eachLocation,
            JsonMatch match) {
    }

    /** Whether {@code file} is a test file ({@code x.test.yaml}) rather than a blueprint holding {@code tests:} itself. */
    static boolean isTestFile(Path file) {
        return file.getFileName().toString().matches(".*\\.test\\.ya?ml");
    }

    /**
     * Reads {@code file}: a test file, or a blueprint with a {@code tests:} list of its own; what is wrong goes to
     * {@code problems}, and then the result is null.
     */
    static TestFile read(Path file, Problems problems) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            problems.error(new Location(file.toString(), 0, 0), "cannot read the test file: " + e.getMessage());
            return null;
        }
        YamlDocument doc = new YamlLoader(new EnvInterpolator(System.getenv())).load(file.toString(), text, problems);
        if (problems.hasErrors()) {
            return null;
        }
        return new Reader(file, doc, problems, !isTestFile(file)).read();
    }

    /** The blueprint a test file tests by its name: {@code x.test.yaml} tests {@code x.yaml}. */
    static Path blueprintBeside(Path testFile) {
        String name = testFile.getFileName().toString().replaceFirst("\\.test\\.ya?ml$", "");
        Path yaml = testFile.resolveSibling(name + ".yaml");
        return Files.exists(yaml) || !Files.exists(testFile.resolveSibling(name + ".yml")) ? yaml : testFile.resolveSibling(name + ".yml");
    }

    /** One pass over one document. */
    private record Reader(Path file, YamlDocument doc, Problems problems, boolean inBlueprint) {
        TestFile read() {
            JsonNode root = doc.root();
            if (!root.isObject() || !root.path("tests").isArray()) {
                problems.error(doc.valueAt(inBlueprint ? "/tests" : ""), inBlueprint ? "'tests:' is a list of tests"
                        : "a test file is a mapping with 'tests:', a list of tests (and optionally 'blueprint:')");
                return null;
            }
            Path blueprint;
            if (inBlueprint) {
                blueprint = file; // the blueprint's loader checks the rest of the file
            } else {
                unknownKeys(root, "", ROOT_KEYS, "a test file");
                blueprint = root.path("blueprint").isTextual() ? file.toAbsolutePath().getParent().resolve(root.get("blueprint").asText())
                        : blueprintBeside(file);
            }
            List<TestCase> tests = new ArrayList<>();
            JsonNode list = root.get("tests");
            for (int i = 0; i < list.size(); i++) {
                TestCase t = test(list.get(i), "/tests/" + i);
                if (t != null) {
                    tests.add(t);
                }
            }
            if (tests.isEmpty() && !problems.hasErrors()) {
                problems.error(doc.valueAt("/tests"), "'tests' holds no test");
            }
            return problems.hasErrors() ? null : new TestFile(file, blueprint, tests);
        }

        private TestCase test(JsonNode t, String pointer) {
            if (!t.isObject()) {
                problems.error(doc.valueAt(pointer), "a test is a mapping with name, components, inputs and expect");
                return null;
            }
            unknownKeys(t, pointer, TEST_KEYS, "a test");
            String name = t.path("name").isTextual() ? t.get("name").asText() : null;
            if (name == null) {
                problems.error(doc.valueAt(pointer), "a test needs 'name': a sentence saying what it checks");
            }
            List<String> components = new ArrayList<>();
            if (t.has("component")) {
                components.add(t.get("component").asText());
            }
            if (t.has("components")) {
                if (!t.get("components").isArray()) {
                    problems.error(doc.valueAt(pointer + "/components"), "'components' is a list of component names, e.g. [keep_all, as_is]");
                } else {
                    t.get("components").forEach(c -> components.add(c.asText()));
                }
            }
            Map<String, Input> inputs = new LinkedHashMap<>();
            JsonNode in = t.path("inputs");
            if (!in.isMissingNode() && !in.isObject()) {
                problems.error(doc.valueAt(pointer + "/inputs"), "'inputs' maps an input (component.stream) to its records");
            } else {
                in.fields().forEachRemaining(e -> {
                    Input input = input(e.getKey(), e.getValue(), pointer + "/inputs/" + YamlLoader.escape(e.getKey()));
                    if (input != null) {
                        inputs.put(e.getKey(), input);
                    }
                });
            }
            Map<String, Expectation> expect = new LinkedHashMap<>();
            JsonNode ex = t.path("expect");
            if (!ex.isObject() || ex.isEmpty()) {
                problems.error(doc.valueAt(ex.isMissingNode() ? pointer : pointer + "/expect"),
                        "a test needs 'expect': what an output (component.stream) must receive");
            } else {
                ex.fields().forEachRemaining(e -> {
                    Expectation x = expectation(e.getKey(), e.getValue(), pointer + "/expect/" + YamlLoader.escape(e.getKey()));
                    if (x != null) {
                        expect.put(e.getKey(), x);
                    }
                });
            }
            Duration timeout = Duration.ofSeconds(10);
            if (t.has("timeout")) {
                try {
                    timeout = BlueprintJson.config().treeToValue(t.get("timeout"), Duration.class);
                } catch (IOException | IllegalArgumentException e) {
                    problems.error(doc.valueAt(pointer + "/timeout"), "timeout must be a duration such as 5s, was " + t.get("timeout"));
                }
            }
            TimeControl time = t.has("time") ? TimeControl.read(t.get("time"), pointer + "/time", doc, problems) : null;
            return new TestCase(name, doc.valueAt(pointer), List.copyOf(components), inputs, expect, timeout, time);
        }

        private Input input(String key, JsonNode value, String pointer) {
            if (value.isArray()) {
                List<JsonNode> records = new ArrayList<>();
                value.forEach(records::add);
                return new Input(key, doc.keyAt(pointer), records);
            }
            if (value.isObject() && value.path("file").isTextual() && value.size() == 1) {
                Path jsonl = file.toAbsolutePath().getParent().resolve(value.get("file").asText()).normalize();
                try {
                    List<JsonNode> records = new ArrayList<>();
                    for (String line : Files.readAllLines(jsonl)) {
                        if (!line.isBlank()) {
                            records.add(BlueprintJson.records().readTree(line));
                        }
                    }
                    return new Input(key, doc.keyAt(pointer), records);
                } catch (IOException e) {
                    problems.error(doc.valueAt(pointer + "/file"), "cannot read the JSON lines of " + jsonl + ": " + e.getMessage());
                    return null;
                }
            }
            problems.error(doc.valueAt(pointer), "an input is a list of records, or {file: records.jsonl} (JSON lines, relative to the test file)");
            return null;
        }

        private Expectation expectation(String key, JsonNode value, String pointer) {
            if (value.isArray()) {
                List<JsonNode> records = new ArrayList<>();
                value.forEach(records::add);
                return new Expectation(key, doc.keyAt(pointer), records, null, null, null, new JsonMatch(true, List.of()));
            }
            if (!value.isObject()) {
                problems.error(doc.valueAt(pointer), "an expectation is a list of records (exactly those, in order) or a mapping "
                        + "with records, count, each (a jq condition every record meets), match (subset or exact) and ignore (JSON pointers)");
                return null;
            }
            unknownKeys(value, pointer, EXPECT_KEYS, "an expectation");
            List<JsonNode> records = null;
            if (value.has("records")) {
                if (!value.get("records").isArray()) {
                    problems.error(doc.valueAt(pointer + "/records"), "'records' is a list of the records expected, in order");
                } else {
                    records = new ArrayList<>();
                    value.get("records").forEach(records::add);
                }
            }
            Integer count = null;
            if (value.has("count")) {
                if (!value.get("count").canConvertToInt() || !value.get("count").isIntegralNumber() || value.get("count").asInt() < 0) {
                    problems.error(doc.valueAt(pointer + "/count"), "'count' is a whole number of records, 0 or more, was " + value.get("count"));
                } else {
                    count = value.get("count").asInt();
                }
            }
            String each = null;
            if (value.has("each")) {
                each = value.get("each").asText();
                dev.blueprint.components.jq.JqExpression.problem("each", each)
                        .ifPresent(p -> problems.error(doc.valueAt(pointer + "/each"), key + ".each " + p.message()));
            }
            return new Expectation(key, doc.keyAt(pointer), records, count, each, doc.valueAt(pointer + "/each"), match(value, pointer));
        }

        /** {@code match: subset | exact} (subset when absent) and {@code ignore: [/json/pointer, ...]}. */
        private JsonMatch match(JsonNode value, String pointer) {
            String match = value.path("match").asText("subset");
            if (!match.equals("subset") && !match.equals("exact")) {
                problems.error(doc.valueAt(pointer + "/match"), "'match' is subset (the fields named, the default) or exact, was " + value.get("match"));
            }
            List<com.fasterxml.jackson.core.JsonPointer> ignore = new ArrayList<>();
            JsonNode list = value.path("ignore");
            if (!list.isMissingNode() && !list.isArray()) {
                problems.error(doc.valueAt(pointer + "/ignore"), "'ignore' is a list of JSON pointers, e.g. [/start, /end]");
            }
            for (int i = 0; i < list.size(); i++) {
                String p = list.get(i).asText();
                try {
                    if (!p.startsWith("/")) {
                        throw new IllegalArgumentException("a JSON pointer starts with /");
                    }
                    ignore.add(com.fasterxml.jackson.core.JsonPointer.compile(p));
                } catch (IllegalArgumentException e) {
                    problems.error(doc.valueAt(pointer + "/ignore/" + i), "'" + p + "' is not a JSON pointer (/field/0/inner): " + e.getMessage());
                }
            }
            return new JsonMatch(!match.equals("exact"), List.copyOf(ignore));
        }

        private void unknownKeys(JsonNode node, String pointer, List<String> allowed, String what) {
            node.fieldNames().forEachRemaining(k -> {
                if (!allowed.contains(k)) {
                    problems.error(doc.keyAt(pointer + "/" + YamlLoader.escape(k)), "unknown key '" + k + "' in " + what
                            + dev.blueprint.runtime.validate.Suggestions.didYouMean(k, allowed) + " Allowed keys: " + String.join(", ", allowed));
                }
            });
        }
    }
}
