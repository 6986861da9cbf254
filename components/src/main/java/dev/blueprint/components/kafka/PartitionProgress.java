package dev.blueprint.components.kafka;

import dev.blueprint.components.broker.InOrderProgress;

/**
 * The progress of one partition in Kafka's terms: the offset to commit is the one after the last record handled with
 * every one before it; after a failure the partition is read again from the first record not handled.
 */
final class PartitionProgress {
    private final InOrderProgress<Long> records = new InOrderProgress<>(null);

    /** Notes a record about to be emitted. */
    InOrderProgress.Entry<Long> emitted(long offset) {
        return records.emitted(offset);
    }

    void handled(InOrderProgress.Entry<Long> e) {
        records.handled(e);
    }

    void failed(InOrderProgress.Entry<Long> e) {
        records.failed(e);
    }

    /** The offset to read again from after a failure, once (-1: none). */
    long takeRewind() {
        return records.takeRewind().orElse(-1L);
    }

    /** The offset to commit now, or -1 when nothing new is handled since the last call. */
    long takeCommittable() {
        return records.takeMoved().map(last -> last + 1).orElse(-1L);
    }

    /** Records emitted and not yet settled. */
    int pending() {
        return records.pending();
    }
}
