package dev.blueprint.runtime.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A loaded blueprint file: its content as a JSON tree and where each value and key stands in the file.
 * Paths are JSON Pointers ({@code /system/components/0/config/port}).
 */
public final class YamlDocument {
    private final String file;
    private final JsonNode root;
    private final Map<String, Location> values;
    private final Map<String, Location> keys;

    YamlDocument(String file, JsonNode root, Map<String, Location> values, Map<String, Location> keys) {
        this.file = file;
        this.root = root;
        this.values = new java.util.HashMap<>(values);
        this.keys = new java.util.HashMap<>(keys);
    }

    /** The file name as the user gave it. */
    public String file() {
        return file;
    }

    /** The content; a missing document is an empty object. */
    public JsonNode root() {
        return root;
    }

    /** Where the value at {@code pointer} starts, or the closest enclosing value's location. */
    public Location valueAt(String pointer) {
        return nearest(values, pointer);
    }

    /** Where the key of the value at {@code pointer} starts (its value's location for list items). */
    public Location keyAt(String pointer) {
        Location key = keys.get(pointer);
        return key != null ? key : valueAt(pointer);
    }

    /**
     * Records that the value (and key) at {@code pointer} comes from {@code where} rather than the file,
     * e.g. a {@code --set} override, so that problems with it are reported there.
     */
    public void locate(String pointer, Location where) {
        values.put(pointer, where);
        keys.put(pointer, where);
    }

    private Location nearest(Map<String, Location> map, String pointer) {
        String p = pointer;
        while (true) {
            Location l = map.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return new Location(file, 1, 1);
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
