package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** blueprints/chat.yaml (seed 001's chat server) through the CLI with real clients at the root path. */
class ChatIT {

    private static boolean isChat(JsonNode m) {
        return "chat".equals(m.path("type").asText());
    }

    @Test
    void newConnectionsAreWelcomedWithTheUserCountAndChatMessagesGoToEveryone() {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", CliRunner.blueprint("chat.yaml").toString(),
                "--set", "websocket_server.port=0")) {
            String url = "ws://127.0.0.1:" + run.webSocketPort();
            try (JsonClient alice = JsonClient.connect(url)) {
                JsonNode aliceWelcome = alice.awaitMessage(m -> true);
                assertThat(aliceWelcome.get("type").asText()).isEqualTo("welcome");
                assertThat(aliceWelcome.get("message").asText()).isEqualTo("Welcome to the chat!");
                assertThat(aliceWelcome.get("user_count").asInt()).isEqualTo(1);

                try (JsonClient bob = JsonClient.connect(url)) {
                    assertThat(bob.awaitMessage(m -> true).get("user_count").asInt()).isEqualTo(2);

                    alice.send("hello everyone");
                    JsonNode toBob = bob.awaitMessage(ChatIT::isChat);
                    JsonNode toAlice = alice.awaitMessage(ChatIT::isChat);
                    assertThat(toAlice).isEqualTo(toBob);
                    assertThat(toBob.get("message").asText()).isEqualTo("hello everyone");
                    assertThat(toBob.get("from").asText()).startsWith("User_c-");
                    assertThat(toBob.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
                    assertThat(toBob.fieldNames()).toIterable().containsExactly("type", "from", "message", "timestamp");

                    bob.send("{\"message\":\"hi alice\"}");
                    alice.awaitMessage(m -> isChat(m) && m.get("message").asText().equals("hi alice"));
                    JsonNode fromBob = bob.awaitMessage(m -> isChat(m) && m.get("message").asText().equals("hi alice"));
                    assertThat(fromBob.get("from").asText()).isNotEqualTo(toBob.get("from").asText());
                }
                // only alice was there for bob's welcome: she got one welcome and the two chat messages
                assertThat(alice.messages()).extracting(m -> m.get("type").asText()).containsExactly("welcome", "chat", "chat");
            }
            run.signal("TERM");
            CliRunner.Result result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }

    @Test
    void aBinaryMessageGoesToEveryoneAsTheSameBytes() {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", CliRunner.blueprint("chat.yaml").toString(),
                "--set", "websocket_server.port=0")) {
            String url = "ws://127.0.0.1:" + run.webSocketPort();
            dev.blueprint.components.websocket.WsTestClient alice = dev.blueprint.components.websocket.WsTestClient.connect(url);
            dev.blueprint.components.websocket.WsTestClient bob = dev.blueprint.components.websocket.WsTestClient.connect(url);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bob.messages().size() == 1); // bob's welcome
            byte[] bytes = {(byte) 0x89, 'P', 'N', 'G'};
            alice.sendBinary(bytes);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !bob.binaryMessages().isEmpty() && !alice.binaryMessages().isEmpty());
            assertThat(bob.binaryMessages().get(0)).isEqualTo(bytes);
            assertThat(alice.binaryMessages().get(0)).isEqualTo(bytes);
            alice.close();
            bob.close();
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }
}
