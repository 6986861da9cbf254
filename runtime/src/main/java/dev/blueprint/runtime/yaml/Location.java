package dev.blueprint.runtime.yaml;

/**
 * A place in a blueprint file, 1-based, as printed in messages: {@code file:line:col}.
 *
 * @param file the file name as the user gave it
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
public record Location(String file, int line, int column) {

    /** A location for things that come from outside any file, such as {@code --set}. */
    public static Location of(String what) {
        return new Location(what, 0, 0);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
