package dev.blueprint.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Doc;
import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.api.Record;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.runtime.registry.ConfigDescriber;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance suite every component type should pass. A provider author extends it and overrides
 * {@link #provider()} (and, when the defaults do not suit, {@link #config()} and {@link #sampleRecords()}):
 *
 * <pre>{@code
 * class UppercaseContractTest extends ComponentContractTest<UppercaseConfig> {
 *     protected ComponentProvider<UppercaseConfig> provider() { return new UppercaseProvider(); }
 * }
 * }</pre>
 *
 * <p>A {@link VariantProvider} (a variant of {@code Source}, {@code Sink} or {@code StreamProcessor}) is
 * tested the same way: {@code provider()} returns the variant's provider.
 *
 * <p>It checks what the runtime and {@code blueprint components} rely on: a usable type (and variant) name and
 * description, a config record that binds from its minimal config (every key has a default, or is required
 * and has a {@link Doc#example()}), refuses
 * unknown keys and documents each key with {@link Doc}, declared streams, a cheap {@code create()}, and a
 * lifecycle that works in a real pipeline: records fed to the required inputs are handled without errors
 * and the component finishes when its inputs end; a component without inputs returns from {@code run()}
 * on graceful stop.
 *
 * @param <C> the config record type
 */
@Timeout(60)
public abstract class ComponentContractTest<C extends java.lang.Record> {

    /** The provider under test; a new instance each call is fine. */
    protected abstract ComponentProvider<C> provider();

    /**
     * The config the lifecycle checks run with. Default: bound from the minimal config (an empty mapping
     * when every key has a default), as a component with only its required keys gets it.
     */
    protected C config() {
        return bind(minimalConfig());
    }

    /** The required keys mapped to their {@link Doc#example()}s, as JSON; {@code {}} when there are none. */
    protected final String minimalConfig() {
        return ConfigDescriber.minimalConfig(provider().configType()).toString();
    }

    /** Records fed to every required input; by default three small JSON objects. */
    protected List<JsonNode> sampleRecords() {
        return List.of(json("{\"n\":1,\"text\":\"one\"}"), json("{\"n\":2,\"text\":\"two\"}"), json("{\"n\":3,\"text\":\"three\"}"));
    }

    /** Binds {@code configJson} (snake_case keys) to the provider's config record, as the loader does. */
    protected final C bind(String configJson) {
        try {
            return BlueprintJson.config().readValue(configJson, provider().configType());
        } catch (Exception e) {
            throw new AssertionError("cannot bind " + configJson + " to " + provider().configType().getName() + ": " + e.getMessage(), e);
        }
    }

    /** Parses a JSON value. */
    protected static JsonNode json(String text) {
        try {
            return BlueprintJson.records().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void typeNameIsOneWordThatBlueprintsCanWrite() {
        assertThat(provider().type()).as("type()").isNotNull().matches("[A-Za-z][A-Za-z0-9_]*");
    }

    @Test
    void descriptionIsOneNonBlankLine() {
        assertThat(provider().description()).as("description()").isNotBlank().doesNotContain("\n");
    }

    @Test
    void providerCanBeFoundByServiceLoader() {
        Class<?> type = provider().getClass();
        assertThat(Modifier.isPublic(type.getModifiers())).as(type + " is public").isTrue();
        assertThatCode(() -> type.getConstructor()).as(type + " has a public no-argument constructor").doesNotThrowAnyException();
        assertThat(ServiceLoader.load(ComponentProvider.class).stream().map(ServiceLoader.Provider::type))
                .as("META-INF/services/dev.blueprint.api.ComponentProvider lists " + type.getName()).contains((Class) type);
    }

    @Test
    void variantNameIsSnakeCaseAndTheConfigLeavesTheVariantKeyToTheLoader() {
        if (provider() instanceof VariantProvider<?> v) {
            assertThat(v.variant()).as("variant()").isNotNull().matches("[a-z][a-z0-9_]*");
            assertThat(ConfigDescriber.keyNames(provider().configType())).as("keys of " + v.variant()).doesNotContain("variant");
        }
    }

    @Test
    void configBindsFromItsRequiredKeysBecauseEveryOtherKeyHasADefault() {
        assertThat(provider().configType().isRecord()).as("configType() is a record").isTrue();
        assertThat(bind(minimalConfig())).as("bound from " + minimalConfig() + " (required keys need @Doc(example = ...))")
                .isNotNull().isEqualTo(bind(minimalConfig()));
    }

    @Test
    void everyConfigKeyIsDocumented() {
        for (RecordComponent rc : provider().configType().getRecordComponents()) {
            Doc doc = rc.getAnnotation(Doc.class);
            assertThat(doc).as("@Doc on " + provider().configType().getSimpleName() + "." + rc.getName()).isNotNull();
            assertThat(doc.value()).as("@Doc text of " + rc.getName()).isNotBlank();
        }
    }

    @Test
    void unknownConfigKeysAreRefused() {
        var config = ConfigDescriber.minimalConfig(provider().configType()).put("no_such_key_at_all", 1);
        assertThatThrownBy(() -> BlueprintJson.config().treeToValue(config, provider().configType()))
                .isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void streamsAreDeclaredWithDistinctNames() {
        for (C config : List.of(bind(minimalConfig()), config())) {
            Streams streams = provider().streams(config);
            assertThat(streams).as("streams(" + config + ")").isNotNull();
            Set<String> inputs = new HashSet<>();
            streams.inputs().forEach(in -> assertThat(inputs.add(in.name())).as("input " + in.name() + " declared once").isTrue());
            Set<String> outputs = new HashSet<>();
            streams.outputs().forEach(out -> assertThat(outputs.add(out.name())).as("output " + out.name() + " declared once").isTrue());
            assertThat(inputs).allMatch(n -> n.matches("[a-z][a-z0-9_]*"), "snake_case input names");
            assertThat(outputs).allMatch(n -> n.matches("[a-z][a-z0-9_]*"), "snake_case output names");
        }
    }

    @Test
    void checkFindsNoErrorInTheConfigs() {
        for (C config : List.of(bind(minimalConfig()), config())) {
            List<ConfigProblem> problems = provider().check(config);
            assertThat(problems).as("check(" + config + ")").isNotNull().noneMatch(ConfigProblem::error);
        }
    }

    @Test
    void createIsCheapAndStartsNothing() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Component a = provider().create(config());
        Component b = provider().create(config());
        assertThat(a).isNotNull().isNotSameAs(b);
        Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
        started.removeAll(before);
        // the JVM's own helpers (reference handler, cleaner) may appear at any time; they are not ours
        started.removeIf(t -> !t.isAlive() || t.getThreadGroup() == null || t.getThreadGroup() != Thread.currentThread().getThreadGroup());
        assertThat(started).as("threads started by create(); start them in start()").isEmpty();
    }

    @Test
    void stopAndCloseWithoutStartAreHarmless() {
        Component c = provider().create(config());
        assertThatCode(() -> {
            c.stop();
            c.close();
        }).doesNotThrowAnyException();
    }

    @Test
    void handlesSampleRecordsAndFinishesWhenItsInputsEnd() throws InterruptedException {
        runWithSampleRecords();
    }

    /**
     * Runs the component in a real pipeline: feeds {@link #sampleRecords()} to each required input (or,
     * without inputs, waits until the run is ready (its readiness checks pass) and stops gracefully), checks that it
     * finished cleanly without errors, and returns what it emitted on any output. Subclasses call it to
     * check a component's effects (files written, say).
     */
    protected final List<Record> runWithSampleRecords() throws InterruptedException {
        ContractHarness harness = new ContractHarness();
        Pipeline pipeline = harness.build(provider(), config(), sampleRecords(), Duration.ofSeconds(10));
        boolean hasInputs = provider().streams(config()).inputs().stream().anyMatch(Streams.StreamSpec::required);
        pipeline.start();
        if (!hasInputs) {
            // a source is stopped once it is up: its readiness checks pass (a broker source is connected)
            await("the component under test ready (its readiness checks pass)").atMost(Duration.ofSeconds(10))
                    .until(() -> pipeline.readiness().notReady().isEmpty());
            pipeline.stop();
        }
        RunOutcome outcome = pipeline.awaitCompletion();
        assertThat(outcome.failure()).as("failure").isNull();
        assertThat(outcome.graceExceeded()).as(hasInputs ? "finished after its inputs ended" : "returned from run() on stop()").isFalse();
        PipelineMetrics.ComponentStats stats = pipeline.metrics().components().stream()
                .filter(c -> c.name().equals(ContractHarness.UNDER_TEST)).findFirst().orElseThrow();
        assertThat(stats.errors()).as("errors on the sample records").isZero();
        if (hasInputs) {
            assertThat(stats.recordsIn()).as("records taken").isEqualTo(sampleRecords().size()
                    * provider().streams(config()).inputs().stream().filter(Streams.StreamSpec::required).count());
        }
        assertThat(harness.collected()).as("records emitted").hasSize((int) stats.recordsOut());
        return harness.collected();
    }
}
