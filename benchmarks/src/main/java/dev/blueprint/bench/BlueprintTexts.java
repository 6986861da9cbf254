package dev.blueprint.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/** The blueprints the benchmarks run. */
final class BlueprintTexts {
    /** The record every source emits: a static template, so that no placeholder rendering is measured. */
    static final JsonNode SAMPLE = parse("{\"level\":\"info\",\"service\":\"api\",\"latency_ms\":42,\"msg\":\"request served\"}");

    private BlueprintTexts() {
    }

    /** The jq Filter condition and Transformer expression of the {@code jq} stages. */
    static final String CONDITION = ".latency_ms >= 0";
    static final String EXPRESSION = "{service, latency_ms, slow: (.latency_ms > 100)}";

    static String pipeline(String stages, int records) {
        String filter = "";
        String transformer = "";
        String source = "type: Source\n      config: { rate: 0, count: %d, template: %s }".formatted(records, SAMPLE.toString());
        if (stages.equals("jq")) {
            filter = "\n      config: { condition: '" + CONDITION + "' }";
            transformer = "\n      config: { expression: '" + EXPRESSION + "' }";
        } else if (stages.equals("passthrough-acknowledged")) {
            // the same records, each tracked until the sink has handled it (what a Redis Stream source asks for)
            source = "type: AcknowledgedGenerator\n      config: { count: %d }".formatted(records);
        } else if (!stages.equals("passthrough")) {
            throw new IllegalArgumentException("stages must be passthrough, passthrough-acknowledged or jq, was " + stages);
        }
        return """
                system:
                  name: bench
                  components:
                    - name: src
                      %s
                    - name: filter
                      type: Filter%s
                    - name: transform
                      type: Transformer%s
                    - name: sink
                      type: Sink
                      config: { variant: discard }
                  bindings:
                    - { from: src.output, to: filter.input }
                    - { from: filter.output, to: transform.input }
                    - { from: transform.output, to: sink.input }
                """.formatted(source, filter, transformer);
    }

    private static JsonNode parse(String json) {
        try {
            return new JsonMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
