package dev.blueprint.cli;

import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.ops.OpsServer;
import dev.blueprint.transport.BoundAddress;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.model.OpsAddress;
import dev.blueprint.runtime.model.OpsSetting;
import java.io.IOException;
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
     * Starts the server for {@code pipeline}, or returns null when the address is off or the default port is busy.
     *
     * @param option {@code --http}: when {@linkplain OpsSetting.Unset unset}, {@code system.http} decides, then the default
     * @throws ComponentInitializationException when a chosen port cannot be bound (exit 1)
     */
    static OpsServer start(Pipeline pipeline, OpsSetting option) {
        OpsSetting setting = option.orElse(() -> pipeline.blueprint().http()).orElse(() -> new OpsSetting.At(OpsAddress.DEFAULT));
        if (!(setting instanceof OpsSetting.At at)) {
            return null;
        }
        OpsAddress a = at.address();
        try {
            OpsServer server = OpsServer.start(pipeline, a);
            String bound = BoundAddress.describe(server.address());
            log.info("ops - pipeline page http://{}/ (also /metrics /health /ready)", bound);
            if (!BoundAddress.isLoopback(server.address())) {
                log.warn("ops - the ops server listens on {}, {}: it serves the pipeline's configs (secrets redacted), samples of "
                        + "its records and its metrics without authentication. Bind --http 127.0.0.1:{} (the default), or put an "
                        + "authenticating proxy in front", bound, BoundAddress.isWildcard(server.address())
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
}
