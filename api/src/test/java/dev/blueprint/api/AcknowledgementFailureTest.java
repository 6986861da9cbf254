package dev.blueprint.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hold given back as failed keeps the source from hearing "handled", whatever the other copies did. */
class AcknowledgementFailureTest {
    private final List<String> heard = new ArrayList<>();
    private final Acknowledgement ack = Acknowledgement.of(() -> heard.add("handled"),
            reason -> heard.add("failed: " + reason.getMessage()));

    @Test
    void allCopiesReleasedTellsTheSourceHandled() {
        ack.hold();
        ack.release();
        ack.release();
        assertThat(heard).containsExactly("handled");
    }

    @Test
    void oneFailedCopyAmongHandledOnesTellsTheSourceFailedOnceTheLastCopyIsDone() {
        ack.hold();
        ack.hold();
        ack.fail(new IllegalStateException("broker refused"));
        ack.release();
        assertThat(heard).isEmpty();
        ack.release();
        assertThat(heard).containsExactly("failed: broker refused");
        assertThat(ack.hasFailed()).isTrue();
    }

    @Test
    void theFirstReasonIsTheOneReported() {
        ack.hold();
        ack.fail(new IllegalStateException("first"));
        ack.fail(new IllegalStateException("second"));
        assertThat(heard).containsExactly("failed: first");
    }

    @Test
    void aSourceWithoutAFailureCallbackHearsNothingOnFailure() {
        List<String> only = new ArrayList<>();
        Acknowledgement plain = Acknowledgement.of(() -> only.add("handled"));
        plain.fail(new IllegalStateException("gone"));
        assertThat(only).isEmpty();
    }

    @Test
    void theUntrackedAcknowledgementIgnoresFailures() {
        Acknowledgement.NONE.fail(new IllegalStateException("nothing waits"));
        assertThat(Acknowledgement.NONE.hasFailed()).isFalse();
    }
}
