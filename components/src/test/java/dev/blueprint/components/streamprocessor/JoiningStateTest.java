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

/**
 * joining with a state file: records still in their window at the end of a run are kept, restored by the next run and
 * paired there; a record whose id is buffered (restored, or come earlier in the run) is a redelivery, not paired again.
 */
class JoiningStateTest {
    /** A century ahead: the end of each run's input moves the watermark to now, which leaves these in their window. */
    private static final long FUTURE = 1796390260L + 100L * 365 * 24 * 3600;

    @TempDir
    Path dir;

    private List<String> run(List<String> leftRecords, List<String> rightRecords) throws Exception {
        Path l = Files.write(dir.resolve("left.jsonl"), leftRecords);
        Path r = Files.write(dir.resolve("right.jsonl"), rightRecords);
        Path output = dir.resolve("output.jsonl");
        Path unmatched = dir.resolve("unmatched.jsonl");
        Files.deleteIfExists(output);
        Files.deleteIfExists(unmatched);
        String yaml = """
                system:
                  name: join_state
                  components:
                    - {name: l, type: Source, config: {variant: file, path: %s}}
                    - {name: r, type: Source, config: {variant: file, path: %s}}
                    - name: join
                      type: StreamProcessor
                      config: {variant: joining, key: .k, window: 10s, time: event, timestamp: .ts, allowed_lateness: 1m,
                               id: .mid, state: {file: %s, interval: 50ms}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                    - {name: unmatched, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: l, to: join.left}
                    - {from: r, to: join.right}
                    - {from: join.output, to: output}
                    - {from: join.unmatched, to: unmatched}
                """.formatted(yamlPath(l), yamlPath(r), yamlPath(dir.resolve("join-state.json")), yamlPath(output), yamlPath(unmatched));
        Runs.run(yaml);
        assertThat(lines(unmatched)).as("unmatched").isEmpty();
        return lines(output).stream().map(p -> p.get("left").get("mid").asText() + "+" + p.get("right").get("mid").asText()).toList();
    }

    private static String rec(String mid, int k, int offsetSeconds) {
        return "{\"mid\":\"" + mid + "\",\"k\":" + k + ",\"ts\":" + (FUTURE + offsetSeconds) + "}";
    }

    @Test
    void bufferedRecordsSurviveARestartAndARedeliveredOneIsNotPairedTwice() throws Exception {
        assertThat(run(List.of(rec("l1", 1, 1), rec("l2", 2, 2), rec("l3", 3, 3)), List.of())).isEmpty();
        assertThat(dir.resolve("join-state.json")).exists();
        JsonNode state = Runs.json(Files.readString(dir.resolve("join-state.json")));
        assertThat(state.get("buffer")).hasSize(3);

        // l1 and l2 come again (their source redelivers them), r1 twice; each pair is made once
        List<String> second = run(List.of(rec("l1", 1, 1), rec("l2", 2, 2)), List.of(rec("r1", 1, 4), rec("r2", 2, 5), rec("r1", 1, 4)));
        assertThat(second).containsExactlyInAnyOrder("l1+r1", "l2+r2");

        // l3 waited through two runs; r1 once more is still known by its id
        List<String> third = run(List.of(), List.of(rec("r3", 3, 6), rec("r1", 1, 4)));
        assertThat(third).containsExactly("l3+r3");
    }

    @Test
    void withoutStateTheEndOfTheInputsSendsTheUnpairedToUnmatchedAndIdStillDedups() throws Exception {
        Path l = Files.write(dir.resolve("left.jsonl"), List.of(rec("l1", 1, 1), rec("l1", 1, 1), rec("l2", 2, 2)));
        // the right record's id equals a left one's (two streams number their messages alike): ids are per side
        Path r = Files.write(dir.resolve("right.jsonl"), List.of(rec("l1", 1, 3)));
        String yaml = """
                system:
                  name: join_ids
                  components:
                    - {name: l, type: Source, config: {variant: file, path: %s}}
                    - {name: r, type: Source, config: {variant: file, path: %s}}
                    - name: join
                      type: StreamProcessor
                      config: {variant: joining, key: .k, window: 10s, time: event, timestamp: .ts, allowed_lateness: 1m, id: .mid}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                    - {name: unmatched, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: l, to: join.left}
                    - {from: r, to: join.right}
                    - {from: join.output, to: output}
                    - {from: join.unmatched, to: unmatched}
                """.formatted(yamlPath(l), yamlPath(r), yamlPath(dir.resolve("output.jsonl")), yamlPath(dir.resolve("unmatched.jsonl")));
        Runs.run(yaml);
        assertThat(lines(dir.resolve("output.jsonl"))).hasSize(1);
        assertThat(lines(dir.resolve("unmatched.jsonl"))).extracting(n -> n.get("record").get("mid").asText()).containsExactly("l2");
    }
}
