package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelHistoryTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void offsetsStartAtOneAndRecoveryReturnsEverythingAfterSinceInOrder() {
        ChannelHistory h = new ChannelHistory(10, 60 * SECOND);
        for (int i = 1; i <= 5; i++) {
            assertThat(h.append("m" + i, false, 0)).isEqualTo(i);
        }
        assertThat(h.after(2, h.epoch(), 0)).get().asList().extracting("payload").containsExactly("m3", "m4", "m5");
        assertThat(h.after(5, h.epoch(), 0)).get().asList().isEmpty();
        assertThat(h.after(0, h.epoch(), 0)).get().asList().hasSize(5);
    }

    @Test
    void aGapBeyondSizeAnotherEpochOrAnOffsetAheadFailsTheRecovery() {
        ChannelHistory h = new ChannelHistory(3, 60 * SECOND);
        for (int i = 1; i <= 5; i++) {
            h.append("m" + i, false, 0);
        }
        assertThat(h.after(2, h.epoch(), 0)).get().asList().extracting("offset").containsExactly(3L, 4L, 5L);
        assertThat(h.after(1, h.epoch(), 0)).isEmpty(); // record 2 is gone
        assertThat(h.after(3, "another", 0)).isEmpty();
        assertThat(h.after(6, h.epoch(), 0)).isEmpty();
    }

    @Test
    void recordsOlderThanTheTtlAreNoLongerRecoverable() {
        ChannelHistory h = new ChannelHistory(100, 10 * SECOND);
        h.append("old", false, 0);
        h.append("new", false, 8 * SECOND);
        assertThat(h.after(0, h.epoch(), 11 * SECOND)).isEmpty();
        assertThat(h.after(1, h.epoch(), 11 * SECOND)).get().asList().extracting("payload").isEqualTo(List.of("new"));
    }

    @Test
    void withoutHistoryOnlyANothingMissedRecoverySucceeds() {
        ChannelHistory h = new ChannelHistory(0, Long.MAX_VALUE);
        h.append("a", false, 0);
        h.append("b", false, 0);
        assertThat(h.after(2, h.epoch(), 0)).get().asList().isEmpty();
        assertThat(h.after(1, h.epoch(), 0)).isEmpty();
        assertThat(new ChannelHistory(0, 1).epoch()).isNotEqualTo(h.epoch());
    }
}
