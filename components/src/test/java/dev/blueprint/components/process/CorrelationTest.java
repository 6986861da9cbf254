package dev.blueprint.components.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorrelationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("session_id", "connection_id", "id");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void stampCopiesTheRequestsFieldsThatArePresentOverWhatTheWorkerPrinted() throws Exception {
        Correlation c = Correlation.of(json("{\"session_id\":\"s1\",\"connection_id\":\"c-7\",\"query\":\"q\"}"), FIELDS);

        ObjectNode answer = c.stamp((ObjectNode) json("{\"type\":\"token\",\"session_id\":\"forged\",\"index\":0}"));

        assertThat(answer.toString()).isEqualTo("{\"type\":\"token\",\"session_id\":\"s1\",\"index\":0,\"connection_id\":\"c-7\"}");
    }

    @Test
    void errorHasTheSeedProtocolsShapeAndTheCorrelationFields() throws Exception {
        Correlation c = Correlation.of(json("{\"id\":\"req_1\",\"function\":\"generate\"}"), FIELDS);

        assertThat(c.error("timeout", "too slow").toString())
                .isEqualTo("{\"type\":\"error\",\"code\":\"timeout\",\"error\":\"too slow\",\"id\":\"req_1\"}");
    }

    @Test
    void aRequestThatIsNotAnObjectHasNoCorrelationFields() throws Exception {
        Correlation c = Correlation.of(json("\"just text\""), FIELDS);

        assertThat(c.stamp((ObjectNode) json("{\"a\":1}")).toString()).isEqualTo("{\"a\":1}");
    }
}
