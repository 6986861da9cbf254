package dev.blueprint.cli;

import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.ops.OpsAccess;
import dev.blueprint.ops.OpsServer;
import dev.blueprint.transport.BoundAddress;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.model.OpsAddress;
import dev.blueprint.runtime.model.OpsSetting;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the run's ops server where {@code --http}, else {@code system.http}, else the default says. A busy default
 * port costs the run only its ops page (a WARN); a busy port the user chose fails the run.
 */
final class OpsEndpoint {
    private static final Logger log = LoggerFactory.getLogger(OpsEndpoint.class);

    private OpsEndpoint() {
    }

    /**
     * What the command line says about the ops server.
     *
     * @param http {@code --http}: when {@linkplain OpsSetting.Unset unset}, {@code system.http} decides, then the default
     * @param allowedHosts {@code --http-allowed-hosts}: Host names answered besides localhost and IP addresses
     * @param insecure {@code --http-insecure}: no token even off loopback
     * @param token {@code BLUEPRINT_HTTP_TOKEN}, or null
     * @param err where a generated token is printed, once
     * @param jsonLogs whether stderr carries JSON lines ({@code --log-format json}, the image's default): the token's
     *     line is one too
     */
    record Options(OpsSetting http, List<String> allowedHosts, boolean insecure, String token, PrintWriter err,
            boolean jsonLogs) {
    }

    /**
     * Starts the server for {@code pipeline}, or returns null when the address is off or the default port is busy. Off
     * loopback it needs a token ({@code BLUEPRINT_HTTP_TOKEN}, else one generated and printed once) unless
     * {@code --http-insecure}; a token that was given is needed on loopback too.
     *
     * @throws ComponentInitializationException when a chosen port cannot be bound (exit 1)
     */
    static OpsServer start(Pipeline pipeline, Options options) {
        OpsSetting setting = options.http().orElse(() -> pipeline.blueprint().http())
                .orElse(() -> new OpsSetting.At(OpsAddress.DEFAULT));
        if (!(setting instanceof OpsSetting.At at)) {
            return null;
        }
        OpsAddress a = at.address().withAllowedHosts(options.allowedHosts());
        boolean loopback = isLoopback(a.host());
        boolean given = options.token() != null && !options.token().isBlank();
        boolean generated = !given && !loopback && !options.insecure();
        String token = given ? options.token() : generated ? OpsAccess.generateToken() : null;
        try {
            OpsServer server = OpsServer.start(pipeline, a, token == null ? OpsAccess.open() : OpsAccess.token(token));
            String bound = BoundAddress.describe(server.address());
            log.info("ops - pipeline page http://{}/ (also /metrics /health /ready){}", bound,
                    token == null ? "" : "; the token is needed for all but /health and /ready");
            if (generated) {
                // printed, not logged: logs pass the redaction, which would hide it; like Jupyter's first line
                String host = BoundAddress.isWildcard(server.address()) ? "127.0.0.1:" + server.port() : bound;
                String line = "ops - open http://" + host + "/?token=" + token + " (token generated for this run; "
                        + "scripts send 'Authorization: Bearer <token>'; set BLUEPRINT_HTTP_TOKEN to choose it)";
                options.err().println(options.jsonLogs() ? jsonLine(line) : line);
                options.err().flush();
            }
            if (!BoundAddress.isLoopback(server.address()) && token == null) {
                log.warn("ops - the ops server listens on {}, {}, without authentication (--http-insecure): it serves the pipeline's "
                        + "configs (secrets redacted), samples of its records and its metrics to anyone. Drop --http-insecure to "
                        + "require a token, or bind --http 127.0.0.1:{}", bound, BoundAddress.isWildcard(server.address())
                        ? "every interface: anyone who can reach this machine can read it" : "reachable from other machines",
                        server.port());
            }
            return server;
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use")
                    ? "port " + a.port() + " is already in use by another process" : e.getMessage();
            if (a.chosen()) {
                throw new ComponentInitializationException("ops server: cannot listen on " + a + ": " + why
                        + "; choose another with --http HOST:PORT (or system.http), or --http off", e);
            }
            log.warn("ops - no pipeline page or /metrics for this run: cannot listen on {} ({}); set --http HOST:PORT to choose a port",
                    a, why);
            return null;
        }
    }

    /** {@code message} as one line of the JSON log (the fields the ECS encoder writes), for a line that bypasses the logger. */
    private static String jsonLine(String message) {
        com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
        o.put("@timestamp", java.time.Instant.now().toString()).put("log.level", "INFO").put("message", message)
                .put("ecs.version", "1.2.0").put("service.name", "blueprint").put("log.logger", OpsEndpoint.class.getName());
        return o.toString();
    }

    /** Whether {@code host} names only this machine; a name that does not resolve counts as reachable from elsewhere. */
    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
