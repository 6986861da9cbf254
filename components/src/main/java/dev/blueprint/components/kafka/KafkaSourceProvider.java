package dev.blueprint.components.kafka;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code kafka}: a consumer group member committing offsets once records are handled. */
public final class KafkaSourceProvider implements VariantProvider<KafkaSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Consumes Kafka topics as a member of a consumer group, committing each offset once its record is handled (at least once).";
    }

    @Override
    public Class<KafkaSourceConfig> configType() {
        return KafkaSourceConfig.class;
    }

    @Override
    public Streams streams(KafkaSourceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(KafkaSourceConfig config) {
        return new KafkaSource(config);
    }
}
