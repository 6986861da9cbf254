package dev.blueprint.components.http;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Sink} variant {@code http}: pOSTs records as JSON to an HTTP endpoint, in batches when asked, retrying with back-off. */
public final class HttpSinkProvider implements VariantProvider<HttpSinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "http";
    }

    @Override
    public String description() {
        return "POSTs records as JSON to an HTTP endpoint, in batches when asked, retrying with back-off.";
    }

    @Override
    public Class<HttpSinkConfig> configType() {
        return HttpSinkConfig.class;
    }

    @Override
    public Streams streams(HttpSinkConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(HttpSinkConfig config) {
        return new HttpSink(config);
    }
}
