package dev.blueprint.runtime.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.fixtures.EchoVariants;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.registry.ConfigDescriber;
import dev.blueprint.runtime.registry.ConfigKey;
import dev.blueprint.runtime.InProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A type with variants ({@code Echo}: {@code loud}, the default, and {@code quiet}, from the test
 * fixtures): the variant is resolved first, its own record is bound without the {@code variant} key,
 * and errors name the variant.
 */
class VariantResolutionTest {

    private static String blueprint(String echoConfig) {
        return """
                system:
                  name: demo
                  components:
                    - name: src
                      type: Counter
                    - name: echo
                      type: Echo
                      config: %s
                    - name: out
                      type: Collector
                  bindings:
                    - {from: src, to: echo}
                    - {from: echo, to: out}
                """.formatted(echoConfig);
    }

    private static List<String> problems(String echoConfig) {
        return InProcess.problems(blueprint(echoConfig)).stream().map(Problem::format).toList();
    }

    @Test
    void withoutAVariantKeyTheDefaultVariantIsBound() {
        var echo = InProcess.load(blueprint("{volume: 5}")).component("echo").orElseThrow();
        assertThat(echo.type()).isEqualTo("Echo");
        assertThat(echo.config()).isEqualTo(new EchoVariants.LoudConfig(5));
    }

    @Test
    void theVariantKeyChoosesTheVariantsOwnRecord() {
        var echo = InProcess.load(blueprint("{variant: quiet, whisper: hush}")).component("echo").orElseThrow();
        assertThat(echo.config()).isEqualTo(new EchoVariants.QuietConfig("hush", 10));
        assertThat(InProcess.load(blueprint("{variant: QUIET, whisper: hush}")).component("echo").orElseThrow().config())
                .as("variant names in any case, as the enum used to accept").isInstanceOf(EchoVariants.QuietConfig.class);
    }

    @Test
    void aKeyOfAnotherVariantIsAnErrorNamingBoth() {
        assertThat(problems("{variant: quiet, whisper: hush, volume: 2}")).containsExactly(
                "test.yaml:8:47: error: echo.config: key 'volume' belongs to Echo variant 'loud', not 'quiet'; 'quiet' takes whisper, pause");
    }

    @Test
    void anUnknownKeyOfNoVariantListsTheVariantsKeys() {
        assertThat(problems("{volum: 2}")).containsExactly(
                "test.yaml:8:16: error: unknown config key 'volum' for Echo (variant loud) 'echo' — did you mean 'volume'? Allowed keys: volume");
    }

    @Test
    void anUnknownVariantIsAnErrorAtItsValueWithASuggestion() {
        assertThat(problems("{variant: quite}")).containsExactly(
                "test.yaml:8:25: error: echo.config.variant: unknown Echo variant 'quite' — did you mean 'quiet'? Known variants: "
                        + "loud, quiet (variants from plugin jars need --plugins DIR)");
    }

    @Test
    void theVariantsOwnChecksNameItsKeys() {
        assertThat(problems("{variant: quiet}")).singleElement().asString().contains("echo.config.whisper is required");
    }

    @Test
    void registryGroupsVariantsUnderTheirTypeWithTheDefault() {
        ComponentRegistry registry = ComponentRegistry.load(List.of());
        assertThat(registry.find("Echo")).isEmpty();
        assertThat(registry.variants("Echo")).hasValueSatisfying(set -> {
            assertThat(set.names()).containsExactly("loud", "quiet");
            assertThat(set.defaultVariant().variant()).isEqualTo("loud");
            assertThat(set.owners("whisper")).containsExactly("quiet");
        });
        assertThat(registry.typeNames()).contains("Echo", "Counter");
    }

    @Test
    void describerShowsARequiredKeyWithItsExampleAndTheOtherDefaults() {
        List<ConfigKey> keys = ConfigDescriber.keys(new EchoVariants.Quiet());
        assertThat(keys).extracting(ConfigKey::name).containsExactly("whisper", "pause");
        assertThat(keys.get(0).required()).isTrue();
        assertThat(keys.get(0).example().asText()).isEqualTo("psst");
        assertThat(keys.get(1).defaultValue().asInt()).isEqualTo(10);
    }
}
