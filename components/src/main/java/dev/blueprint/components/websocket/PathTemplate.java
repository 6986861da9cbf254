package dev.blueprint.components.websocket;

import dev.blueprint.api.ConfigException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request path such as {@code /ws} or {@code /{agent_id}/ws/{session_id}}, matched segment by segment. */
public final class PathTemplate {
    /** Accepts every path and captures nothing. */
    static final PathTemplate ANY = new PathTemplate(null);

    private final List<String> segments;

    private PathTemplate(List<String> segments) {
        this.segments = segments;
    }

    /** Parses a template; a segment {@code {name}} captures that parameter. */
    public static PathTemplate parse(String template) {
        if (template == null) {
            return ANY;
        }
        List<String> segments = split(template);
        for (String s : segments) {
            boolean open = s.startsWith("{");
            boolean close = s.endsWith("}");
            if (open != close || (open && s.length() < 3) || (!open && (s.contains("{") || s.contains("}")))) {
                throw new ConfigException("path", "segment '" + s + "' must be literal text or a whole {name}, e.g. /{agent_id}/ws/{session_id}");
            }
        }
        return new PathTemplate(segments);
    }

    /** The captured parameters when {@code path} (without query) matches, else empty. */
    public Optional<Map<String, String>> match(String path) {
        Map<String, String> params = new LinkedHashMap<>();
        if (segments == null) {
            return Optional.of(params);
        }
        List<String> actual = split(path);
        if (actual.size() != segments.size()) {
            return Optional.empty();
        }
        for (int i = 0; i < segments.size(); i++) {
            String t = segments.get(i);
            String a = URLDecoder.decode(actual.get(i), StandardCharsets.UTF_8);
            if (t.startsWith("{")) {
                if (a.isEmpty()) {
                    return Optional.empty();
                }
                params.put(t.substring(1, t.length() - 1), a);
            } else if (!t.equals(a)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** The template with every parameter replaced by a sample value, for the browser client. */
    public String example() {
        if (segments == null) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            sb.append('/').append(s.startsWith("{") ? s.substring(1, s.length() - 1).replace('_', '-') + "-1" : s);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    private static List<String> split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    @Override
    public String toString() {
        return segments == null ? "(any path)" : "/" + String.join("/", segments);
    }
}
