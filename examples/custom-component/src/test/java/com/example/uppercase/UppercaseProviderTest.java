package com.example.uppercase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.blueprint.testing.TestPipeline;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class UppercaseProviderTest {
    private final JsonMapper json = new JsonMapper();

    @Test
    void upperCasesEveryStringFieldByDefault() throws IOException {
        var component = new UppercaseProvider.Uppercase(new UppercaseConfig(null));
        assertThat(component.transform(json.readTree("{\"a\":\"hello\",\"b\":1,\"c\":\"World\"}")))
                .isEqualTo(json.readTree("{\"a\":\"HELLO\",\"b\":1,\"c\":\"WORLD\"}"));
    }

    @Test
    void upperCasesOnlyTheNamedFields() throws IOException {
        var component = new UppercaseProvider.Uppercase(new UppercaseConfig(List.of("a")));
        assertThat(component.transform(json.readTree("{\"a\":\"hello\",\"c\":\"world\"}")))
                .isEqualTo(json.readTree("{\"a\":\"HELLO\",\"c\":\"world\"}"));
    }

    @Test
    void leavesTheInputRecordUnchanged() throws IOException {
        var input = json.readTree("{\"a\":\"hello\"}");
        new UppercaseProvider.Uppercase(new UppercaseConfig(null)).transform(input);
        assertThat(input.get("a").asText()).isEqualTo("hello");
    }

    @Test
    void blueprintWithTheTypeValidatesThroughServiceLoader() {
        var blueprint = TestPipeline.load("""
                system:
                  name: plugin
                  components:
                    - name: src
                      type: Source
                      config: { count: 1 }
                    - name: up
                      type: Uppercase
                      config: { fields: [name] }
                    - name: out
                      type: Sink
                  bindings:
                    - { from: src.output, to: up.input }
                    - { from: up.output, to: out.input }
                """);
        assertThat(blueprint.component("up")).isPresent();
    }
}
