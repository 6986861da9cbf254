package dev.blueprint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads what a file sink wrote: one JSON value a line. */
final class JsonLines {
    private JsonLines() {
    }

    /**
     * The whole lines of {@code file} (none when it does not exist). A sink may be writing while a test reads: a last
     * line without its newline is not yet written, and is left for a later read.
     */
    static List<String> whole(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    /** The distinct values of field {@code n} of the JSON lines in {@code file} (at {@code path} within each line). */
    static Set<Long> distinct(Path file, String... path) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        return whole(file).stream().filter(l -> !l.isBlank()).map(l -> {
            var node = JsonClient.parse(l);
            for (String p : path) {
                node = node.path(p);
            }
            return node.asLong();
        }).collect(Collectors.toCollection(TreeSet::new));
    }
}
