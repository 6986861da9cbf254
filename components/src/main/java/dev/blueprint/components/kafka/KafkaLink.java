package dev.blueprint.components.kafka;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Redaction;
import dev.blueprint.components.broker.Outages;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * A Kafka connector's link to its brokers as every connector shows it ({@code connector_up},
 * {@code connector_outages_total}, {@code /ready}, an outage logged once each way). The producer and the consumer
 * reconnect on their own and say nothing when the brokers go, so an admin client asks the cluster once a second;
 * no answer within the probe timeout is an outage, the next answer ends it.
 */
final class KafkaLink implements AutoCloseable {
    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    /** The longest a probe waits: an outage is seen within seconds, whatever connect_timeout allows at start. */
    private static final Duration PROBE_TIMEOUT_MAX = Duration.ofSeconds(5);
    private final Outages outages;
    private final Admin admin;
    private final Duration timeout;
    private final ScheduledExecutorService probe;

    /** @param connectTimeout the component's {@code connect_timeout}: a probe waits as long, at most 5 s */
    KafkaLink(ComponentContext context, String bootstrapServers, Map<String, String> properties, Duration connectTimeout) {
        String broker = "kafka://" + bootstrapServers;
        this.outages = new Outages(context.name(), broker).exposedIn(context.meterRegistry());
        this.timeout = connectTimeout.compareTo(PROBE_TIMEOUT_MAX) < 0 ? connectTimeout : PROBE_TIMEOUT_MAX;
        context.readiness().register(context.name() + ": kafka " + Redaction.cleanUrl(broker), outages::isUp);
        Properties p = new Properties();
        // the client's own settings (security, SASL) apply to the probe too; the producer's or consumer's are not the admin's
        properties.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, context.systemName() + "-" + context.name() + "-probe");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeout.toMillis()));
        this.admin = Admin.create(p);
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blueprint-" + context.name() + "-kafka-probe");
            t.setDaemon(true);
            return t;
        });
        probe.scheduleWithFixedDelay(this::probe, PROBE_EVERY.toMillis(), PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            outages.restored();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            outages.lost(e.getCause() != null ? e.getCause().toString() : e.toString());
        }
    }

    /**
     * Whether a failure at start cannot pass by waiting (bad credentials, a client not allowed, a topic name the
     * brokers refuse: what Kafka does not mark retriable): then the start fails; brokers that are not there yet (a
     * timeout) are an outage like any later one, and the run starts without them.
     */
    static boolean isDefinitive(KafkaException e) {
        return !(e instanceof RetriableException);
    }

    /** The brokers did not answer at start: the first outage, which the next answer of the probe ends. */
    void unreachableAtStart(KafkaException e) {
        outages.lost("cannot connect: " + e.getMessage());
    }

    /** Whether the brokers answered the last probe. */
    boolean isUp() {
        return outages.isUp();
    }

    /** Outages so far. */
    long outages() {
        return outages.count();
    }

    @Override
    public void close() {
        probe.shutdownNow();
        admin.close(Duration.ZERO);
        outages.logTotal();
    }
}
