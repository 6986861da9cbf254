package dev.blueprint.runtime.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Output;
import dev.blueprint.api.PipelineStoppedException;
import dev.blueprint.api.Record;
import dev.blueprint.api.Streams;
import dev.blueprint.runtime.inspect.Tap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One output stream of a component: fans each record out to every binding reading it. */
final class OutputPort implements Output {
    private static final Logger log = LoggerFactory.getLogger(OutputPort.class);
    private final String name;
    private final ComponentCounters counters;
    private final BindingQueue[] targets;
    private final Handling handling;
    private final Tap tap = new Tap();
    private final java.util.concurrent.atomic.LongAdder sent;
    private volatile boolean closed;

    OutputPort(String name, ComponentCounters counters, List<BindingQueue> targets, Handling handling) {
        this.name = name;
        this.counters = counters;
        this.sent = counters.outputCounter();
        this.handling = handling;
        this.targets = targets.toArray(BindingQueue[]::new);
    }

    /** Counts {@code records} sent by the same output in the pipeline a reload replaced (see {@link ComponentCounters#carryOver}). */
    void carryOver(long records) {
        sent.add(records);
    }

    /** Records this output handed on to its bindings (counted once however many read it). */
    long sent() {
        return sent.sum();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isBound() {
        return targets.length > 0;
    }

    @Override
    public Record emit(JsonNode value) {
        Record record = new Record(value, counters.nextSequence(), counters.name(), System.currentTimeMillis(), handling.current());
        send(record);
        return record;
    }

    @Override
    public Record emit(JsonNode value, Acknowledgement derivedFrom) {
        Record record = new Record(value, counters.nextSequence(), counters.name(), System.currentTimeMillis(), derivedFrom);
        send(record);
        return record;
    }

    @Override
    public Record emit(JsonNode value, Runnable onHandled) {
        return emit(value, onHandled, reason -> { });
    }

    @Override
    public Record emit(JsonNode value, Runnable onHandled, java.util.function.Consumer<Throwable> onFailed) {
        counters.acknowledgementOpened();
        // the source's callback first: a source waiting in close() for none to await may then close its connection
        Acknowledgement acknowledgement = Acknowledgement.of(() -> {
            try {
                onHandled.run();
            } finally {
                counters.acknowledgementClosed();
            }
        }, reason -> {
            try {
                onFailed.accept(reason);
            } finally {
                counters.acknowledgementClosed();
            }
        });
        Record record = new Record(value, counters.nextSequence(), counters.name(), System.currentTimeMillis(), acknowledgement);
        try {
            send(record);
        } finally {
            acknowledgement.release(); // the emitter's hold: from now on only the queued copies hold it
        }
        return record;
    }

    /** The last records sent here, while someone watches. */
    Tap tap() {
        return tap;
    }

    @Override
    public void send(Record record) {
        tap.offer(record);
        if (targets.length == 0) {
            if (!Streams.ERRORS.equals(name)) {
                counters.filteredRecord();
            }
            return;
        }
        if (closed) {
            counters.lateRecord();
            log.debug("{} - record #{} emitted on closed output '{}' was discarded", counters.name(), record.sequence(), name);
            return;
        }
        Acknowledgement acknowledgement = record.acknowledgement();
        int queued = 0;
        try {
            for (BindingQueue q : targets) {
                acknowledgement.hold(); // released by the receiver once handled, or by the queue if it drops the copy
                q.put(record);
                queued++;
            }
        } catch (PipelineStoppedException e) {
            if (queued > 0) {
                // stopped while fanning out: some readers have the record, so it was sent, and the rest lost it to the
                // stop; counted so, each reader accounts for every record counted out here
                for (int i = queued; i < targets.length; i++) {
                    targets[i].lostToStop();
                }
                sent.increment();
            }
            throw e;
        }
        sent.increment(); // the component's records out too: the sum over its outputs
    }

    @Override
    public boolean wouldDrop() {
        for (BindingQueue q : targets) {
            if (q.wouldDrop()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (BindingQueue q : targets) {
                q.close();
            }
        }
    }
}
