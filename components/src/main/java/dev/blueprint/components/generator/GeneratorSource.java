package dev.blueprint.components.generator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Emits the template {@code count} times (or until stopped), paced by interval or rate. */
final class GeneratorSource implements Component {
    private final GeneratorConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ComponentContext context;

    GeneratorSource(GeneratorConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
    }

    @Override
    public void run() throws InterruptedException {
        Output out = context.output();
        long limit = config.count() == null ? Long.MAX_VALUE : config.count();
        long period = config.periodNanos();
        boolean dynamic = Template.hasPlaceholders(config.template());
        long next = System.nanoTime();
        for (long seq = 1; seq <= limit && !context.isStopping(); seq++) {
            JsonNode value = dynamic ? Template.render(config.template(), seq) : config.template();
            out.emit(value);
            if (period > 0 && seq < limit) {
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 2_000_000) {
                    if (stopped.await(wait, TimeUnit.NANOSECONDS)) {
                        return;
                    }
                } else if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (wait < -1_000_000_000L) {
                    next = System.nanoTime(); // fell behind by over a second: do not burst to catch up
                }
            }
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
