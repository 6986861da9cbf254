package dev.blueprint.components.kafka;

import dev.blueprint.api.ConfigProblem;
import dev.blueprint.components.broker.ConnectorProvider;
import dev.blueprint.components.jq.JqExpression;
import java.util.ArrayList;
import java.util.List;

/** {@code Sink} variant {@code kafka}: an idempotent producer with acks=all, key and headers from jq expressions. */
public final class KafkaSinkProvider extends ConnectorProvider<KafkaSinkConfig> {
    public KafkaSinkProvider() {
        super("Sink", "kafka", "Writes each record to a Kafka topic with an idempotent producer (acks=all), acknowledged upstream once the brokers have it.",
                KafkaSinkConfig.class, KafkaSink::new);
    }

    @Override
    public List<ConfigProblem> check(KafkaSinkConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        JqExpression.problem("key", config.key()).ifPresent(problems::add);
        config.headers().forEach((name, expression) -> JqExpression.problem("headers." + name, expression).ifPresent(problems::add));
        return problems;
    }
}
