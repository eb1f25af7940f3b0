package io.secretdesk.core.store;

/**
 * A JSON string literal, written one way for each reader that must get the exact bytes it expects: the escapes
 * every JSON writer shares are here once, and a {@link Style} says which other characters become {@code \\uXXXX}.
 */
public final class JsonStrings {

    /** Which characters beyond the seven short escapes are written as {@code \\uXXXX}. */
    public enum Style {
        /** As Jackson's generator: only the other control characters, in upper-case hex (the audit mark's bytes). */
        JACKSON,
        /** As Python's {@code json.dumps} with {@code ensure_ascii}: everything outside printable ASCII, lower case. */
        PYTHON_ASCII,
        /**
         * For people and scripts: control characters, DEL, U+2028/9 (JavaScript readers) and an unpaired surrogate
         * (it has no UTF-8 form, so only its escape keeps it), in lower case.
         */
        PORTABLE
    }

    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();
    private static final char[] LOWER = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    /** Appends {@code text} as a quoted JSON string in {@code style}. */
    public static void quote(StringBuilder out, String text, Style style) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (escaped(text, i, style)) {
                        char[] digits = style == Style.JACKSON ? UPPER : LOWER;
                        out.append("\\u").append(digits[c >> 12]).append(digits[(c >> 8) & 0xf])
                                .append(digits[(c >> 4) & 0xf]).append(digits[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean escaped(String text, int i, Style style) {
        char c = text.charAt(i);
        return switch (style) {
            case JACKSON -> c < 0x20;
            // A char is one UTF-16 unit: a pair is written as its two escapes, as Python does.
            case PYTHON_ASCII -> c < 0x20 || c > 0x7e;
            case PORTABLE -> c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || unpaired(text, i);
        };
    }

    private static boolean unpaired(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}
