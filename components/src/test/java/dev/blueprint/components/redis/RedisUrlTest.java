package dev.blueprint.components.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisUrlTest {
    @Test
    void passwordsStayOutOfWhatIsPrinted() {
        assertThat(RedisUrl.redacted("redis://:secret@db:6379/2")).isEqualTo("redis://:***@db:6379/2");
        assertThat(RedisUrl.redacted("rediss://app:secret@db:6380")).isEqualTo("rediss://app:***@db:6380");
        assertThat(RedisUrl.redacted("redis://secret@db")).isEqualTo("redis://***@db");
        assertThat(RedisUrl.redacted("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    }
}
