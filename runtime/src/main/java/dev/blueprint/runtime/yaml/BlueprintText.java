package dev.blueprint.runtime.yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The text of a blueprint, checked before the YAML parser sees it: bounded in size, valid UTF-8, free of
 * control characters, and without a line longer than a scalar may be. These checks are linear and cheap;
 * the parser's own work grows faster than the text on long tokens, so a hostile file is refused here, quickly
 * and with its line and column, instead of after seconds and hundreds of megabytes.
 */
public final class BlueprintText {
    /** The most characters (and, read from a file, bytes) a blueprint may have: 1 MiB. */
    public static final int MAX_CHARS = 1024 * 1024;
    /** The longest line, and so the longest one-line scalar: 64 Ki characters. */
    public static final int MAX_LINE_CHARS = 64 * 1024;
    /** The longest value, over several lines: 256 Ki characters. */
    public static final int MAX_SCALAR_CHARS = 256 * 1024;

    /** A problem found in the text, at a 1-based line and column. */
    public record Flaw(int line, int column, String message) {
    }

    private BlueprintText() {
    }

    /**
     * Decodes a file's bytes as UTF-8; an invalid byte is a flaw at its line and column (counted in
     * characters decoded before it), naming its byte offset.
     */
    public static String decode(byte[] bytes) throws Invalid {
        if (bytes.length > MAX_CHARS) {
            throw new Invalid(new Flaw(1, 1, "the file is " + bytes.length + " bytes; a blueprint may have at most " + MAX_CHARS
                    + " (1 MiB)"));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            String before = out.flip().toString();
            throw new Invalid(flawAt(before, before.length(), String.format("the file is not valid UTF-8: byte 0x%02X at byte offset %d "
                    + "cannot start or continue a character; save the file as UTF-8", bytes[offset] & 0xFF, offset)));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Reads all of {@code reader}, refusing more than {@link #MAX_CHARS} characters without reading further. */
    public static String read(Reader reader) throws IOException, Invalid {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        int n;
        while ((n = reader.read(buffer)) > 0) {
            text.append(buffer, 0, n);
            if (text.length() > MAX_CHARS) {
                throw new Invalid(new Flaw(1, 1, "the text is longer than " + MAX_CHARS + " characters (1 MiB); this is not a blueprint"));
            }
        }
        return text.toString();
    }

    /** The first control character or over-long line of {@code text}, if any. */
    public static Optional<Flaw> check(String text) {
        if (text.length() > MAX_CHARS) {
            return Optional.of(new Flaw(1, 1, "the text is longer than " + MAX_CHARS + " characters (1 MiB); this is not a blueprint"));
        }
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lineStart = i + 1;
            } else if (i - lineStart >= MAX_LINE_CHARS) {
                return Optional.of(flawAt(text, i, "line is longer than " + MAX_LINE_CHARS + " characters (64 KiB); a value that long "
                        + "does not belong in a blueprint: read it from a file instead"));
            } else if (isControl(c)) {
                return Optional.of(flawAt(text, i, String.format("control character U+%04X is not allowed in a blueprint; "
                        + "write it as \\u%04X inside a double-quoted string", (int) c, (int) c)));
            }
        }
        return Optional.empty();
    }

    /** C0 and C1 controls and DEL, but tab, line ends and NEL, which YAML allows. */
    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\r') || (c >= 0x7F && c <= 0x9F && c != 0x85) || c == '\uFFFE' || c == '\uFFFF';
    }

    /** A flaw at character {@code index} of {@code text}. */
    static Flaw flawAt(String text, int index, String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Flaw(line, text.codePointCount(lineStart, index) + 1, message);
    }

    /** The text cannot be a blueprint; {@link #flaw()} says where and why. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Flaw flaw;

        Invalid(Flaw flaw) {
            super(flaw.message());
            this.flaw = flaw;
        }

        /** Where and why. */
        public Flaw flaw() {
            return flaw;
        }
    }
}
