package dev.blueprint.runtime.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a run serves its ops endpoints ({@code /health}, {@code /ready}, {@code /metrics}, the pipeline page):
 * {@code --http HOST:PORT} or {@code system.http}. Whether there is one at all is an {@link OpsSetting}.
 *
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param chosen whether someone asked for it (a busy chosen port fails the run; the default's only warns)
 * @param allowedHosts Host names answered besides localhost and IP addresses ({@code system.http.allowed_hosts},
 *     {@code --http-allowed-hosts}): a Service name, a proxy's public name
 */
public record OpsAddress(String host, int port, boolean chosen, List<String> allowedHosts) {
    /** Served unless the user says otherwise: Redpanda Connect's port, on loopback only. */
    public static final OpsAddress DEFAULT = new OpsAddress("127.0.0.1", 4195, false);

    public OpsAddress {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    /** An address answering the default Host names only. */
    public OpsAddress(String host, int port, boolean chosen) {
        this(host, port, chosen, List.of());
    }

    /** This address, also answering {@code names}. */
    public OpsAddress withAllowedHosts(List<String> names) {
        List<String> all = new ArrayList<>(allowedHosts);
        all.addAll(names);
        return new OpsAddress(host, port, chosen, all);
    }

    /**
     * Parses {@code HOST:PORT} or {@code :PORT} (loopback), trimmed; {@code text} is the whole value, for messages.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static OpsAddress parse(String t, String text) {
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected HOST:PORT (e.g. 127.0.0.1:4195, 0.0.0.0:4195, :0) or off, was '" + text + "'");
        }
        String host = colon == 0 ? DEFAULT.host() : t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a whole number 0..65535 in '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        return new OpsAddress(host, port, true);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
