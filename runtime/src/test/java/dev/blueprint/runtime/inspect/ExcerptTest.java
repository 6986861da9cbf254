package dev.blueprint.runtime.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ExcerptTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aSmallRecordIsKeptAsItIs() throws Exception {
        JsonNode small = json.readTree("{\"a\":1,\"b\":[\"x\",true],\"password\":\"p\"}");
        Excerpt e = Excerpt.of(small);
        assertThat(e.cut()).isFalse();
        assertThat(e.value()).isSameAs(small);
    }

    @Test
    void aBigRecordKeepsItsShapeWithinTheBudgetSoRedactionStillFindsFieldsByName() {
        ObjectNode big = json.createObjectNode().put("password", "hunter2").put("blob", "x".repeat(5_000_000)).put("after", 1);
        Excerpt e = Excerpt.of(big);
        assertThat(e.cut()).isTrue();
        assertThat(e.value().toString().length()).isLessThan(Excerpt.MAX_BYTES + 200);
        assertThat(e.value().path("blob").asText()).endsWith(Excerpt.MARK);
        assertThat(e.value().path(Excerpt.MARK).asText()).isEqualTo("1 more field(s)");
        assertThat(TapRedaction.of(null).apply(e.value()).path("password").asText()).isEqualTo("(redacted)");

        ObjectNode wide = json.createObjectNode();
        ArrayNode many = wide.putArray("items");
        for (int i = 0; i < 100_000; i++) {
            many.add(i);
        }
        Excerpt w = Excerpt.of(wide);
        assertThat(w.cut()).isTrue();
        assertThat(w.value().path("items").size()).isLessThan(Excerpt.MAX_BYTES);
        assertThat(w.value().path("items").get(w.value().path("items").size() - 1).asText()).startsWith(Excerpt.MARK);
    }
}
