package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Windows per key: by record count ({@code size}) or by time, tumbling, sliding or session, on processing or event
 * time. A time window closes when the watermark passes its end: the clock (processing time) or the latest event
 * time minus the allowed lateness (event time). A record for a window already closed goes to {@code late}. What a
 * stop does with the windows still open is {@code partial}'s choice; with a state store they are kept for the next
 * run (see {@link WindowCheckpoints}).
 */
final class WindowProcessor implements Component {
    private final WindowConfig config;
    private final WindowResults results;
    private final OpenWindows windows;
    private final Watermark watermark;
    private final WindowAssigner assigner;
    private final WindowInput.Read read = new WindowInput.Read();
    private final List<Pane> touched = new ArrayList<>(4);
    private ComponentContext context;
    private WindowInput input;
    private Output late;
    private Counter lateRecords;
    private WindowCheckpoints checkpoints;
    private boolean aligned;
    /** When the last record came (System.nanoTime: quiet is real time, even under a test's clock), for idle_timeout. */
    private long lastArrival;

    WindowProcessor(WindowConfig config) {
        this.config = config;
        this.results = new WindowResults(config);
        this.windows = new OpenWindows(config.id() != null, !config.percentiles().isEmpty());
        this.watermark = new Watermark(config.allowedLateness().toMillis());
        long size = config.duration() == null ? 0 : config.duration().toMillis();
        this.assigner = new WindowAssigner(size, config.slide() == null ? size : config.slide().toMillis());
        this.aligned = config.align() == WindowConfig.Align.EPOCH;
    }

    @Override
    public void start(ComponentContext context) throws Exception {
        this.context = context;
        this.input = new WindowInput(config);
        this.late = context.output("late");
        this.lateRecords = Counter.builder("window.late.records").description("Records for a window the watermark had passed, sent to late.")
                .tag("component", context.name()).register(context.meterRegistry());
        if (config.state() != null) {
            checkpoints = new WindowCheckpoints(config, context, windows, watermark, assigner, results);
            aligned |= checkpoints.restore();
        }
        results.start(context.output(), windows, checkpoints);
        lastArrival = System.nanoTime(); // idle_timeout counts from the start too
        if (!aligned && config.time() == WindowConfig.Time.PROCESSING) {
            assigner.alignTo(now()); // align: start, on processing time: at the component's start
            aligned = true;
        }
        if (config.timed() || checkpoints != null) {
            context.schedule(tick(), this::onTick);
        }
    }

    /** Often enough that a window closes within a tenth of its length (10 ms .. 1 s) of its end. */
    private Duration tick() {
        Duration d = config.sessionGap() != null ? config.sessionGap() : config.slide() != null ? config.slide() : config.duration();
        long millis = d == null ? Long.MAX_VALUE : Math.max(10, Math.min(1000, d.toMillis() / 10));
        if (config.idleTimeout() != null) {
            millis = Math.min(millis, Math.max(10, config.idleTimeout().toMillis() / 4));
        }
        if (checkpoints != null) {
            millis = Math.min(millis, config.state().interval().toMillis());
        }
        return Duration.ofMillis(millis);
    }

    private long now() {
        return context.clock().millis();
    }

    @Override
    public void onRecord(String inputName, Record record) {
        lastArrival = System.nanoTime();
        try {
            input.read(record, now(), read);
        } catch (WindowInput.Unreadable e) {
            context.reportError(record, e.kind, e.getCause());
            return;
        }
        if (!config.timed()) {
            countWindow();
            return;
        }
        if (!aligned) {
            assigner.alignTo(read.time);
            aligned = true;
        }
        if (isLate()) {
            lateRecords.increment();
            late.send(record);
            return;
        }
        touched.clear();
        if (config.sessionGap() != null) {
            touched.add(windows.session(read.keyText, read.key, read.time, config.sessionGap().toMillis()));
        } else if (config.slide() == null) {
            long s = assigner.lastStart(read.time); // tumbling: one window, without the lambda of the sliding case
            touched.add(windows.window(read.keyText, read.key, s, s + assigner.size()));
        } else {
            assigner.starts(read.time, s -> touched.add(windows.window(read.keyText, read.key, s, s + assigner.size())));
        }
        count();
        if (config.time() == WindowConfig.Time.EVENT && watermark.observe(read.time)) {
            windows.closeUpTo(watermark.value(), p -> results.emit(p, false));
        }
    }

    /** Whether every window of the record's time has been passed by the watermark. */
    private boolean isLate() {
        if (config.time() != WindowConfig.Time.EVENT) {
            return false;
        }
        long end = config.sessionGap() != null ? read.time + config.sessionGap().toMillis() : assigner.lastStart(read.time) + assigner.size();
        return end <= watermark.value();
    }

    private void countWindow() {
        touched.clear();
        Pane pane = windows.countWindow(read.keyText, read.key, read.time);
        touched.add(pane);
        count();
        if (pane.aggregate.count() >= config.size()) {
            windows.remove(pane);
            pane.end = read.time;
            results.emit(pane, false);
        }
    }

    /**
     * Counts the record in the windows it touched, unless its id was counted already (a redelivery), and keeps its
     * acknowledgement: in each window until it is emitted, or until the next checkpoint holds it.
     */
    private void count() {
        boolean again = windows.counted(read.id);
        for (Pane p : touched) {
            if (!again) {
                windows.count(p, read.time, read.value, read.id);
            }
        }
        Acknowledgement ack = context.hold();
        if (checkpoints != null) {
            checkpoints.changed();
            if (ack.isTracked()) {
                checkpoints.holdUntilNext(ack);
            }
            return;
        }
        if (!ack.isTracked()) {
            return;
        }
        for (int i = 0; i < touched.size(); i++) {
            if (i > 0) {
                ack.hold(); // one hold per window the record is in
            }
            touched.get(i).held.add(ack);
        }
    }

    private void onTick() {
        if (config.time() == WindowConfig.Time.PROCESSING && watermark.advanceTo(now())) {
            windows.closeUpTo(watermark.value(), p -> results.emit(p, false));
        }
        if (config.idleTimeout() != null && System.nanoTime() - lastArrival >= config.idleTimeout().toNanos()
                && watermark.advanceTo(now() - config.allowedLateness().toMillis())) {
            // a quiet stream: nothing moved event time for idle_timeout, so the clock does
            windows.closeUpTo(watermark.value(), p -> results.emit(p, false));
        }
        if (checkpoints != null) {
            checkpoints.maybeWrite(false);
        }
    }

    /**
     * The inputs ended: windows the clock has passed are complete (a bounded input's end moves event time to now, as
     * nothing more can come); the rest are partial: emitted, dropped or kept in the state store, as configured.
     */
    @Override
    public void onInputsEnded() {
        if (watermark.advanceTo(now())) {
            windows.closeUpTo(watermark.value(), p -> results.emit(p, false));
        }
        for (Pane p : windows.drainIf(config.partial() != WindowConfig.Partial.KEEP)) {
            if (checkpoints != null) {
                checkpoints.changed();
            }
            if (config.partial() == WindowConfig.Partial.EMIT) {
                results.emit(p, true);
            } else {
                results.drop(p);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (checkpoints != null) {
            checkpoints.close();
        }
    }
}
