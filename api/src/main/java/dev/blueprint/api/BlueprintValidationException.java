package dev.blueprint.api;

import java.util.List;

/**
 * The user's blueprint is wrong: the CLI prints every problem as {@code file:line:col: error: message}
 * and exits with code 2.
 */
public class BlueprintValidationException extends BlueprintException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    /**
     * Creates the exception.
     *
     * @param problems every problem, already formatted as {@code file:line:col: severity: message}
     */
    public BlueprintValidationException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** The formatted problems, in file order. */
    public List<String> problems() {
        return problems;
    }
}
