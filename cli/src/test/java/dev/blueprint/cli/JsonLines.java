package dev.blueprint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads what a file sink wrote: one JSON value a line. */
final class JsonLines {
    private JsonLines() {
    }

    /** The distinct values of field {@code n} of the JSON lines in {@code file} (at {@code path} within each line). */
    static Set<Long> distinct(Path file, String... path) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> {
            var node = JsonClient.parse(l);
            for (String p : path) {
                node = node.path(p);
            }
            return node.asLong();
        }).collect(Collectors.toCollection(TreeSet::new));
    }
}
