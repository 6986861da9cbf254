package dev.blueprint.components.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Emits host and JVM figures every {@code interval}: {@code timestamp}, {@code cpu_load} and
 * {@code process_cpu_load} (0..1, -1 when unknown), {@code load_average}, {@code memory_total_bytes},
 * {@code memory_free_bytes}, {@code heap_used_bytes}, {@code heap_max_bytes}, {@code threads},
 * {@code uptime_ms}.
 */
final class SystemMetricsSource implements Component {
    private final SystemMetricsConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ComponentContext context;

    SystemMetricsSource(SystemMetricsConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
    }

    @Override
    public void run() throws InterruptedException {
        long limit = config.count() == null ? Long.MAX_VALUE : config.count();
        for (long i = 1; i <= limit && !context.isStopping(); i++) {
            context.output().emit(sample());
            if (i < limit && stopped.await(config.interval().toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
        }
    }

    static JsonNode sample() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("timestamp", Instant.now().toString());
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            o.put("cpu_load", sun.getCpuLoad());
            o.put("process_cpu_load", sun.getProcessCpuLoad());
            o.put("load_average", os.getSystemLoadAverage());
            o.put("memory_total_bytes", sun.getTotalMemorySize());
            o.put("memory_free_bytes", sun.getFreeMemorySize());
        } else {
            o.put("cpu_load", -1.0);
            o.put("process_cpu_load", -1.0);
            o.put("load_average", os.getSystemLoadAverage());
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        o.put("heap_used_bytes", heap.getUsed());
        o.put("heap_max_bytes", heap.getMax());
        o.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        o.put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
        return o;
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
