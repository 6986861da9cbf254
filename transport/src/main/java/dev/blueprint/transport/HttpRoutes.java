package dev.blueprint.transport;

import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP endpoints of a server: exact paths, path prefixes (longest wins) and a fallback. */
public final class HttpRoutes {
    private final Map<String, HttpRoute> exact = new LinkedHashMap<>();
    private final Map<String, HttpRoute> prefixes = new LinkedHashMap<>();
    private volatile HttpRoute fallback = request -> HttpReply.text(404, "not found\n");

    /** Serves {@code path} exactly. */
    public synchronized HttpRoutes exact(String path, HttpRoute route) {
        exact.put(path, route);
        return this;
    }

    /** Serves every path that starts with {@code prefix}. */
    public synchronized HttpRoutes prefix(String prefix, HttpRoute route) {
        prefixes.put(prefix, route);
        return this;
    }

    /** Serves what no other route does. */
    public HttpRoutes fallback(HttpRoute route) {
        this.fallback = route;
        return this;
    }


    synchronized HttpRoute find(String path) {
        HttpRoute r = exact.get(path);
        if (r != null) {
            return r;
        }
        String best = null;
        for (String p : prefixes.keySet()) {
            if (path.startsWith(p) && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best == null ? fallback : prefixes.get(best);
    }
}
