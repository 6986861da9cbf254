package dev.blueprint.components.nats;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.DeliveryWindow;
import dev.blueprint.components.broker.Outbox;
import dev.blueprint.components.payload.MessagePayload;
import dev.blueprint.components.broker.ChannelTemplate;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each record to its subject. Core NATS: handed to the client (at most once). JetStream: sent
 * asynchronously through an {@link Outbox}, at most {@code max_in_flight} unacknowledged; a publish that fails
 * (the server went away, no stream took it, no acknowledgement in time) is sent again after the back-off, with
 * the same message id so that JetStream keeps one copy, up to {@code retries}; the record counts as written once
 * the stream acknowledged it.
 */
final class NatsSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(NatsSink.class);
    private final NatsSinkConfig config;
    private final ChannelTemplate subject;
    private final String runId = UUID.randomUUID().toString();
    private ComponentContext context;
    private NatsLink link;
    private volatile JetStream jetStream;
    private Outbox<Publish> outbox;
    private long sent;

    private record Publish(String subject, byte[] body, String id) {
    }

    NatsSink(NatsSinkConfig config) {
        this.config = config;
        this.subject = ChannelTemplate.parse("subject", config.subject());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        link = new NatsLink(context, config.url(), config.connectTimeout(), config.backoff(), this::connected);
        if (config.jetstream()) {
            outbox = new Outbox<>(context, config.maxInFlight(), config.retries(), config.backoff(), link::isConnected, link.url().toString(),
                    this::publish);
        }
        link.start();
        log.info("{} - publishing to {}{} on {}", context.name(), subject, config.jetstream() ? " (JetStream)" : "", link.url());
    }

    private void connected(Connection connection) {
        if (config.jetstream()) {
            try {
                jetStream = connection.jetStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        String target = subject.fill(record.value());
        byte[] body = MessagePayload.encode(context.json(), record.value(), config.payloadField());
        if (outbox != null) {
            outbox.submit(record, new Publish(target, body, runId + "-" + (++sent)));
            return;
        }
        Connection connection = link.connector().await();
        if (connection == null) {
            throw new IllegalStateException("stopped while " + link.url() + " was away; record not sent");
        }
        connection.publish(target, body);
        context.written(1);
    }

    private void publish(DeliveryWindow.Ticket ticket, Publish p) {
        JetStream jetStream = this.jetStream;
        if (jetStream == null) {
            throw new IllegalStateException("not connected to " + link.url() + " yet");
        }
        jetStream.publishAsync(p.subject(), p.body(), PublishOptions.builder().messageId(p.id()).build())
                .whenComplete((ack, error) -> {
                    if (error == null) {
                        outbox.confirmed(ticket);
                    } else {
                        outbox.failed(ticket, p, error);
                    }
                });
    }

    @Override
    public void onInputsEnded() throws InterruptedException, TimeoutException {
        if (outbox != null) {
            // in a stop too: what the stop flushed upstream is published last, and waits for its acks like any record
            outbox.drain();
            return;
        }
        Connection connection = link.connection();
        if (connection != null) {
            connection.flush(context.shutdownGracePeriod());
        }
    }

    @Override
    public void close() {
        if (outbox != null) {
            outbox.giveBack();
        }
        if (link != null) {
            link.close();
        }
    }
}
