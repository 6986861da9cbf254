package dev.blueprint.runtime.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.InProcess;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One bad blueprint per validation rule, each checking the exact {@code file:line:col: error: message}.
 * The types come from the test providers in {@code dev.blueprint.fixtures}.
 */
class BlueprintValidationTest {

    private static List<String> problems(String yaml) {
        return InProcess.problems(yaml).stream().map(Problem::format).toList();
    }

    private static List<String> problems(String yaml, Map<String, String> env, List<String> overrides) {
        return InProcess.problems(yaml, env, overrides).stream().map(Problem::format).toList();
    }

    private static final String SINK_ONLY = """
            system:
              name: demo
              components:
                - name: src
                  type: Counter
                - name: out
                  type: Collector
              bindings:
                - from: src
                  to: out
            """;

    @Test
    void validBlueprintHasNoProblems() {
        assertThat(problems(SINK_ONLY)).isEmpty();
    }

    @Test
    void yamlSyntaxErrorIsReportedWhereItIs() {
        assertThat(problems("""
                system:
                  name: demo
                  components: [a, b
                  bindings: []
                """)).containsExactly(
                "test.yaml:4:11: error: YAML syntax error: while parsing a flow sequence: expected ',' or ']', but got :");
    }

    @Test
    void unknownTopLevelKeyIsReportedWithTheAllowedKeys() {
        assertThat(problems(SINK_ONLY + "sytem: {}\n")).containsExactly(
                "test.yaml:11:1: error: unknown key 'sytem' in the top level — did you mean 'system'? Allowed keys: system, tests");
    }

    @Test
    void tapRedactMustBeAListOfWords() {
        assertThat(problems(SINK_ONLY.replace("  name: demo\n", "  name: demo\n  tap_redact: password\n"))).containsExactly(
                "test.yaml:3:15: error: system.tap_redact must be a list of words, e.g. [password, token, card_numbers]; [] shows tapped "
                        + "records unredacted");
        assertThat(problems(SINK_ONLY.replace("  name: demo\n", "  name: demo\n  tap_redact: []\n"))).isEmpty();
    }

    @Test
    void unknownSystemKeyIsReportedWithADidYouMean() {
        assertThat(problems(SINK_ONLY.replace("  name: demo\n", "  name: demo\n  shutdown_grace: 5s\n"))).containsExactly(
                "test.yaml:3:3: error: unknown key 'shutdown_grace' in system. Allowed keys: name, description, components, bindings, shutdown_grace_period, http, tap_redact");
    }

    @Test
    void unknownComponentKeyIsReported() {
        assertThat(problems(SINK_ONLY.replace("      type: Counter\n", "      type: Counter\n      confg: {}\n"))).containsExactly(
                "test.yaml:6:7: error: unknown key 'confg' in a component — did you mean 'config'? Allowed keys: name, type, config, description");
    }

    @Test
    void unknownBindingKeyIsReported() {
        assertThat(problems(SINK_ONLY.replace("      to: out\n", "      to: out\n      capacty: 5\n"))).containsExactly(
                "test.yaml:11:7: error: unknown key 'capacty' in a binding — did you mean 'capacity'? Allowed keys: from_component, to_component, stream_name, from_stream, from, to, capacity, overflow");
    }

    @Test
    void missingSystemNameIsReported() {
        assertThat(problems(SINK_ONLY.replace("  name: demo\n", ""))).containsExactly(
                "test.yaml:2:3: error: system needs 'name'");
    }

    @Test
    void componentWithoutNameOrTypeIsReported() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - type: Counter
                    - name: out
                """)).containsExactly(
                "test.yaml:4:7: error: a component needs 'name'",
                "test.yaml:5:7: error: component 'out' needs 'type'");
    }

    @Test
    void badComponentNameIsReported() {
        assertThat(problems(SINK_ONLY.replace("name: src", "name: 9 lives").replace("from: src", "from: 9 lives")))
                .containsExactly(
                "test.yaml:4:13: error: component name '9 lives' must start with a letter or '_' and hold only letters, digits, '_' and '-'");
    }

    @Test
    void duplicateComponentNamesAreReportedAtTheSecond() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: src
                      type: Counter
                    - name: src
                      type: Counter
                    - name: out
                      type: Collector
                  bindings:
                    - from: src
                      to: out
                """)).containsExactly(
                "test.yaml:6:13: error: duplicate component name 'src' (first declared at line 4); names must be unique");
    }

    @Test
    void unknownTypeSuggestsTheClosestAndListsTheKnownTypes() {
        assertThat(problems(SINK_ONLY.replace("type: Collector", "type: Colector"))).containsExactly(
                "test.yaml:7:13: error: unknown component type 'Colector' — did you mean 'Collector'? Known types: Collector, Counter, Dier, Echo, Interrupter, Keeper, Loop, Pass, Stubborn, Thrower, Typed (types from plugin jars need --plugins DIR)");
    }

    @Test
    void everyUnknownConfigKeyIsReportedAtOnce() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                      config:
                        prot: 80
                        count: 2
                        colour: red
                """)).containsExactly(
                "test.yaml:7:9: error: unknown config key 'prot' for Typed 't' — did you mean 'port'? Allowed keys: port, count, ratio, interval, size, mode, label, strict",
                "test.yaml:9:9: error: unknown config key 'colour' for Typed 't'. Allowed keys: port, count, ratio, interval, size, mode, label, strict");
    }

    @Test
    void wrongValueTypesNameTheExpectedType() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: src
                      type: Counter
                      config:
                        count: abc
                    - name: out
                      type: Collector
                  bindings:
                    - from: src
                      to: out
                """)).containsExactly(
                "test.yaml:7:16: error: src.config.count must be an integer, was 'abc'");
    }

    @Test
    void outOfRangeValuesAreReportedAtTheValue() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                      config: { port: 70000 }
                    - name: u
                      type: Typed
                      config:
                        count: -1
                """)).containsExactly(
                "test.yaml:6:23: error: t.config.port must be 0..65535, was 70000",
                "test.yaml:10:16: error: u.config.count must not be negative, was -1");
    }

    @Test
    void badDurationIsReported() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                      config:
                        interval: 5 minutes
                """)).containsExactly(
                "test.yaml:7:19: error: t.config.interval must be a duration such as 30 (seconds), 250ms, 2s or 5m, was '5 minutes'");
    }

    @Test
    void badSizeIsReported() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                      config:
                        size: 64 parsecs
                    - name: u
                      type: Typed
                      config:
                        size: -5
                """)).containsExactly(
                "test.yaml:7:15: error: t.config.size must be a size such as 1048576, 64KiB or 1MiB, was '64 parsecs' (unknown size unit 'parsecs' in '64 parsecs': use B, KiB, MiB or GiB)",
                "test.yaml:11:15: error: u.config.size must be a size such as 1048576, 64KiB or 1MiB, was '-5' (a size must not be negative, was -5)");
    }

    @Test
    void badEnumValueListsTheChoices() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                      config:
                        mode: medium
                """)).containsExactly(
                "test.yaml:7:15: error: t.config.mode must be one of fast, slow, was 'medium'");
    }

    @Test
    void durationsAndSizesAcceptNumbersAndUnits() {
        Blueprint b = InProcess.load("""
                system:
                  name: demo
                  shutdown_grace_period: 250ms
                  components:
                    - name: t
                      type: Typed
                      config: { interval: 30, size: 1MiB }
                    - name: u
                      type: Typed
                      config: { interval: 5m, size: 512 }
                """);
        assertThat(b.shutdownGracePeriod()).hasMillis(250);
        var t = (dev.blueprint.fixtures.TypedProvider.Config) b.components().get(0).config();
        var u = (dev.blueprint.fixtures.TypedProvider.Config) b.components().get(1).config();
        assertThat(t.interval()).hasSeconds(30);
        assertThat(t.size().bytes()).isEqualTo(1024 * 1024);
        assertThat(u.interval()).hasMinutes(5);
        assertThat(u.size().bytes()).isEqualTo(512);
    }

    @Test
    void bindingsNamingUnknownComponentsAreReported() {
        assertThat(problems(SINK_ONLY.replace("from: src", "from: scr").replace("to: out", "to: nowhere"))).containsExactly(
                "test.yaml:6:7: error: input 'input' of 'out' (Collector) is not bound; add a binding with to_component: out, stream_name: input",
                "test.yaml:9:13: error: binding names unknown component 'scr' — did you mean 'src'? Components: src, out",
                "test.yaml:10:11: error: binding names unknown component 'nowhere'. Components: src, out");
    }

    @Test
    void bindingsNamingUnknownStreamsAreReported() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: src
                      type: Counter
                    - name: out
                      type: Collector
                  bindings:
                    - from_component: src
                      from_stream: outptu
                      to_component: out
                      stream_name: input
                    - from_component: src
                      to_component: out
                      stream_name: left
                """)).containsExactly(
                "test.yaml:10:20: error: component 'src' (Counter) has no output 'outptu' — did you mean 'output'? Its outputs: output, errors",
                "test.yaml:15:20: error: component 'out' (Collector) has no input 'left'. Its inputs: input");
    }

    @Test
    void badCapacityAndOverflowAreReported() {
        assertThat(problems(SINK_ONLY.replace("      to: out\n", "      to: out\n      capacity: 0\n      overflow: drop_all\n")))
                .containsExactly(
                "test.yaml:11:17: error: binding capacity must be an integer 1..16777216, was 0",
                "test.yaml:12:17: error: binding overflow must be one of block, drop_oldest, drop_newest, was 'drop_all'");
    }

    @Test
    void duplicateBindingIsReported() {
        assertThat(problems(SINK_ONLY + """
                    - from_component: src
                      to_component: out
                      stream_name: input
                """)).containsExactly(
                "test.yaml:11:7: error: duplicate binding src.output -> out.input; each pair of streams is bound once");
    }

    @Test
    void requiredInputLeftUnboundIsReportedAtTheComponent() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: src
                      type: Counter
                    - name: out
                      type: Collector
                """)).containsExactly(
                "test.yaml:6:7: error: input 'input' of 'out' (Collector) is not bound; add a binding with to_component: out, stream_name: input");
    }

    @Test
    void cycleIsRefused() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: src
                      type: Counter
                    - name: a
                      type: Pass
                    - name: b
                      type: Pass
                  bindings:
                    - { from: src, to: a }
                    - { from: a, to: b }
                    - { from: b, to: a }
                """)).containsExactly(
                "test.yaml:12:7: error: bindings form a cycle a -> b -> a; records would circle forever. Only components that allow cycles (such as WebSocket) may be part of one");
    }

    @Test
    void cycleThroughAComponentThatAllowsCyclesIsAccepted() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: src
                      type: Counter
                    - name: hub
                      type: Loop
                    - name: b
                      type: Pass
                  bindings:
                    - { from: src, to: hub }
                    - { from: hub, to: b }
                    - { from: b, to: hub.feedback }
                """)).isEmpty();
    }

    @Test
    void environmentVariablesAreSubstitutedAndTyped() {
        Blueprint b = InProcess.load("""
                system:
                  name: ${NAME:-fallback}
                  components:
                    - name: t
                      type: Typed
                      config:
                        port: ${PORT}
                        label: "${PORT}"
                        interval: ${INTERVAL:-2s}
                """, Map.of("PORT", "9000"), List.of());
        var config = (dev.blueprint.fixtures.TypedProvider.Config) b.components().get(0).config();
        assertThat(b.name()).isEqualTo("fallback");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.label()).isEqualTo("9000");
        assertThat(config.interval()).hasSeconds(2);
    }

    @Test
    void unsetEnvironmentVariableIsReported() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                      config:
                        port: ${PORT}
                """)).containsExactly(
                "test.yaml:7:15: error: environment variable PORT is not set; set it or write ${PORT:-default}");
    }

    @Test
    void setOverridesOneConfigKey() {
        Blueprint b = InProcess.load("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                      config: { port: 80, label: kept }
                """, Map.of(), List.of("t.port=9000", "t.mode=slow"));
        var config = (dev.blueprint.fixtures.TypedProvider.Config) b.components().get(0).config();
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.mode()).isEqualTo(dev.blueprint.fixtures.TypedProvider.Mode.SLOW);
        assertThat(config.label()).isEqualTo("kept");
    }

    @Test
    void setNamingAnUnknownComponentOrMalformedIsReported() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                """, Map.of(), List.of("x.port=1", "port=1", "t.port"))).containsExactly(
                "--set port=1: error: expected --set component.key=value, e.g. --set websocket_server.port=9000",
                "--set t.port: error: expected --set component.key=value, e.g. --set websocket_server.port=9000",
                "--set x.port=1: error: no component named 'x' — did you mean 't'?");
    }

    @Test
    void setWithAnInvalidValueIsReportedAtTheSetNotInTheFile() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                      config:
                        port: 80
                    - name: u
                      type: Typed
                """, Map.of(), List.of("t.port=70000", "u.mode=medium"))).containsExactly(
                "--set t.port=70000: error: t.config.port must be 0..65535, was 70000",
                "--set u.mode=medium: error: u.config.mode must be one of fast, slow, was 'medium'");
    }

    @Test
    void billionLaughsFailsFastWithAClearMessage() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        long start = System.nanoTime();
        List<String> problems = problems(yaml.toString());
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThat(problems).containsExactly(
                "test.yaml:1:1: error: cannot read YAML: Number of aliases for non-scalar nodes exceeds the specified max=50 (at most 50 aliases to collections are allowed)");
    }

    @Test
    void deeplyNestedFileIsRefused() {
        String yaml = "system: " + "[".repeat(500) + "]".repeat(500) + "\n";
        assertThat(problems(yaml)).containsExactly(
                "test.yaml:1:1: error: cannot read YAML: Nesting Depth exceeded max 64");
    }

    @Test
    void tagsDoNotInstantiateAnything() {
        assertThat(problems("""
                system:
                  name: !!java.lang.Runtime demo
                  description: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://127.0.0.1:1/"]]]]
                  components:
                    - name: t
                      type: Typed
                """)).containsExactly(
                "test.yaml:2:9: error: YAML syntax error: Global tag is not allowed: tag:yaml.org,2002:java.lang.Runtime");
    }

    @Test
    void aTagCutShortByTheEndOfTheFileIsReportedWhereItIs() {
        // SnakeYAML reads the end of the text as a character of the tag's %-escape and fails without a position
        assertThat(problems("system:\n  name: demo\n  description: !%e")).singleElement().asString()
                .startsWith("test.yaml:3:16: error: YAML syntax error: Tag must not contain leading or trailing spaces");
    }

    @Test
    void localTagsAreIgnoredAndTheValueStaysPlainData() {
        Blueprint b = InProcess.load("""
                system:
                  name: !Runtime demo
                  description: !java.lang.ProcessBuilder [touch, /tmp/blueprint-pwned]
                  components:
                    - name: t
                      type: Typed
                      config: { label: !exec whoami }
                """);
        assertThat(b.name()).isEqualTo("demo");
        assertThat(b.description()).isNull();
        assertThat(((dev.blueprint.fixtures.TypedProvider.Config) b.components().get(0).config()).label()).isEqualTo("whoami");
    }

    @Test
    void shorthandBindingsDefaultToOutputAndInput() {
        Blueprint b = InProcess.load("""
                system:
                  name: demo
                  components:
                    - name: src
                      type: Counter
                    - name: hub
                      type: Loop
                    - name: out
                      type: Collector
                  bindings:
                    - from: src
                      to: hub
                    - from: hub.output
                      to: out.input
                    - from: hub.errors
                      to: hub.feedback
                """);
        assertThat(b.bindings()).extracting(dev.blueprint.runtime.model.BindingDecl::label).containsExactly(
                "src.output -> hub.input", "hub.output -> out.input", "hub.errors -> hub.feedback");
    }

    @Test
    void checkWarningsAreReportedWithoutRefusingTheBlueprint() {
        assertThat(problems("""
                system:
                  name: demo
                  components:
                    - name: t
                      type: Typed
                      config: { label: warn }
                """)).containsExactly(
                "test.yaml:6:24: warning: t.config.label: a label of 'warn' warns");
    }
}
