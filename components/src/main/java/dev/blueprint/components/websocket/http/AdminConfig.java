package dev.blueprint.components.websocket.http;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Secret;

/**
 * The admin HTTP API of a WebSocket component ({@code /connections}, {@code /broadcast}): off unless
 * enabled, and then only with a bearer token.
 *
 * @param enabled whether the admin endpoints are served (beside /health, on the WebSocket port and on {@code http_port})
 * @param token the bearer token every admin request must carry
 */
public record AdminConfig(
        @Doc("Serve the admin API beside the other HTTP endpoints: GET /connections, POST /connections/{id}/send, POST /connections/{id}/close, POST /sessions/{id}/send, POST /broadcast (default false).") Boolean enabled,
        @Doc("Required when enabled: requests must send 'Authorization: Bearer <token>' (use ${ADMIN_TOKEN}).") @Secret String token) {

    /** The admin API off. */
    public static final AdminConfig OFF = new AdminConfig(false, null);

    public AdminConfig {
        enabled = enabled != null && enabled;
        if (enabled && (token == null || token.isBlank())) {
            throw new ConfigException("token", "is required when admin.enabled is true: admin requests must send "
                    + "'Authorization: Bearer <token>'; set token: ${ADMIN_TOKEN} and export ADMIN_TOKEN");
        }
    }

    @Override
    public String toString() {
        return "AdminConfig[enabled=" + enabled + ", token=" + (token == null ? "none" : "***") + "]";
    }
}
