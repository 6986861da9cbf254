package dev.blueprint.runtime.exec;

import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.runtime.inspect.RecentErrors;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one component. */
final class ComponentCounters implements PipelineMetrics.ComponentStats {
    private final String name;
    private final String type;
    private final AtomicLong sequence = new AtomicLong();
    private final LongAdder in = new LongAdder();
    // one per output, each added to by its own port only: a record sent costs one increment, not a per-output and a
    // per-component one
    private final List<LongAdder> sentPerOutput = new CopyOnWriteArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private final LongAdder late = new LongAdder();
    private final LongAdder filtered = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder inFlight = new LongAdder();
    // two adders rather than one counter: the source adds and a sink's thread subtracts, for every record
    private final LongAdder acknowledgementsOpened = new LongAdder();
    private final LongAdder acknowledgementsClosed = new LongAdder();
    private final RecentErrors recentErrors = new RecentErrors();
    /** What {@link #awaitAcknowledgements} waits on, notified by the release that leaves none awaiting. */
    private final Object settled = new Object();
    private volatile boolean settling;
    private Timer processing;
    private volatile boolean tracks;
    private volatile boolean writes;
    private volatile boolean finished;

    ComponentCounters(String name, String type) {
        this.name = name;
        this.type = type;
    }

    /**
     * Starts from where {@code before} stands: the same component, handed over from the pipeline a reload replaced
     * ({@code run --watch}), so that its totals go on rather than restart from zero. Before its thread starts.
     */
    void carryOver(ComponentCounters before) {
        sequence.set(before.sequence.get());
        in.add(before.recordsIn());
        errors.addAndGet(before.errors());
        late.add(before.late());
        filtered.add(before.filtered());
        if (before.writes()) {
            written(before.written());
        }
    }

    /** Set once when the pipeline is built, before the component's thread starts. */
    void processingTimer(Timer timer) {
        this.processing = timer;
    }

    Timer processing() {
        return processing;
    }

    RecentErrors recentErrors() {
        return recentErrors;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    void recordIn() {
        in.increment();
    }

    /** A new counter of the records one output sends; {@link #recordsOut} is their sum. */
    LongAdder outputCounter() {
        LongAdder sent = new LongAdder();
        sentPerOutput.add(sent);
        return sent;
    }

    /** Counts one failure; returns the count so far. */
    long error() {
        return errors.incrementAndGet();
    }

    void lateRecord() {
        late.increment();
    }

    /** A record sent to an output nothing is bound to: dropped by the blueprint's design. */
    void filteredRecord() {
        filtered.increment();
    }

    long filtered() {
        return filtered.sum();
    }

    void acknowledgementOpened() {
        if (!tracks) {
            tracks = true;
        }
        acknowledgementsOpened.increment();
    }

    void acknowledgementClosed() {
        acknowledgementsClosed.increment();
        // only while the source waits in close(): the path every acknowledged record takes stays one increment
        if (settling && awaitingAcknowledgement() == 0) {
            synchronized (settled) {
                settled.notifyAll();
            }
        }
    }

    /**
     * Waits until no record of this component awaits its acknowledgement, or {@code nanos} pass: woken by the
     * release that settles the last one.
     *
     * @return whether none is left awaiting
     */
    boolean awaitAcknowledgements(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        settling = true; // before the count is read: a release either sees it or is seen in the count
        try {
            synchronized (settled) {
                while (awaitingAcknowledgement() > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(settled, left);
                }
                return true;
            }
        } finally {
            settling = false;
        }
    }

    @Override
    public long awaitingAcknowledgement() {
        // closed first: read the other way round, a record acknowledged in between could show as -1
        long closed = acknowledgementsClosed.sum();
        return acknowledgementsOpened.sum() - closed;
    }

    @Override
    public boolean tracksAcknowledgements() {
        return tracks;
    }

    /** A record the component was handling when it was stopped at once. */
    void inFlightAtExit() {
        inFlight.increment();
    }

    long inFlight() {
        return inFlight.sum();
    }

    void written(long records) {
        writes = true;
        written.add(records);
    }

    /** Whether the component reports what it writes (a sink). */
    boolean writes() {
        return writes;
    }

    long written() {
        return written.sum();
    }

    void finish() {
        finished = true;
    }

    /** Records emitted after their output was closed (during shutdown), and so not delivered. */
    long late() {
        return late.sum();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public long recordsIn() {
        return in.sum();
    }

    @Override
    public long recordsOut() {
        long n = 0;
        for (LongAdder sent : sentPerOutput) {
            n += sent.sum();
        }
        return n;
    }

    @Override
    public long errors() {
        return errors.get();
    }

    @Override
    public boolean finished() {
        return finished;
    }
}
