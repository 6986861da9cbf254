package dev.blueprint.runtime.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blueprint.runtime.registry.ComponentRegistry;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the YAML loader and the validator (Jazzer): whatever bytes a blueprint file holds,
 * loading it either succeeds or gives problems each placed at a line and column, and nothing else happens, no
 * exception, no stack overflow, no endless parse. {@code ./mvnw verify} fuzzes for ten seconds (the
 * {@code fuzz-blueprint-loader} surefire execution) and replays the saved inputs in
 * {@code BlueprintLoaderFuzzTestInputs} (seeds, and every crash found, as regression tests); docs/testing.md
 * says how to fuzz for hours.
 */
class BlueprintLoaderFuzzTest {
    private static final BlueprintLoader LOADER = new BlueprintLoader(ComponentRegistry.load(List.of()),
            Map.of("PORT", "8080", "NAME", "fuzzed", "EMPTY", ""));

    // libFuzzer's dictionary format takes no raw quotes or line breaks: the fuzzer finds those by itself
    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"system:", "name:", "description:", "components:", "bindings:", "type:", "config:", "from:", "to:",
        "from_component:", "to_component:", "stream_name:", "from_stream:", "capacity:", "overflow:", "drop_oldest",
        "shutdown_grace_period:", "Counter", "Collector", "Typed", "Pass", "Loop", "Thrower", "count:", "delay:", "size:",
        "every:", ".output", ".input", "${PORT}", "${NAME:-x}", "${UNSET}", "$${", "&a ", "*a", "<<: ", "!!binary", "- ",
        "{", "}", "[", "]", "99999999999999999999h", "1e400", "-1", "0x", "64KiB", "250ms"})
    void anyBytesAreAcceptedOrRefusedAtALineAndColumn(byte[] file) {
        check(file);
    }

    /** The same for a year, in effect until stopped: run it by name with JAZZER_FUZZ=1 (docs/testing.md); Ctrl-C ends it. */
    @FuzzTest(maxDuration = "8760h")
    @DictionaryEntries({"system:", "name:", "components:", "bindings:", "type:", "config:", "from:", "to:", "capacity:",
        "overflow:", "shutdown_grace_period:", "Counter", "Collector", "Typed", "Pass", "${PORT}", "&a ", "*a", "<<: "})
    void anyBytesAreAcceptedOrRefusedAtALineAndColumnUntilStopped(byte[] file) {
        check(file);
    }

    private static void check(byte[] file) {
        BlueprintLoader.Result result = LOADER.load("fuzz.yaml", file, List.of());

        if (result.valid()) {
            assertThat(result.blueprint().components()).isNotEmpty();
            return;
        }
        assertThat(result.problems()).filteredOn(Problem::error).isNotEmpty();
        for (Problem p : result.problems()) {
            assertThat(p.location().file()).isEqualTo("fuzz.yaml");
            assertThat(p.location().line()).as("line of %s", p.format()).isPositive();
            assertThat(p.location().column()).as("column of %s", p.format()).isPositive();
            assertThat(p.message()).isNotBlank();
        }
    }
}
