package dev.blueprint.components.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.components.broker.PendingAcknowledgements;
import dev.blueprint.components.payload.MessagePayload;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits {@code {subject, data}} per message: from a core subscription (at most once), or from a JetStream
 * durable pull consumer, acknowledging each message only once its record has been handled (at least once:
 * what was not acknowledged when the process or the server went away is delivered again; a message whose record
 * failed downstream is nak'ed with a delay from the back-off and delivered again).
 */
final class NatsSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(NatsSource.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private final NatsSourceConfig config;
    private ComponentContext context;
    private NatsLink link;
    private volatile Subscription core;
    private volatile JetStreamSubscription pull;

    NatsSource(NatsSourceConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        link = new NatsLink(context, config.url(), config.connectTimeout(), config.backoff(), this::subscribe);
        link.start();
    }

    /** Once connected: the client keeps the subscription across its own reconnects. */
    private void subscribe(Connection connection) {
        try {
            if (config.stream() == null) {
                core = config.queueGroup() == null ? connection.subscribe(config.subject()) : connection.subscribe(config.subject(), config.queueGroup());
                // core NATS drops what is published before the server has the subscription: a round trip to the server
                // first, so that started (and ready) means subscribed
                connection.flush(config.connectTimeout());
                log.info("{} - subscribed to {} on {}", context.name(), config.subject(), link.url());
                return;
            }
            String durable = config.durable() != null ? config.durable()
                    : (context.systemName() + "_" + context.name()).replaceAll("[^A-Za-z0-9_-]", "_");
            ensureStream(connection.jetStreamManagement());
            pull = connection.jetStream().subscribe(config.subject(), consumer(connection.jetStreamManagement(), durable));
            log.info("{} - consuming {} of stream {} as durable {}{} on {}", context.name(), config.subject(), config.stream(), durable,
                    config.ackWait() == null ? "" : " (ack wait " + config.ackWait().toMillis() + " ms)", link.url());
        } catch (JetStreamApiException e) {
            throw new ComponentInitializationException(context.name() + ": JetStream refused stream " + config.stream() + " on "
                    + link.url() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new java.io.UncheckedIOException(new IOException(context.name() + ": the subscription to " + config.subject() + " on "
                    + link.url() + " was not confirmed within " + config.connectTimeout(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(context.name() + ": interrupted while subscribing", e);
        }
    }

    /**
     * How to subscribe: to the durable consumer as it is, or with {@code ack_wait}, to the consumer created or updated
     * with that wait first (the server takes a new ack wait on an existing consumer; the client would refuse to
     * subscribe to one whose settings differ from those it was given).
     */
    private PullSubscribeOptions consumer(JetStreamManagement jsm, String durable) throws IOException, JetStreamApiException {
        if (config.ackWait() == null) {
            return PullSubscribeOptions.builder().stream(config.stream()).durable(durable).build();
        }
        ConsumerConfiguration wanted;
        try {
            ConsumerInfo existing = jsm.getConsumerInfo(config.stream(), durable);
            wanted = ConsumerConfiguration.builder(existing.getConsumerConfiguration()).ackWait(config.ackWait()).build();
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            wanted = ConsumerConfiguration.builder().durable(durable).filterSubject(config.subject()).ackPolicy(AckPolicy.Explicit)
                    .ackWait(config.ackWait()).build();
        }
        jsm.addOrUpdateConsumer(config.stream(), wanted);
        return PullSubscribeOptions.bind(config.stream(), durable);
    }

    private void ensureStream(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(config.stream());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            jsm.addStream(StreamConfiguration.builder().name(config.stream()).subjects(config.subject()).storageType(StorageType.File).build());
            log.info("{} - created stream {} on {}", context.name(), config.stream(), config.subject());
        }
    }

    @Override
    public void run() throws InterruptedException {
        long limit = config.count() == null ? Long.MAX_VALUE : config.count();
        long n = 0;
        Output out = context.output();
        if (link.connector().await() == null) {
            return; // stopped before the server ever came
        }
        while (n < limit && !context.isStopping()) {
            if (core != null) {
                Message m = core.nextMessage(POLL);
                if (m != null) {
                    MessagePayload.emit(context, out, record(m), m.getData(), config.payload(), null);
                    n++;
                }
                continue;
            }
            List<Message> batch;
            try {
                batch = pull.fetch((int) Math.min(config.batch(), limit - n), POLL);
            } catch (IllegalStateException e) {
                // the connection is away: the client reconnects; fetch again once it is back
                Thread.sleep(POLL.toMillis());
                continue;
            }
            for (Message m : batch) {
                MessagePayload.emit(context, out, record(m), m.getData(), config.payload(), () -> acknowledge(m), reason -> redeliver(m));
                n++;
            }
        }
    }

    /**
     * Acks on whichever thread handled the record last (a sink's); once the source has finished and closed its
     * connection the ack cannot go out, and JetStream delivers the message again: never the sink's failure.
     */
    private void acknowledge(Message m) {
        try {
            m.ack();
        } catch (RuntimeException e) {
            log.debug("{} - acknowledging {}: {}", context.name(), m.getSubject(), e.toString());
        }
    }

    /** A record failed downstream: JetStream delivers the message again after the back-off for its delivery count. */
    private void redeliver(Message m) {
        try {
            long delivered = m.isJetStream() ? m.metaData().deliveredCount() : 1;
            m.nakWithDelay(config.backoff().delay((int) Math.max(0, Math.min(Integer.MAX_VALUE, delivered - 1))));
        } catch (RuntimeException e) {
            log.debug("{} - nak of {}: {}", context.name(), m.getSubject(), e.toString());
        }
    }

    private ObjectNode record(Message m) {
        ObjectNode record = context.json().createObjectNode();
        record.put("subject", m.getSubject());
        return record;
    }

    @Override
    public void close() throws InterruptedException {
        if (link != null) {
            try {
                PendingAcknowledgements.await(context);
            } finally {
                link.close();
            }
        }
    }
}
