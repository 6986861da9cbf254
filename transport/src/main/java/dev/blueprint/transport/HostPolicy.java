package dev.blueprint.transport;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which {@code Host} headers a server answers: its defence against DNS rebinding, where a page whose own name the
 * attacker re-points at this machine becomes same-origin with it. Rebinding needs a name, so every IP literal is
 * allowed (the bound address, {@code 127.0.0.1}, {@code [::1]}, a pod IP a Kubernetes probe sends), as are
 * {@code localhost} and names under {@code .localhost}, the name the server was told to bind, and the listed names: an
 * entry {@code .example.com} allows the name and every name under it, {@code *} any. A request without {@code Host}
 * (HTTP/1.0, a raw client) is not from a browser and is answered. Vite's and webpack-dev-server's {@code allowedHosts}
 * are the model.
 */
public final class HostPolicy {
    /** Answers every Host: for endpoints a browser page cannot use through rebinding (the HTTP Source refuses every origin). */
    public static final HostPolicy ANY = new HostPolicy(List.of("*"));

    private final List<String> names;
    private final boolean any;

    private HostPolicy(List<String> names) {
        this.names = names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).filter(n -> !n.isEmpty()).toList();
        this.any = this.names.contains("*");
    }

    /**
     * The default names and {@code allowed}, plus {@code bindHost} when it is a name.
     *
     * @param allowed {@code allowed_hosts}: names, {@code .suffix} for a domain and its subdomains, {@code *} for any
     * @param bindHost the address the server was told to listen on, or null
     */
    public static HostPolicy of(List<String> allowed, String bindHost) {
        List<String> all = new java.util.ArrayList<>(allowed == null ? List.of() : allowed);
        if (bindHost != null && !bindHost.isBlank()) {
            all.add(bindHost);
        }
        return new HostPolicy(all);
    }

    /** Whether {@code *} is listed. */
    public boolean allowsAny() {
        return any;
    }

    /**
     * Empty when a request with this {@code Host} header may be answered, else the one-line reason it may not.
     *
     * @param hostHeader the {@code Host} header, or null
     */
    public Optional<String> check(String hostHeader) {
        if (any || hostHeader == null) {
            return Optional.empty();
        }
        String name = nameOf(hostHeader.strip().toLowerCase(Locale.ROOT));
        if (!name.isEmpty() && allows(name)) {
            return Optional.empty();
        }
        return Optional.of("Host '" + printable(hostHeader) + "' is not an allowed name for this server (DNS rebinding guard): "
                + "use localhost or an IP address, or list the name in allowed_hosts");
    }

    private boolean allows(String name) {
        if (isIpLiteral(name) || name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        for (String n : names) {
            if (n.equals(name) || n.startsWith(".") && (name.endsWith(n) || name.equals(n.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** The name of {@code host[:port]} or {@code [v6][:port]}, without a trailing dot. */
    static String nameOf(String host) {
        String name;
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            name = end < 0 ? host : host.substring(0, end + 1);
        } else {
            int colon = host.indexOf(':');
            name = colon < 0 ? host : host.substring(0, colon);
        }
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** {@code 1.2.3.4} (four decimal parts each 0..255) or a bracketed IPv6 literal; never a lookup. */
    static boolean isIpLiteral(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            String v6 = name.substring(1, name.length() - 1);
            return !v6.isEmpty() && v6.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%');
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
