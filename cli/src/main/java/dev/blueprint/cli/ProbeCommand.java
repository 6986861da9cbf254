package dev.blueprint.cli;

import dev.blueprint.runtime.model.OpsAddress;
import dev.blueprint.runtime.model.OpsSetting;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Asks a running Blueprint whether it is ready, for a container {@code HEALTHCHECK} or a script: the image then
 * needs no curl. Without a URL it asks the ops server where {@code BLUEPRINT_HTTP} (or the default) puts it.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Exits 0 when URL answers 200 within the timeout, else 1 with the reason: a health check without curl.",
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint probe                                  (the ops server's /ready, from $BLUEPRINT_HTTP or 127.0.0.1:4195)",
            "  blueprint probe http://127.0.0.1:8080/health"})
final class ProbeCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "URL",
            description = "What to ask (default: /ready on the ops server of $BLUEPRINT_HTTP, else 127.0.0.1:4195).")
    String url;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "2", description = "How long to wait for the answer (default 2).")
    double timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        URI target;
        try {
            target = URI.create(url != null ? url : defaultUrl(System.getenv("BLUEPRINT_HTTP")));
        } catch (IllegalArgumentException e) {
            err.println("error: " + (url == null ? e.getMessage() : "not a URL: " + url));
            return BlueprintCli.INVALID;
        }
        if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
            err.println("error: probe takes an http:// or https:// URL, was " + target);
            return BlueprintCli.INVALID;
        }
        Duration timeout = Duration.ofMillis(Math.max(1, (long) (timeoutSeconds * 1000)));
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(target).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() == 200) {
                return 0;
            }
            err.println("probe: " + target + " answered " + answer.statusCode());
        } catch (IOException e) {
            err.println("probe: " + target + " did not answer: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
        return BlueprintCli.RUNTIME_FAILURE;
    }

    /** The ops server's /ready where {@code BLUEPRINT_HTTP} says it listens; a wildcard host is asked on loopback. */
    static String defaultUrl(String blueprintHttp) {
        OpsSetting setting;
        try {
            setting = blueprintHttp == null || blueprintHttp.isBlank() ? new OpsSetting.At(OpsAddress.DEFAULT) : OpsSetting.parse(blueprintHttp);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BLUEPRINT_HTTP: " + e.getMessage() + "; or give the URL to probe", e);
        }
        if (!(setting instanceof OpsSetting.At at)) {
            throw new IllegalArgumentException("BLUEPRINT_HTTP is off: give the URL to probe");
        }
        OpsAddress a = at.address();
        String host = a.host().equals("0.0.0.0") || a.host().isEmpty() ? "127.0.0.1"
                : a.host().equals("::") ? "[::1]" : a.host().contains(":") ? "[" + a.host() + "]" : a.host();
        return "http://" + host + ":" + a.port() + "/ready";
    }
}
