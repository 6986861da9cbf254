package dev.blueprint.components.http;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import java.util.Map;

/** {@code Source} variant {@code http}: accepts POSTed JSON over HTTP. */
public final class HttpSourceProvider implements VariantProvider<HttpSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "http";
    }

    @Override
    public String description() {
        return "Accepts POSTed JSON over HTTP.";
    }

    @Override
    public Class<HttpSourceConfig> configType() {
        return HttpSourceConfig.class;
    }

    @Override
    public Streams streams(HttpSourceConfig config) {
        return Streams.source();
    }

    @Override
    public Map<String, Integer> ports(HttpSourceConfig config) {
        return Map.of("port", config.port());
    }

    @Override
    public Component create(HttpSourceConfig config) {
        return new HttpSource(config);
    }
}
