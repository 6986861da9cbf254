package dev.blueprint.components.nats;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Source} variant {@code nats}: subscribes to a NATS subject (core, at most once) or consumes a JetStream stream with a durable consumer (at least once); each message becomes {subject, data}. */
public final class NatsSourceProvider extends ConnectorProvider<NatsSourceConfig> {
    public NatsSourceProvider() {
        super("Source", "nats", "Subscribes to a NATS subject (core, at most once) or consumes a JetStream stream with a durable consumer (at least once); each message becomes {subject, data}.", NatsSourceConfig.class,
                NatsSource::new);
    }
}
