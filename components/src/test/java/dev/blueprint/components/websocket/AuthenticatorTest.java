package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.components.websocket.auth.AuthConfig;
import dev.blueprint.components.websocket.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void staticTokensMatchExactly() {
        var auth = new Authenticator(new AuthConfig(AuthConfig.Mode.TOKENS, List.of("a1", "b2"), null), json);
        assertThat(auth.verify("b2")).hasValue("token");
        assertThat(auth.verify("b")).isEmpty();
        assertThat(auth.verify(null)).isEmpty();
    }

    @Test
    void jwtWithAlgNoneOrATamperedPayloadIsRefused() throws Exception {
        var auth = new Authenticator(new AuthConfig(AuthConfig.Mode.JWT, null, "k"), json);
        String good = WebSocketGuardTest.jwt("k", "{\"sub\":\"ann\"}");
        assertThat(auth.verify(good)).hasValue("ann");
        String[] parts = good.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String tampered = parts[0] + "." + b64.encodeToString("{\"sub\":\"root\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(auth.verify(tampered)).isEmpty();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertThat(auth.verify(none)).isEmpty();
        assertThat(auth.verify("not.a.jwt")).isEmpty();
    }
}
