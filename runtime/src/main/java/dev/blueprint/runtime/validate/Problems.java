package dev.blueprint.runtime.validate;

import dev.blueprint.runtime.yaml.Location;
import dev.blueprint.runtime.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems so that all of them are reported together, sorted by position. */
public final class Problems implements YamlLoader.ProblemSink {
    private final List<Problem> list = new ArrayList<>();

    @Override
    public void error(Location location, String message) {
        list.add(new Problem(location, true, message));
    }

    /** Adds a warning. */
    public void warning(Location location, String message) {
        list.add(new Problem(location, false, message));
    }

    /** Whether any error was found. */
    public boolean hasErrors() {
        return list.stream().anyMatch(Problem::error);
    }

    /** All problems, by file, line and column. */
    public List<Problem> sorted() {
        return list.stream()
                .sorted(Comparator.comparing((Problem p) -> p.location().file())
                        .thenComparingInt(p -> p.location().line())
                        .thenComparingInt(p -> p.location().column()))
                .toList();
    }

    /** Formatted problems, sorted. */
    public List<String> formatted() {
        return sorted().stream().map(Problem::format).toList();
    }
}
