package dev.blueprint.components.kafka;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Source} variant {@code kafka}: a consumer group member committing offsets once records are handled. */
public final class KafkaSourceProvider extends ConnectorProvider<KafkaSourceConfig> {
    public KafkaSourceProvider() {
        super("Source", "kafka", "Consumes Kafka topics as a member of a consumer group, committing each offset once its record is handled (at least once).",
                KafkaSourceConfig.class, KafkaSource::new);
    }
}
