package dev.blueprint.components.nats;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Sink} variant {@code nats}: publishes each record to a NATS subject made from its fields, core or JetStream (acknowledged, deduplicated on resend). */
public final class NatsSinkProvider extends ConnectorProvider<NatsSinkConfig> {
    public NatsSinkProvider() {
        super("Sink", "nats", "Publishes each record to a NATS subject made from its fields, core or JetStream (acknowledged, deduplicated on resend).", NatsSinkConfig.class,
                NatsSink::new);
    }
}
