package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import java.util.concurrent.TimeUnit;

/**
 * Lets at most {@code limit} records through per {@code period} (fixed periods). With {@code drop} the
 * excess goes to {@code throttled}; with {@code delay} the component waits for the next period, which
 * holds back its input queue and so, under {@code block}, its producers.
 */
final class ThrottleProcessor implements Component {
    private final ThrottleConfig config;
    private final long periodNanos;
    private long periodStart;
    private int passed;
    private Output out;
    private Output throttled;

    ThrottleProcessor(ThrottleConfig config) {
        this.config = config;
        this.periodNanos = config.period().toNanos();
    }

    @Override
    public void start(ComponentContext context) {
        out = context.output();
        throttled = context.output("throttled");
        periodStart = System.nanoTime();
    }

    @Override
    public void onRecord(String input, Record record) throws InterruptedException {
        roll(System.nanoTime());
        if (passed >= config.limit()) {
            if (config.mode() == ThrottleConfig.Mode.DROP) {
                throttled.send(record);
                return;
            }
            long wait = periodStart + periodNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            roll(System.nanoTime());
        }
        passed++;
        out.send(record);
    }

    private void roll(long now) {
        if (now - periodStart >= periodNanos) {
            periodStart += ((now - periodStart) / periodNanos) * periodNanos;
            passed = 0;
        }
    }
}
