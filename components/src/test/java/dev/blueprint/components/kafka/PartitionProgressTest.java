package dev.blueprint.components.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    @Test
    void theOffsetToCommitWaitsForEveryEarlierRecordToBeHandled() {
        PartitionProgress p = new PartitionProgress();
        var a = p.emitted(10);
        var b = p.emitted(11);
        var c = p.emitted(12);
        p.handled(c);
        p.handled(b);
        assertThat(p.takeCommittable()).isEqualTo(-1);
        p.handled(a);
        assertThat(p.takeCommittable()).isEqualTo(13);
        assertThat(p.pending()).isZero();
    }

    @Test
    void aFailedRecordHoldsThePositionAndIsReadAgainWithWhatFollowedIt() {
        PartitionProgress p = new PartitionProgress();
        var a = p.emitted(10);
        var b = p.emitted(11);
        var c = p.emitted(12);
        p.handled(a);
        p.failed(b);
        p.handled(c);
        assertThat(p.takeCommittable()).isEqualTo(11);
        assertThat(p.takeRewind()).isEqualTo(11);
        assertThat(p.takeRewind()).isEqualTo(-1);
        // what was read before the rewind settles into nothing: the re-read records decide
        p.handled(b);
        assertThat(p.takeCommittable()).isEqualTo(-1);
        var again = p.emitted(11);
        p.handled(again);
        assertThat(p.takeCommittable()).isEqualTo(12);
    }
}
