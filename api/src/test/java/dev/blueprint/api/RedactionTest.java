package dev.blueprint.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void aUrlLosesItsPasswordALoneUserAndEverySecretLookingQueryValue() {
        assertThat(Redaction.cleanUrl("redis://default:qsecret@h:6379/0?password=p2&db=1"))
                .isEqualTo("redis://default:***@h:6379/0?password=***&db=1");
        assertThat(Redaction.cleanUrl("ws://127.0.0.1:9/?token=acmekey123")).isEqualTo("ws://127.0.0.1:9/?token=***");
        assertThat(Redaction.cleanUrl("nats://s3cr3t@h:4222")).isEqualTo("nats://***@h:4222");
        assertThat(Redaction.cleanUrl("https://h/x?X-Amz-Signature=abc&api_key=k&Auth=a&session_id=s&topic=t"))
                .isEqualTo("https://h/x?X-Amz-Signature=***&api_key=***&Auth=***&session_id=***&topic=t");
        assertThat(Redaction.cleanUrl("url=ws://h/p?access_token=t2, headers={}")).isEqualTo("url=ws://h/p?access_token=***, headers={}");
        assertThat(Redaction.cleanUrl("lost broker tcp://u:pw@h:1883 (outage 2)")).isEqualTo("lost broker tcp://u:***@h:1883 (outage 2)");
        assertThat(Redaction.cleanUrl("http://h:8080/ingest")).isEqualTo("http://h:8080/ingest");
        assertThat(Redaction.cleanUrl("user ada@example.com wrote a=b")).isEqualTo("user ada@example.com wrote a=b");
    }

    @Test
    void secretHeadersAndEveryEnvironmentValueAreHiddenInAConfig() {
        ObjectNode config = new ObjectMapper().valueToTree(Map.of(
                "headers", Map.of("Authorization", "Bearer b", "X-Api-Key", "k", "Cookie", "c", "X-Session-Token", "s", "X-Trace", "t"),
                "env", Map.of("DB_PASS", "p", "PLAIN", "v"),
                "url", "amqp://u:pw@h/"));
        Redaction.redactConfig(null, config);
        assertThat(config.toString()).contains("\"X-Trace\":\"t\"", "\"url\":\"amqp://u:***@h/\"")
                .doesNotContain("Bearer b", "\"k\"", "\"c\"", "\"s\"", "\"p\"", "\"v\"");
    }

    @Test
    void describeHidesMapValuesTheSameWay() {
        record Client(String url, Map<String, String> headers, Map<String, String> env) {
        }
        String line = Redaction.describe(new Client("ws://h/?token=t1", Map.of("X-Api-Key", "k1", "Accept", "json"), Map.of("A", "v1")));
        assertThat(line).contains("token=***", "X-Api-Key=***", "Accept=json", "A=***").doesNotContain("t1", "k1", "v1");
    }
}
