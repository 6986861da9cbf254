package dev.blueprint.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in deploy/kubernetes/ checked against the Kubernetes API's own models (the official Java client's,
 * generated from the API's OpenAPI spec, which refuse a field the API does not define at any depth), then against
 * what seed 000's deployment asks of it.
 */
class KubernetesManifestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path DIR = Deployment.root().resolve("deploy/kubernetes");

    @Test
    void everyManifestIsValidAgainstTheKubernetesApiSchema() throws IOException {
        List<JsonNode> docs = manifests();
        assertThat(docs).extracting(d -> d.path("kind").asText())
                .contains("ConfigMap", "Deployment", "Service", "PodDisruptionBudget");
        for (JsonNode doc : docs) {
            validate(doc);
        }
    }

    @Test
    void aMisspelledFieldAtAnyDepthFailsTheSchemaCheck() throws IOException {
        ObjectNode deployment = (ObjectNode) find("Deployment", "token-stream").deepCopy();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertThatThrownBy(() -> validate(deployment)).hasMessageContaining("readinesProbe");
        ObjectNode top = (ObjectNode) find("Deployment", "token-stream").deepCopy();
        ((ObjectNode) top.get("spec")).set("replica", ((ObjectNode) top.get("spec")).remove("replicas"));
        assertThatThrownBy(() -> validate(top)).hasMessageContaining("replica");
    }

    @Test
    void tokenStreamDeploymentIsSeed000sWithProbesGraceAndHardening() throws IOException {
        JsonNode deployment = find("Deployment", "token-stream");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("256Mi");
        assertThat(container.at("/resources/requests/cpu").asText()).isEqualTo("250m");
        assertThat(container.at("/resources/limits/memory").asText()).isEqualTo("512Mi");
        assertThat(container.at("/resources/limits/cpu").asText()).isEqualTo("500m");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("websocket");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("websocket");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);

        Duration grace = Duration.parse("PT" + blueprintOfConfigMap().at("/system/shutdown_grace_period").asText().toUpperCase());
        assertThat(pod.path("terminationGracePeriodSeconds").asLong()).isGreaterThan(grace.toSeconds());

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(deployment.at("/spec/template/metadata/annotations/prometheus.io~1scrape").asText()).isEqualTo("true");
        assertThat(deployment.at("/spec/template/metadata/annotations/prometheus.io~1port").asText()).isEqualTo("8080");

        assertThat(find("Service", "token-stream").at("/spec/type").asText()).isEqualTo("LoadBalancer");
        assertThat(find("PodDisruptionBudget", "token-stream").at("/spec/minAvailable").asInt()).isBetween(1, 2);
        assertThat(find("Service", "redis")).isNotNull();
    }

    @Test
    void configMapBlueprintIsTokenStreamWithOnlyTheClusterBlockAndItsHostNamesAdded() throws IOException {
        JsonNode inConfigMap = blueprintOfConfigMap();
        JsonNode cluster = inConfigMap.at("/system/components/0/config/cluster");
        assertThat(cluster.path("redis_url").asText()).isEqualTo("${REDIS_URL}");
        assertThat(inConfigMap.at("/system/components/0/config/allowed_hosts").toString())
                .isEqualTo("[\"${PUBLIC_HOST:-token-stream}\",\".svc.cluster.local\"]");
        ((ObjectNode) inConfigMap.at("/system/components/0/config")).remove(java.util.List.of("cluster", "allowed_hosts"));
        JsonNode original = YAML.readTree(Deployment.root().resolve("blueprints/token-stream.yaml").toFile());
        assertThat(inConfigMap).as("deploy/kubernetes/token-stream.yaml's blueprint against blueprints/token-stream.yaml")
                .isEqualTo(original);
    }

    private static JsonNode blueprintOfConfigMap() throws IOException {
        return YAML.readTree(find("ConfigMap", "token-stream").at("/data/token-stream.yaml").asText());
    }

    private static void validate(JsonNode doc) throws IOException {
        var json = JsonParser.parseString(JSON.writeValueAsString(doc));
        switch (doc.path("kind").asText()) {
            case "ConfigMap" -> V1ConfigMap.validateJsonElement(json);
            case "Deployment" -> V1Deployment.validateJsonElement(json);
            case "Service" -> V1Service.validateJsonElement(json);
            case "PodDisruptionBudget" -> V1PodDisruptionBudget.validateJsonElement(json);
            default -> throw new AssertionError("no schema check for kind " + doc.path("kind") + ": add it here");
        }
    }

    private static JsonNode find(String kind, String name) throws IOException {
        return manifests().stream().filter(d -> d.path("kind").asText().equals(kind) && d.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + DIR));
    }

    private static List<JsonNode> manifests() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = new YAMLFactory().createParser(file.toFile())) {
                    JSON.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                        if (d != null && !d.isEmpty()) {
                            docs.add(d);
                        }
                    });
                }
            }
        }
        return docs;
    }
}
