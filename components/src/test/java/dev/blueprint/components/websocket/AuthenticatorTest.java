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
        var auth = new Authenticator(new AuthConfig(AuthConfig.Mode.TOKENS, List.of("a1", "b2"), null, null), json);
        assertThat(auth.verify("b2")).hasValue("token");
        assertThat(auth.verify("b")).isEmpty();
        assertThat(auth.verify(null)).isEmpty();
    }

    @Test
    void jwtWithAlgNoneOrATamperedPayloadIsRefused() throws Exception {
        var auth = new Authenticator(new AuthConfig(AuthConfig.Mode.JWT, null, "k", null), json);
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

    @Test
    void aTenantsKeyAuthenticatesAsThatTenantAndAMalformedListIsRefused() {
        var auth = new Authenticator(new AuthConfig(AuthConfig.Mode.TENANTS, null, null, "acme:k-acme, globex:k-globex"),
                new com.fasterxml.jackson.databind.ObjectMapper());
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
