package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.components.websocket.auth.AuthConfig;
import dev.blueprint.components.websocket.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static final String SECRET = "an-hmac-secret-of-thirty-two-bytes-at-least";

    @Test
    void staticTokensMatchExactly() {
        var auth = new Authenticator(new AuthConfig(AuthConfig.Mode.TOKENS, List.of("a1", "b2"), null, null), java.nio.file.Path.of("."));
        assertThat(auth.verify("b2")).hasValue("token");
        assertThat(auth.verify("b")).isEmpty();
        assertThat(auth.verify(null)).isEmpty();
    }

    @Test
    void jwtWithAlgNoneOrATamperedPayloadIsRefused() throws Exception {
        var auth = new Authenticator(new AuthConfig(AuthConfig.Mode.JWT, null, SECRET, null), java.nio.file.Path.of("."));
        String good = WebSocketGuardTest.jwt(SECRET, "{\"sub\":\"ann\",\"exp\":" + (System.currentTimeMillis() / 1000 + 60) + "}");
        assertThat(auth.verify(good)).hasValue("ann");
        String[] parts = good.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String tampered = parts[0] + "." + b64.encodeToString("{\"sub\":\"root\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(auth.verify(tampered)).isEmpty();
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertThat(auth.verify(none)).isEmpty();
        assertThat(auth.verify("not.a.jwt")).isEmpty();
    }

    @Test
    void aTenantsKeyAuthenticatesAsThatTenantAndAMalformedListIsRefused() {
        var auth = new Authenticator(new AuthConfig(AuthConfig.Mode.TENANTS, null, null, "acme:k-acme, globex:k-globex"),
                java.nio.file.Path.of("."));
        assertThat(auth.verify("k-globex")).hasValue("globex");
        assertThat(auth.verify("k-acme")).hasValue("acme");
        assertThat(auth.verify("acme")).isEmpty();
        assertThat(auth.verify("")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AuthConfig(AuthConfig.Mode.TENANTS, null, null, "acme"))
                .hasMessageContaining("tenant:key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AuthConfig(AuthConfig.Mode.TENANTS, null, null, ""))
                .hasMessageContaining("at least one");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AuthConfig(AuthConfig.Mode.TENANTS, null, null, "a:1,a:2"))
                .hasMessageContaining("twice");
    }
}
