package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code blueprint probe}, the image's HEALTHCHECK, against a real HTTP server on loopback. */
class ProbeCommandIT {
    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ready", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String readyUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ready";
    }

    @Test
    void exitsZeroWhenTheUrlAnswers200() {
        CliRunner.Result r = CliRunner.run(Duration.ofSeconds(30), Map.of(), "probe", readyUrl());
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void exitsOneNamingTheStatusWhenNotReady() {
        status.set(503);
        CliRunner.Result r = CliRunner.run(Duration.ofSeconds(30), Map.of(), "probe", readyUrl());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("answered 503");
    }

    @Test
    void exitsOneWhenNothingListens() {
        int port = server.getAddress().getPort();
        server.stop(0);
        CliRunner.Result r = CliRunner.run(Duration.ofSeconds(30), Map.of(), "probe", "http://127.0.0.1:" + port + "/ready");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("did not answer");
    }

    @Test
    void withoutAUrlAsksTheOpsServerThatBlueprintHttpNames() {
        // the image sets BLUEPRINT_HTTP=0.0.0.0:4195: a wildcard host is asked on loopback
        CliRunner.Result r = CliRunner.run(Duration.ofSeconds(30),
                Map.of("BLUEPRINT_HTTP", "0.0.0.0:" + server.getAddress().getPort()), "probe");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        CliRunner.Result off = CliRunner.run(Duration.ofSeconds(30), Map.of("BLUEPRINT_HTTP", "off"), "probe");
        assertThat(off.exitCode()).as(off.toString()).isEqualTo(2);
        assertThat(off.stderr()).contains("BLUEPRINT_HTTP is off");
    }
}
