package dev.blueprint.components.websocket;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.Streams.StreamSpec;
import dev.blueprint.components.websocket.http.AdminConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code WebSocket} type: a WebSocket server that broadcasts its input to clients (with a delivery
 * report per record) and emits what clients send ({@code messages}) and do ({@code events}).
 */
public final class WebSocketProvider implements ComponentProvider<WebSocketConfig> {
    private static final int MIN_ADMIN_TOKEN_LENGTH = 16;

    @Override
    public String type() {
        return "WebSocket";
    }

    @Override
    public String description() {
        return "WebSocket server: broadcasts input records to clients (delivery report per record on output), "
                + "emits client messages and connect/disconnect events; health, readiness and metrics over HTTP.";
    }

    @Override
    public Class<WebSocketConfig> configType() {
        return WebSocketConfig.class;
    }

    @Override
    public Streams streams(WebSocketConfig config) {
        return new Streams(List.of(StreamSpec.optional("input")),
                List.of(StreamSpec.optional("output"), StreamSpec.optional("messages"), StreamSpec.optional("events"),
                        StreamSpec.optional("rate_limited")),
                false, false, true);
    }

    @Override
    public List<ConfigProblem> check(WebSocketConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (config.errorCode() != null) {
            dev.blueprint.components.jq.JqExpression.problem("error_code", config.errorCode()).ifPresent(problems::add);
        }
        AdminConfig admin = config.admin();
        if (admin.enabled() && admin.token().contains("${")) {
            problems.add(ConfigProblem.warning("admin.token", "contains '${': an environment variable that was not expanded? "
                    + "(--set values are taken literally) The token is this very text"));
        } else if (admin.enabled() && admin.token().length() < MIN_ADMIN_TOKEN_LENGTH) {
            problems.add(ConfigProblem.warning("admin.token", "is only " + admin.token().length() + " characters long: use at least "
                    + MIN_ADMIN_TOKEN_LENGTH + " random ones (e.g. openssl rand -hex 24)"));
        }
        if (!admin.enabled() && admin.token() != null) {
            problems.add(ConfigProblem.warning("admin", "has a token but enabled is not true: the admin API is off"));
        }
        return problems;
    }

    @Override
    public List<ConfigProblem> check(WebSocketConfig config, Path blueprintDirectory) {
        List<ConfigProblem> problems = new ArrayList<>(check(config));
        if (config.tls() != null) {
            Path keystore = blueprintDirectory.resolve(config.tls().keystore()).normalize();
            if (!Files.isRegularFile(keystore)) {
                problems.add(ConfigProblem.error("tls.keystore", (Files.exists(keystore) ? "is not a regular file: " : "no such file: ")
                        + keystore + "; give a PKCS12 keystore (.p12), relative to the blueprint's folder or absolute"));
            } else if (!Files.isReadable(keystore)) {
                problems.add(ConfigProblem.error("tls.keystore", "cannot read keystore file " + keystore + " (permission denied)"));
            }
        }
        return problems;
    }

    @Override
    public Map<String, Integer> ports(WebSocketConfig config) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("port", config.port());
        if (config.httpPort() != null && config.httpPort() > 0) {
            ports.put("http_port", config.httpPort());
        }
        if (config.metricsPort() != null) {
            ports.put("metrics_port", config.metricsPort());
        }
        return ports;
    }

    @Override
    public Component create(WebSocketConfig config) {
        return new WebSocketComponent(config);
    }
}
