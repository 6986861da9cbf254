package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientEventsTest {
    @Test
    void countsReceivedTextInUtf8BytesAsOnTheWire() {
        for (String text : new String[] {"", "plain", "héllo", "€ 5", "emoji 😀 and 𝄞", "\u07ff\u0800"}) {
            assertThat(ClientEvents.utf8Length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}
