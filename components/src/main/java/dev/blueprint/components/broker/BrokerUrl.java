package dev.blueprint.components.broker;

import dev.blueprint.api.ConfigException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A broker address as blueprints write it, {@code scheme://[user[:password]@]host[:port][/path]}, checked
 * when the config is bound, and shown with the password replaced by {@code ***} wherever it is logged or
 * named in an error.
 *
 * @param scheme the scheme, lower case
 * @param user the user name, or null
 * @param password the password, or null
 * @param host the host
 * @param port the port, the scheme's default when the URL has none
 * @param path the path (may be empty)
 */
public record BrokerUrl(String scheme, String user, String password, String host, int port, String path) {

    /**
     * Parses {@code text}, refusing other schemes than {@code schemes}.
     *
     * @param key the config key, for errors
     * @param defaultPort the port when the URL names none
     */
    public static BrokerUrl parse(String key, String text, Set<String> schemes, int defaultPort) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key, "is not a valid URL (" + e.getReason() + "): " + redacted(text));
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme == null || !schemes.contains(scheme) || uri.getHost() == null) {
            throw new ConfigException(key, "must be a URL " + String.join("://, ", schemes.stream().sorted().toList())
                    + "://[user:password@]host[:port], was '" + redacted(text) + "'");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        return new BrokerUrl(scheme, user, password, uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort(),
                uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** {@code text} as the run shows a URL: its password, and secret-looking query parameters, as {@code ***}. */
    public static String redacted(String text) {
        return dev.blueprint.api.Redaction.cleanUrl(text);
    }

    /** {@code host:port}. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The URL with {@code scheme} and without user info: what a client library is given. */
    public String withoutUserInfo(String scheme) {
        return scheme + "://" + hostPort() + path;
    }

    /** The URL as logged: the password, if any, as {@code ***}. */
    @Override
    public String toString() {
        return scheme + "://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@") + hostPort() + path;
    }
}
