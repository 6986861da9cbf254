package dev.blueprint.api;

/**
 * Thrown from a config record's compact constructor (or {@link ComponentProvider#check}) when a value
 * is invalid. The runtime reports it at the YAML position of {@code key} inside the component's
 * {@code config}, e.g. {@code system.yaml:14:15: websocket_server.config.port must be 0..65535, was 70000}.
 */
public class ConfigException extends BlueprintException {
    private static final long serialVersionUID = 1L;
    private final String key;

    /**
     * Creates the exception.
     *
     * @param key the config key in blueprint spelling ({@code max_connections}), or a dotted path for a
     *     nested key ({@code auth.secret}); empty for the config as a whole
     * @param message what is wrong and what to do instead, without the key's name in front
     */
    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The config key the problem is about. */
    public String key() {
        return key;
    }
}
