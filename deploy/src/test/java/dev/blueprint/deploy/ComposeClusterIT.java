package dev.blueprint.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose.yaml's two Blueprint instances and Redis, started with podman on one network with the command,
 * environment, read-only root and tmpfs the Compose file gives each service (podman-compose cannot publish to a
 * port the system chooses, so the test reads the file and starts the same containers itself). A record POSTed
 * to one instance reaches a WebSocket client of the other.
 */
class ComposeClusterIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> containers = new ArrayList<>();
    private String network;

    @BeforeAll
    static void buildImages() {
        Podman.buildImages();
        Podman.build("localhost/blueprint-it-redis", Deployment.root().resolve("deploy/src/test/resources/redis"),
                Deployment.root().resolve("deploy/src/test/resources/redis/Dockerfile")).orFail();
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(Podman::remove);
        if (network != null) {
            Podman.run(Duration.ofMinutes(1), "network", "rm", "-f", network);
        }
    }

    @Test
    void aBroadcastSentThroughEitherInstanceReachesClientsOfTheOther() throws Exception {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("redis", "blueprint-a", "blueprint-b");
        network = "bp-it-" + UUID.randomUUID().toString().substring(0, 8);
        Podman.run(Duration.ofMinutes(1), "network", "create", network).orFail();
        String suffix = network.substring(6);
        containers.add(Podman.start("--network", network, "--name", "redis-" + suffix, "--network-alias", "redis",
                "localhost/blueprint-it-redis", "redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no"));
        String a = startInstance(services, "blueprint-a", suffix);
        String b = startInstance(services, "blueprint-b", suffix);
        int aWs = Podman.hostPort(a, 8080);
        int bWs = Podman.hostPort(b, 8080);
        await("both instances ready (their Redis link up)").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> status(aWs, "/ready") == 200 && status(bWs, "/ready") == 200);

        try (WebSocketProbe onA = new WebSocketProbe(URI.create("ws://127.0.0.1:" + aWs + "/ws"));
             WebSocketProbe onB = new WebSocketProbe(URI.create("ws://127.0.0.1:" + bWs + "/ws"))) {
            int bPublish = Podman.hostPort(b, 9000);
            int aPublish = Podman.hostPort(a, 9000);
            // the cluster link may take a moment after /ready to carry the first message: publish until it arrives
            await("a record POSTed to instance b reaches a client of instance a").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        post(bPublish, "{\"msg\":\"via b\"}");
                        return onA.received().stream().anyMatch(m -> m.path("msg").asText().equals("via b"));
                    });
            post(aPublish, "{\"msg\":\"via a\"}");
            await("a record POSTed to instance a reaches a client of instance b").atMost(Duration.ofSeconds(30))
                    .until(() -> onB.received().stream().anyMatch(m -> m.path("msg").asText().equals("via a")));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws Exception {
        try (InputStream in = Files.newInputStream(Deployment.root().resolve("deploy/compose.yaml"))) {
            Map<String, Object> compose = new Yaml(new LoaderOptions()).load(in);
            return (Map<String, Object>) compose.get("services");
        }
    }

    /** Starts a service as compose.yaml describes it, publishing its ports on ports the system chooses. */
    @SuppressWarnings("unchecked")
    private String startInstance(Map<String, Object> services, String name, String suffix) {
        Map<String, Object> service = (Map<String, Object>) services.get(name);
        List<String> args = new ArrayList<>(List.of("--network", network, "--name", name + "-" + suffix));
        if (Boolean.TRUE.equals(service.get("read_only"))) {
            args.add("--read-only");
        }
        for (String tmpfs : (List<String>) service.getOrDefault("tmpfs", List.of())) {
            args.addAll(List.of("--tmpfs", tmpfs));
        }
        ((Map<String, Object>) service.get("environment")).forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        for (String port : (List<String>) service.get("ports")) {
            args.addAll(List.of("-p", "127.0.0.1::" + port.substring(port.lastIndexOf(':') + 1).trim()));
        }
        args.add(Podman.IMAGE);
        args.addAll((List<String>) service.get("command"));
        String id = Podman.start(args.toArray(String[]::new));
        containers.add(id);
        return id;
    }

    private static int status(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void post(int port, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/publish"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }
}
