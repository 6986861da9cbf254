package dev.blueprint.components.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ConfigException;
import dev.blueprint.runtime.json.BlueprintJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a message's bytes become data per payload format, and how a sink gets the bytes back. */
class MessagePayloadTest {
    /** The records mapper the runtime hands components: "42 is the answer" is text, not 42. */
    private static final ObjectMapper JSON = BlueprintJson.records();
    private static final byte[] NOT_UTF8 = {(byte) 0xff, (byte) 0xfe, 0, 1};

    private static ObjectNode decode(byte[] bytes, PayloadFormat format) throws MessagePayload.NotJson {
        ObjectNode record = JSON.createObjectNode();
        MessagePayload.decode(JSON, bytes, format, record);
        return record;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bytesThatAreNotUtf8AreCarriedAsBase64MarkedBinaryAndWrittenBackAsTheyWere() throws Exception {
        for (PayloadFormat format : new PayloadFormat[] {PayloadFormat.AUTO, PayloadFormat.TEXT, PayloadFormat.BINARY}) {
            ObjectNode record = decode(NOT_UTF8, format);
            assertThat(record.toString()).isEqualTo("{\"data\":\"//4AAQ==\",\"binary\":true}");
            assertThat(MessagePayload.encode(JSON, record, "data")).containsExactly(NOT_UTF8);
        }
    }

    @Test
    void autoParsesAWholeJsonDocumentTextKeepsItAndBinaryKeepsEvenUtf8AsBase64() throws Exception {
        assertThat(decode(utf8("{\"a\": 1}"), PayloadFormat.AUTO).toString()).isEqualTo("{\"data\":{\"a\":1}}");
        assertThat(decode(utf8("42 is the answer"), PayloadFormat.AUTO).toString()).isEqualTo("{\"data\":\"42 is the answer\"}");
        assertThat(decode(utf8("{\"a\": 1}"), PayloadFormat.TEXT).toString()).isEqualTo("{\"data\":\"{\\\"a\\\": 1}\"}");
        ObjectNode bin = decode(utf8(" 7"), PayloadFormat.BINARY);
        assertThat(bin.path("binary").asBoolean()).isTrue();
        assertThat(MessagePayload.encode(JSON, bin, "data")).containsExactly(utf8(" 7"));
    }

    @Test
    void jsonRefusesTextThatIsNotJsonAndBytesThatAreNotText() {
        assertThatThrownBy(() -> decode(utf8("not json"), PayloadFormat.JSON)).isInstanceOf(MessagePayload.NotJson.class);
        assertThatThrownBy(() -> decode(NOT_UTF8, PayloadFormat.JSON)).isInstanceOf(MessagePayload.NotJson.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void aSinkSendsTextUnlessTheRecordSaysBinaryAndABinaryPayloadThatIsNotBase64IsTheRecordsError() throws Exception {
        ObjectNode text = (ObjectNode) JSON.readTree("{\"data\": \"aGk=\"}");
        assertThat(MessagePayload.encode(JSON, text, "data")).containsExactly(utf8("aGk="));
        ObjectNode wrong = (ObjectNode) JSON.readTree("{\"data\": \"not base64!\", \"binary\": true}");
        assertThatThrownBy(() -> MessagePayload.encode(JSON, wrong, "data")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not base64");
        // without payload_field the whole record is sent as JSON, binary or not
        assertThat(new String(MessagePayload.encode(JSON, wrong, null), StandardCharsets.UTF_8)).isEqualTo(wrong.toString());
    }

    @Test
    void parseJsonFalseOfOlderBlueprintsIsTextAndGivingBothIsRefused() {
        assertThat(PayloadFormat.of(null, false)).isEqualTo(PayloadFormat.TEXT);
        assertThat(PayloadFormat.of(null, true)).isEqualTo(PayloadFormat.AUTO);
        assertThat(PayloadFormat.of(null, null)).isEqualTo(PayloadFormat.AUTO);
        assertThatThrownBy(() -> PayloadFormat.of(PayloadFormat.JSON, false)).isInstanceOf(ConfigException.class);
    }
}
