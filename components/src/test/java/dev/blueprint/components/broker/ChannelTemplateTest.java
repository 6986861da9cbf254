package dev.blueprint.components.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.api.ConfigException;
import dev.blueprint.components.Runs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Channel and subject templates, shared by the Redis, MQTT, NATS and AMQP connectors. */
class ChannelTemplateTest {

    @Test
    void placeholdersBecomeGlobsAndCaptureWhatTheyMatched() {
        ChannelTemplate t = ChannelTemplate.parseSubscription("patterns", "session:{session_id}:down");

        assertThat(t.glob()).isEqualTo("session:*:down");
        assertThat(t.captures("session:abc-123:down")).isEqualTo(Map.of("session_id", "abc-123"));
        assertThat(t.captures("session:a:b:down")).isEqualTo(Map.of("session_id", "a:b"));
        assertThat(t.captures("other:abc:down")).isNull();
    }

    @Test
    void literalTextIsMatchedLiterallyAndGlobsKeepTheirMeaning() {
        ChannelTemplate t = ChannelTemplate.parseSubscription("patterns", "a.b+{x}.*");

        assertThat(t.glob()).isEqualTo("a.b+*.*");
        assertThat(t.captures("a.b+1.zzz")).isEqualTo(Map.of("x", "1"));
        assertThat(t.captures("aXb+1.zzz")).isNull();
    }

    @Test
    void fillTakesTheRecordsFields() {
        ChannelTemplate t = ChannelTemplate.parse("channel", "agent:{agent_id}:session:{session_id}:up");

        assertThat(t.fill(Runs.json("{\"agent_id\": 7, \"session_id\": \"s1\", \"x\": true}"))).isEqualTo("agent:7:session:s1:up");
        assertThat(ChannelTemplate.parse("channel", "plain").fill(Runs.json("[]"))).isEqualTo("plain");
        assertThatThrownBy(() -> t.fill(Runs.json("{\"agent_id\": 7, \"session_id\": {\"a\": 1}}")))
                .hasMessageContaining("no text or number field 'session_id'");
    }

    @Test
    void badTemplatesAreRefusedWithTheirKey() {
        assertThatThrownBy(() -> ChannelTemplate.parse("channel", "s:{a b}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("a placeholder is {name}");
        assertThatThrownBy(() -> ChannelTemplate.parse("channel", "{a}:{a}")).hasMessageContaining("names a placeholder twice");
        assertThatThrownBy(() -> ChannelTemplate.parseSubscription("patterns", "x:{channel}"))
                .hasMessageContaining("{channel} would overwrite the record's own 'channel' field");
    }
}
