package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code blueprint schema} through the jar, checked with a JSON Schema validator of its own (networknt), as an
 * editor's YAML plugin would: every shipped blueprint passes it, and the mistakes validate refuses fail it.
 */
class SchemaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;
    private static JsonNode schemaJson;

    @BeforeAll
    static void generate() throws IOException {
        var r = CliRunner.run("schema", "--plugins", System.getProperty("blueprint.plugin.dir"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        schemaJson = JSON.readTree(r.stdout());
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(r.stdout(), InputFormat.JSON);
    }

    static Stream<Path> shippedBlueprints() throws IOException {
        return ExampleBlueprintsIT.shippedBlueprints();
    }

    private static JsonNode yaml(String text) {
        return JSON.valueToTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    private static List<Error> errors(String blueprint) {
        return schema.validate(yaml(blueprint));
    }

    @ParameterizedTest
    @MethodSource("shippedBlueprints")
    void everyShippedBlueprintPassesTheSchema(Path blueprint) throws IOException {
        assertThat(errors(Files.readString(blueprint))).as(blueprint.toString()).isEmpty();
    }

    @Test
    void schemaIsDraft202012WithEveryTypeItsKeysDefaultsEnumsAndDescriptions() {
        assertThat(schemaJson.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schemaJson.at("/$defs/component/properties/type").toString()).contains("\"WebSocket\"", "\"Source\"", "\"Uppercase\"");
        JsonNode port = schemaJson.at("/$defs/WebSocketConfig/properties/port");
        assertThat(port.get("default").asInt()).isEqualTo(8080);
        assertThat(port.get("description").asText()).contains("WebSocket port");
        assertThat(schemaJson.at("/$defs/WebSocketConfig/additionalProperties").asBoolean(true)).isFalse();
        assertThat(schemaJson.toString()).contains("\"disconnect\",\"drop\"");
    }

    @Test
    void unknownConfigKeyFailsTheSchema() {
        List<Error> errors = errors("""
                system:
                  name: t
                  components:
                    - {name: ws, type: WebSocket, config: {prot: 8080}}
                """);
        assertThat(errors).isNotEmpty();
        assertThat(errors.toString()).contains("prot");
    }

    @Test
    void wrongTypeFailsTheSchema() {
        assertThat(errors("""
                system:
                  name: t
                  components:
                    - {name: ws, type: WebSocket, config: {port: eighty}}
                """)).isNotEmpty();
        assertThat(errors("""
                system:
                  name: t
                  components:
                    - {name: ws, type: WebSocket, config: {slow_consumer: sometimes}}
                """)).isNotEmpty();
    }

    @Test
    void environmentReferencesAreAcceptedWhereNumbersAreExpected() {
        assertThat(errors("""
                system:
                  name: t
                  components:
                    - {name: ws, type: WebSocket, config: {port: "${PORT:-8080}", heartbeat_interval: 30s}}
                """)).isEmpty();
    }
}
