package dev.blueprint.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code blueprint top}: the counters of a running pipeline in the terminal, refreshed in place, read from its ops
 * endpoint ({@code /api/stats}), like {@code vector top}.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Shows a running pipeline's components with records/s in and out, totals, errors, drops and queue fill, "
                + "refreshing in place. Reads the ops endpoint that `blueprint run` serves (--http, default 127.0.0.1:4195).",
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint top                                 the run serving 127.0.0.1:4195",
            "  blueprint top --url http://10.0.0.5:4195      a run elsewhere (started with --http 0.0.0.0:4195)",
            "  blueprint top --once                          print one table and exit (for scripts)"})
final class TopCommand implements Callable<Integer> {
    private static final String CLEAR = "\033[H\033[2J";

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:4195",
            description = "The run's ops endpoint (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", description = "Seconds between refreshes (default 1).")
    double interval;

    @Option(names = "--once", description = "Print the table once, without clearing the screen, and exit.")
    boolean once;

    @Spec
    CommandSpec spec;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 0.1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--interval must be at least 0.1 seconds, was " + interval);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean seen = false;
        while (true) {
            JsonNode stats;
            try {
                stats = fetch();
            } catch (IOException e) {
                if (seen) {
                    out.println("the pipeline at " + url + " is gone (it finished or was stopped)");
                    out.flush();
                    return 0;
                }
                spec.commandLine().getErr().println("error: no Blueprint ops endpoint answers at " + url + " (" + reason(e)
                        + "); is `blueprint run` serving it? It listens on --http, default 127.0.0.1:4195");
                return BlueprintCli.RUNTIME_FAILURE;
            }
            seen = true;
            out.print((once ? "" : CLEAR) + render(stats));
            out.flush();
            if (once) {
                return 0;
            }
            Thread.sleep((long) (interval * 1000)); // the refresh period of a terminal display
        }
    }

    /** Why the endpoint did not answer, in words: the JDK's client gives a refused connection no message. */
    private String reason(IOException e) {
        if (e instanceof java.net.ConnectException) {
            try {
                java.net.InetAddress.getByName(url.getHost());
            } catch (java.net.UnknownHostException unknown) {
                return "unknown host " + url.getHost();
            }
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within the timeout";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private JsonNode fetch() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve("/api/stats")).timeout(Duration.ofSeconds(5));
        String token = System.getenv("BLUEPRINT_HTTP_TOKEN"); // an ops server off loopback wants it
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.strip());
        }
        HttpResponse<String> r = http.send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from /api/stats" + (r.statusCode() == 401
                    ? ": the ops server wants its token; set BLUEPRINT_HTTP_TOKEN" : ""));
        }
        return json.readTree(r.body());
    }

    static String render(JsonNode stats) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s  (%s)  %s%n%n", stats.path("system").asText(), stats.path("state").asText(),
                java.time.Instant.ofEpochMilli(stats.path("time_millis").asLong()).toString()));
        sb.append(String.format(Locale.ROOT, "%-24s %-16s %10s %10s %12s %12s %8s %8s %12s%n", "COMPONENT", "TYPE", "IN/S", "OUT/S", "IN",
                "OUT", "ERRORS", "DROPPED", "QUEUED"));
        for (JsonNode c : stats.path("components")) {
            long depth = 0;
            long capacity = 0;
            for (JsonNode b : stats.path("bindings")) {
                if (b.path("to").asText().equals(c.path("name").asText())) {
                    depth += b.path("depth").asLong();
                    capacity += b.path("capacity").asLong();
                }
            }
            sb.append(String.format(Locale.ROOT, "%-24s %-16s %10s %10s %12d %12d %8d %8d %12s%s%n", c.path("name").asText(),
                    c.path("type").asText(), StatsPrinter.perSecond(c.path("in_per_second").asDouble()),
                    StatsPrinter.perSecond(c.path("out_per_second").asDouble()), c.path("in").asLong(), c.path("out").asLong(),
                    c.path("errors").asLong(), c.path("dropped").asLong(), capacity == 0 ? "-" : depth + "/" + capacity,
                    c.path("finished").asBoolean() ? "  finished" : ""));
        }
        return sb.toString();
    }
}
