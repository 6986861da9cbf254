package dev.blueprint.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Which browser origins may reach an endpoint. A request without {@code Origin} is not from a browser page
 * (curl, a server, a probe), so origin rules do not apply to it. {@code *} in the list allows every origin.
 * With {@code sameOrigin}, a page the server itself serves is allowed too: an {@code Origin} whose host is the
 * request's {@code Host} and whose port is the {@code Host}'s or one of the server's own.
 */
public final class OriginPolicy {
    private final List<String> allowed;
    private final boolean any;
    private final boolean sameOrigin;

    private OriginPolicy(List<String> allowed, boolean sameOrigin) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
        this.any = allowed.contains("*");
        this.sameOrigin = sameOrigin;
    }

    /** The listed origins, and the server's own pages. */
    public static OriginPolicy sameOriginAnd(List<String> allowed) {
        return new OriginPolicy(allowed, true);
    }

    /** The listed origins only: for endpoints that serve no page. */
    public static OriginPolicy only(List<String> allowed) {
        return new OriginPolicy(allowed, false);
    }

    /** Whether {@code *} is listed: every origin. */
    public boolean allowsAny() {
        return any;
    }

    /**
     * Whether a request with these headers may go on.
     *
     * @param origin the {@code Origin} header, or null
     * @param host the {@code Host} header, or null
     * @param ownPort whether a port is one this server listens on
     */
    public boolean allows(String origin, String host, IntPredicate ownPort) {
        if (origin == null || origin.isEmpty() || any) {
            return true;
        }
        String o = normalize(origin);
        if (allowed.contains(o)) {
            return true;
        }
        return sameOrigin && host != null && isSameOrigin(o, host.toLowerCase(Locale.ROOT), ownPort);
    }

    private static boolean isSameOrigin(String origin, String host, IntPredicate ownPort) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (java.net.URISyntaxException e) {
            return false; // "null" (a sandboxed page, a file:) and junk are nobody's own page
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        int originPort = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        int colon = host.lastIndexOf(':');
        boolean bracketed = host.endsWith("]");
        String hostName = colon > 0 && !bracketed ? host.substring(0, colon) : host;
        int hostPort = -1;
        if (colon > 0 && !bracketed) {
            try {
                hostPort = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (!uri.getHost().equals(hostName)) {
            return false;
        }
        return originPort == (hostPort < 0 ? originPort : hostPort) || ownPort.test(originPort);
    }

    private static String normalize(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
