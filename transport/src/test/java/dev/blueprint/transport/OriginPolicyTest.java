package dev.blueprint.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private static final OriginPolicy DEFAULT = OriginPolicy.sameOriginAnd(List.of());

    @Test
    void byDefaultOnlyTheServersOwnPagesAndClientsWithoutOriginPass() {
        assertThat(DEFAULT.allows(null, "127.0.0.1:8080", p -> false)).isTrue();
        assertThat(DEFAULT.allows("http://127.0.0.1:8080", "127.0.0.1:8080", p -> false)).isTrue();
        assertThat(DEFAULT.allows("http://LOCALHOST:8080", "localhost:8080", p -> false)).isTrue();
        assertThat(DEFAULT.allows("http://localhost:9091", "localhost:8080", p -> p == 9091)).as("its http_port").isTrue();
        assertThat(DEFAULT.allows("https://example.org", "example.org", p -> false)).as("default ports").isTrue();
        assertThat(DEFAULT.allows("http://[::1]:8080", "[::1]:8080", p -> false)).isTrue();

        assertThat(DEFAULT.allows("http://evil.example", "127.0.0.1:8080", p -> false)).isFalse();
        assertThat(DEFAULT.allows("http://127.0.0.1:3000", "127.0.0.1:8080", p -> false)).as("another port").isFalse();
        assertThat(DEFAULT.allows("null", "127.0.0.1:8080", p -> false)).as("a sandboxed page or a file").isFalse();
        assertThat(DEFAULT.allows("http://127.0.0.1:8080", null, p -> false)).isFalse();
    }

    @Test
    void listedOriginsAndStarOpenItUp() {
        assertThat(OriginPolicy.sameOriginAnd(List.of("https://app.example.com/")).allows("https://APP.example.com", "x:1", p -> false)).isTrue();
        assertThat(OriginPolicy.sameOriginAnd(List.of("*")).allows("http://evil.example", "x:1", p -> false)).isTrue();
        assertThat(OriginPolicy.only(List.of()).allows("http://127.0.0.1:8080", "127.0.0.1:8080", p -> true)).as("no page: none").isFalse();
        assertThat(OriginPolicy.only(List.of()).allows(null, null, p -> false)).isTrue();
    }
}
