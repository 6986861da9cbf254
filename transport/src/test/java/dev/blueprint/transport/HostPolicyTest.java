package dev.blueprint.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPolicyTest {
    private final HostPolicy policy = HostPolicy.of(List.of("feed.example.com", ".corp.example"), "blueprint.internal");

    @Test
    void localhostEveryIpAddressTheBindNameAndListedNamesAreAnswered() {
        for (String host : List.of("localhost", "localhost:4195", "app.localhost:1", "127.0.0.1:4195", "10.1.2.3", "[::1]:4195",
                "[2001:db8::1]:8080", "feed.example.com", "FEED.example.com.:443", "corp.example", "a.b.corp.example:8080",
                "blueprint.internal:9")) {
            assertThat(policy.check(host)).as(host).isEmpty();
        }
        assertThat(policy.check(null)).as("no Host: not a browser").isEmpty();
    }

    @Test
    void anyOtherNameIsRefusedWithOneLineNamingIt() {
        for (String host : List.of("evil.example", "evil.example:4195", "feed.example.com.evil.example", "xcorp.example",
                "127.0.0.1.nip.io", "1.2.3.256", "localhost.evil.example", "")) {
            assertThat(policy.check(host)).as(host).hasValueSatisfying(reason -> assertThat(reason).contains("allowed_hosts")
                    .doesNotContain("\n"));
        }
        assertThat(HostPolicy.of(List.of("*"), null).check("anything.example")).isEmpty();
    }
}
