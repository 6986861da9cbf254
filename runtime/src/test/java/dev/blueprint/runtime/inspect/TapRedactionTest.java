package dev.blueprint.runtime.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.runtime.json.BlueprintJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class TapRedactionTest {
    private static JsonNode json(String text) throws Exception {
        return BlueprintJson.records().readTree(text);
    }

    @Test
    void theDefaultHidesSecretNamedFieldsAtAnyDepthAndCardNumbersButNothingElse() throws Exception {
        JsonNode record = json("{\"user\":\"ada\",\"Password\":\"pw\",\"auth\":{\"Authorization\":\"Bearer x\",\"access_token\":\"t\"},"
                + "\"cards\":[\"4111-1111-1111-1111\",4012888888881881,\"4111 1111 1111 1112\"],\"order\":1234567890123,\"secrets\":[1,2]}");
        assertThat(TapRedaction.of(null).apply(record).toString()).isEqualTo("{\"user\":\"ada\",\"Password\":\"(redacted)\","
                + "\"auth\":{\"Authorization\":\"(redacted)\",\"access_token\":\"(redacted)\"},"
                + "\"cards\":[\"(redacted)\",\"(redacted)\",\"4111 1111 1111 1112\"],\"order\":1234567890123,\"secrets\":\"(redacted)\"}");
        assertThat(record.get("Password").asText()).as("the tapped record itself is untouched").isEqualTo("pw");
    }

    @Test
    void anEmptyListShowsRecordsAsTheyAreAndOwnWordsReplaceTheDefault() throws Exception {
        JsonNode record = json("{\"password\":\"pw\",\"ssn\":\"123-45-6789\",\"card\":\"4111111111111111\"}");
        assertThat(TapRedaction.of(List.of()).apply(record)).isSameAs(record);
        assertThat(TapRedaction.of(List.of("SSN")).apply(record).toString())
                .isEqualTo("{\"password\":\"pw\",\"ssn\":\"(redacted)\",\"card\":\"4111111111111111\"}");
    }
}
