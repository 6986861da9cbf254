package dev.blueprint.components.kafka;

import dev.blueprint.api.Component;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.components.jq.JqExpression;
import java.util.ArrayList;
import java.util.List;

/** {@code Sink} variant {@code kafka}: an idempotent producer with acks=all, key and headers from jq expressions. */
public final class KafkaSinkProvider implements VariantProvider<KafkaSinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Writes each record to a Kafka topic with an idempotent producer (acks=all), acknowledged upstream once the brokers have it.";
    }

    @Override
    public Class<KafkaSinkConfig> configType() {
        return KafkaSinkConfig.class;
    }

    @Override
    public Streams streams(KafkaSinkConfig config) {
        return Streams.sink();
    }

    @Override
    public List<ConfigProblem> check(KafkaSinkConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        JqExpression.problem("key", config.key()).ifPresent(problems::add);
        config.headers().forEach((name, expression) -> JqExpression.problem("headers." + name, expression).ifPresent(problems::add));
        return problems;
    }

    @Override
    public Component create(KafkaSinkConfig config) {
        return new KafkaSink(config);
    }
}
