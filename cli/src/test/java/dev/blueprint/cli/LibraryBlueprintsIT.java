package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the component-library example blueprints under {@code blueprints/} through the CLI jar and checks their output. */
class LibraryBlueprintsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void logProcessingBlueprintWritesOneAlertPerWarningOrError() throws IOException {
        Path alerts = dir.resolve("alerts.jsonl");

        CliRunner.Result r = CliRunner.run("run", CliRunner.blueprint("log-processing.yaml").toString(), "--set", "alerts.path=" + alerts);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readAllLines(alerts)).containsExactly(
                "{\"at\":\"2026-11-23T08:00:02Z\",\"severity\":\"error\",\"service\":\"api\",\"summary\":\"upstream timeout on /payments\"}",
                "{\"at\":\"2026-11-23T08:00:04Z\",\"severity\":\"warn\",\"service\":\"api\",\"summary\":\"slow request on /orders\"}",
                "{\"at\":\"2026-11-23T08:00:06Z\",\"severity\":\"error\",\"service\":\"worker\",\"summary\":\"job failed\"}",
                "{\"at\":\"2026-11-23T08:00:08Z\",\"severity\":\"error\",\"service\":\"api\",\"summary\":\"database unavailable on /orders\"}");
        CliRunner.assertThatLog(r)
                .contains("summary: app_log (Source): in=0 out=8 dropped=0 errors=0")
                .contains("summary: problems_only (Filter): in=8 out=8 dropped=0 errors=0")
                .contains("summary: to_alert (Transformer): in=4 out=4 dropped=0 errors=0")
                .contains("summary: alerts (Sink): in=4 out=0 dropped=0 errors=0")
                .contains("summary: routine (Sink): in=4 out=0 dropped=0 errors=0");
    }

    @Test
    void joiningBlueprintPairsOrdersWithTheirPaymentsAndReportsTheRest() throws IOException {
        Path unmatched = dir.resolve("unmatched.jsonl");

        CliRunner.Result r = CliRunner.run("run", CliRunner.blueprint("joining.yaml").toString(), "--set", "unmatched.path=" + unmatched);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        // pairs appear when the second of the two arrives, so their order depends on thread timing
        assertThat(r.stdoutLines()).containsExactlyInAnyOrder(
                "{\"key\":\"A-1\",\"left\":{\"order_id\":\"A-1\",\"customer\":\"ada\",\"total\":30},\"right\":{\"order_id\":\"A-1\",\"paid\":30,\"method\":\"transfer\"}}",
                "{\"key\":\"A-2\",\"left\":{\"order_id\":\"A-2\",\"customer\":\"grace\",\"total\":12.5},\"right\":{\"order_id\":\"A-2\",\"paid\":12.5,\"method\":\"card\"}}",
                "{\"key\":\"A-4\",\"left\":{\"order_id\":\"A-4\",\"customer\":\"edsger\",\"total\":7},\"right\":{\"order_id\":\"A-4\",\"paid\":7,\"method\":\"cash\"}}");
        assertThat(Files.readAllLines(unmatched)).containsExactlyInAnyOrder(
                "{\"side\":\"left\",\"record\":{\"order_id\":\"A-3\",\"customer\":\"alan\",\"total\":99}}",
                "{\"side\":\"right\",\"record\":{\"order_id\":\"A-9\",\"paid\":5,\"method\":\"card\"}}");
        CliRunner.assertThatLog(r).contains("summary: match (StreamProcessor): in=8 out=5 dropped=0 errors=0");
    }

    @Test
    void metricsDashboardBlueprintPrintsOneAggregatePerWindowOfFiveSamples() throws IOException {
        CliRunner.Result r = CliRunner.run("run", CliRunner.blueprint("metrics-dashboard.yaml").toString(),
                "--set", "host_metrics.interval=20ms", "--set", "host_metrics.count=10");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.stdoutLines();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            JsonNode w = JSON.readTree(line);
            assertThat(w.fieldNames()).toIterable().containsExactly("count", "sum", "avg", "min", "max", "first", "last", "start", "end");
            assertThat(w.get("count").asInt()).isEqualTo(5);
            assertThat(w.get("min").asDouble()).isPositive().isLessThanOrEqualTo(w.get("avg").asDouble());
            assertThat(w.get("avg").asDouble()).isLessThanOrEqualTo(w.get("max").asDouble());
            assertThat(w.get("sum").asDouble()).isEqualTo(w.get("avg").asDouble() * 5, org.assertj.core.data.Offset.offset(1e-6));
        }
        CliRunner.assertThatLog(r).contains("summary: heap_window (StreamProcessor): in=10 out=2 dropped=0 errors=0");
    }
}
