package dev.blueprint.components.nats;

import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.DeliveryWindow;
import dev.blueprint.components.payload.MessagePayload;
import dev.blueprint.components.broker.ChannelTemplate;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each record to its subject. Core NATS: handed to the client (at most once). JetStream: sent
 * asynchronously, at most {@code max_in_flight} unacknowledged; a publish that fails (the server went away,
 * no acknowledgement in time) is sent again, with the same message id so that JetStream keeps one copy,
 * and the record counts as written once the stream acknowledged it.
 */
final class NatsSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(NatsSink.class);
    private final NatsSinkConfig config;
    private final ChannelTemplate subject;
    private final DeliveryWindow window;
    private final Queue<Publish> retries = new ConcurrentLinkedQueue<>();
    private final String runId = UUID.randomUUID().toString();
    private ComponentContext context;
    private NatsLink link;
    private JetStream jetStream;
    private long sent;

    private record Publish(String subject, byte[] body, String id, Acknowledgement acknowledgement) {
    }

    NatsSink(NatsSinkConfig config) {
        this.config = config;
        this.subject = ChannelTemplate.parse("subject", config.subject());
        this.window = new DeliveryWindow(config.maxInFlight());
    }

    @Override
    public void start(ComponentContext context) throws IOException {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        link = new NatsLink(context, config.url(), config.connectTimeout());
        jetStream = config.jetstream() ? link.connection().jetStream() : null;
        log.info("{} - publishing to {}{} on {}", context.name(), subject, config.jetstream() ? " (JetStream)" : "", link.url());
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        String target = subject.fill(record.value());
        byte[] body = MessagePayload.encode(context.json(), record.value(), config.payloadField());
        if (jetStream == null) {
            link.connection().publish(target, body);
            context.written(1);
            return;
        }
        resend();
        window.take();
        send(new Publish(target, body, runId + "-" + (++sent), context.hold()));
    }

    private void send(Publish p) {
        try {
            jetStream.publishAsync(p.subject(), p.body(), PublishOptions.builder().messageId(p.id()).build())
                    .whenComplete((ack, error) -> {
                        if (error == null) {
                            window.confirmed(context, p.acknowledgement());
                        } else {
                            retries.add(p);
                        }
                    });
        } catch (RuntimeException e) {
            retries.add(p); // the client refused it outright (its reconnect buffer is full): send again later
        }
    }

    /** Sends again what failed, once the connection is up. */
    private void resend() throws InterruptedException {
        if (retries.isEmpty()) {
            return;
        }
        DeliveryWindow.awaitConnected(link::isConnected, context);
        for (Publish p; (p = retries.poll()) != null;) {
            send(p);
        }
    }

    @Override
    public void onInputsEnded() throws InterruptedException, TimeoutException {
        if (jetStream == null) {
            link.connection().flush(Duration.ofSeconds(10));
            return;
        }
        // in a stop too: what the stop flushed upstream is published last, and waits for its acks like any record
        Duration wait = context.isStopping() ? context.shutdownGracePeriod() : Duration.ofSeconds(60);
        long deadline = System.nanoTime() + wait.toNanos();
        while (window.outstanding() > 0 && System.nanoTime() < deadline) {
            if (!retries.isEmpty() && link.isConnected()) {
                resend();
            }
            window.awaitAll(Duration.ofMillis(Math.max(1, Math.min(500, (deadline - System.nanoTime()) / 1_000_000))),
                    () -> !retries.isEmpty() && link.isConnected());
        }
        if (window.outstanding() > 0) {
            log.warn("{} - {} publish(es) not acknowledged by JetStream on {} after {}", context.name(), window.outstanding(), link.url(), wait);
        }
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
    }
}
