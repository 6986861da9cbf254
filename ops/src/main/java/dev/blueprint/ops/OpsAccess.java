package dev.blueprint.ops;

import dev.blueprint.transport.HttpRefusal;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.HttpRequest;
import dev.blueprint.transport.RequestHead;
import dev.blueprint.transport.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Who may use the ops server's data endpoints (the page, {@code /api/*}, {@code /metrics}, {@code /live}): anyone who
 * reaches it while it listens on loopback (the Host and Origin checks keep web pages out), only holders of its bearer
 * token once it listens beyond. {@code /health} and {@code /ready} stay open for probes: they tell whether the run is
 * up, nothing about its data. The token comes as {@code Authorization: Bearer}, as the cookie a page got, or once as
 * {@code ?token=} (as Jupyter does), after which the page keeps it in an HttpOnly, SameSite=Strict cookie.
 */
public final class OpsAccess {
    /** The query parameter a link to the page carries the token in. */
    static final String QUERY = "token";
    private static final String COOKIE = "blueprint_ops_";

    private final byte[] token;
    private volatile int port;

    private OpsAccess(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** No token: for an ops server on loopback, or one the operator opened with {@code --http-insecure}. */
    public static OpsAccess open() {
        return new OpsAccess(null);
    }

    /** Requests need {@code token}. */
    public static OpsAccess token(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the ops token must not be empty");
        }
        return new OpsAccess(token.strip());
    }

    /** A fresh random token: 32 bytes from {@link SecureRandom}, URL-safe. */
    public static String generateToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether requests need the token. */
    public boolean required() {
        return token != null;
    }

    void bound(int port) {
        this.port = port;
    }

    /** The cookie's name: one per port, since browsers share cookies between the ports of a host. */
    private String cookieName() {
        return COOKIE + port;
    }

    /** Empty when the request may go on; else 401, decided on its headers. */
    Optional<HttpRefusal> admit(RequestHead head) {
        if (authenticated(head.headers(), head.queryParam(QUERY))) {
            return Optional.empty();
        }
        return Optional.of(new HttpRefusal(Violation.UNAUTHORIZED, "no valid ops token", unauthorized()));
    }

    /** Whether these headers or this {@code ?token=} carry the token (always, without one). */
    boolean authenticated(HttpRequest.Headers headers, String queryToken) {
        if (token == null) {
            return true;
        }
        String auth = headers.get("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).strip())) {
            return true;
        }
        return matches(cookie(headers.get("Cookie"))) || matches(queryToken);
    }

    /**
     * {@code reply}, or for a request that brought the token as {@code ?token=}: the cookie that keeps it, and for a
     * page, a redirect to the same address without the token, so that it leaves the address bar and the history.
     */
    HttpReply remember(HttpRequest request, HttpReply reply, boolean page) {
        String given = request.queryParam(QUERY);
        if (token == null || given == null || !matches(given)) {
            return reply;
        }
        String cookie = cookieName() + "=" + given + "; Path=/; HttpOnly; SameSite=Strict";
        if (page && "GET".equals(request.method())) {
            return HttpReply.text(303, "signed in; see " + request.path() + "\n").withHeader("Location", request.path())
                    .withHeader("Set-Cookie", cookie);
        }
        return reply.withHeader("Set-Cookie", cookie);
    }

    /** The 401 answer: what to send. */
    static HttpReply unauthorized() {
        return HttpReply.text(401, "the ops server needs its token: send 'Authorization: Bearer <token>', or open /?token=<token> "
                + "once (the token is BLUEPRINT_HTTP_TOKEN, or the one printed at start)\n").withHeader("WWW-Authenticate", "Bearer");
    }

    private boolean matches(String given) {
        return given != null && !given.isEmpty() && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : List.of(header.split(";"))) {
            String p = part.strip();
            if (p.startsWith(cookieName() + "=")) {
                return p.substring(cookieName().length() + 1);
            }
        }
        return null;
    }
}
