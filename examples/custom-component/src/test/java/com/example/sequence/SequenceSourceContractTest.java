package com.example.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Record;
import dev.blueprint.testing.ComponentContractTest;
import dev.blueprint.testing.TestPipeline;
import org.junit.jupiter.api.Test;

/**
 * The plugin's {@code Source} variant passes the same conformance suite as a type (bound from its
 * required key's example, {@code to: 10}), and a blueprint reaches it through {@code variant: sequence}.
 */
class SequenceSourceContractTest extends ComponentContractTest<SequenceConfig> {
    @Override
    protected ComponentProvider<SequenceConfig> provider() {
        return new SequenceSourceProvider();
    }

    @Test
    void emitsFromToByStep() throws InterruptedException {
        assertThat(runWithSampleRecords()).extracting(Record::value).extracting(Object::toString)
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    }

    @Test
    void blueprintChoosesTheVariantOfTheBuiltInSource() {
        var blueprint = TestPipeline.load("""
                system:
                  name: plugin_variant
                  components:
                    - {name: numbers, type: Source, config: {variant: sequence, from: 10, to: 0, step: -5}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: numbers.output, to: out.input}
                """);
        assertThat(blueprint.component("numbers")).hasValueSatisfying(c -> assertThat(c.config()).isEqualTo(new SequenceConfig(10L, 0L, -5L)));
    }

    @Test
    void aKeyOfAnotherSourceVariantNamesIt() {
        assertThat(TestPipeline.problems("""
                system:
                  name: plugin_variant
                  components:
                    - {name: numbers, type: Source, config: {variant: sequence, to: 3, rate: 5}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: numbers.output, to: out.input}
                """)).singleElement().satisfies(p -> assertThat(p.format())
                .contains("numbers.config: key 'rate' belongs to Source variant 'generator', not 'sequence'; 'sequence' takes from, to, step"));
    }
}
