package dev.blueprint.components.streamprocessor;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.components.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** joining on event time: records pair when their own times are less than window apart, whatever the arrival order. */
class JoiningEventTimeTest {
    @TempDir
    Path dir;

    @Test
    void recordsPairWhenTheirEventTimesAreWithinTheWindowWhateverTheArrivalOrder() throws Exception {
        Path left = Files.write(dir.resolve("left.jsonl"), List.of("{\"id\":1,\"ts\":1000}", "{\"id\":2,\"ts\":1020}", "{\"id\":3,\"ts\":1040}"));
        Path right = Files.write(dir.resolve("right.jsonl"), List.of("{\"id\":2,\"ts\":1018}", "{\"id\":1,\"ts\":1030}", "{\"id\":1,\"ts\":1004}",
                "{\"id\":3,\"ts\":1046}"));
        String yaml = """
                system:
                  name: join_event_time
                  components:
                    - {name: l, type: Source, config: {variant: file, path: %s}}
                    - {name: r, type: Source, config: {variant: file, path: %s}}
                    - name: join
                      type: StreamProcessor
                      config: {variant: joining, key: .id, window: 5s, time: event, timestamp: .ts, allowed_lateness: 1m}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                    - {name: unmatched, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: l, to: join.left}
                    - {from: r, to: join.right}
                    - {from: join.output, to: output}
                    - {from: join.unmatched, to: unmatched}
                """.formatted(yamlPath(left), yamlPath(right), yamlPath(dir.resolve("output.jsonl")), yamlPath(dir.resolve("unmatched.jsonl")));

        Runs.run(yaml);

        // 1@1000 pairs with 1@1004 (4 s), not with 1@1030; 2@1020 with 2@1018, though it may arrive later; 3s are 6 s apart
        assertThat(lines(dir.resolve("output.jsonl"))).extracting(JsonNode::toString).containsExactlyInAnyOrder(
                "{\"key\":1,\"left\":{\"id\":1,\"ts\":1000},\"right\":{\"id\":1,\"ts\":1004}}",
                "{\"key\":2,\"left\":{\"id\":2,\"ts\":1020},\"right\":{\"id\":2,\"ts\":1018}}");
        assertThat(lines(dir.resolve("unmatched.jsonl"))).extracting(n -> n.get("record").toString()).containsExactlyInAnyOrder(
                "{\"id\":1,\"ts\":1030}", "{\"id\":3,\"ts\":1040}", "{\"id\":3,\"ts\":1046}");
    }
}
