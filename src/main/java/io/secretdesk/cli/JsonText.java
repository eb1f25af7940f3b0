package io.secretdesk.cli;

import java.util.List;
import java.util.Map;

/**
 * JSON output for the secret verbs without Jackson, which costs hundreds of classes at start-up: maps (in their
 * order), lists, strings, numbers, booleans and null, indented by two spaces. Strings are escaped so any Java
 * string, control characters and unpaired surrogates included, is valid JSON that reads back as itself.
 */
final class JsonText {

    private JsonText() {
    }

    /** {@code value} as indented JSON, without a trailing newline. */
    static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    /** {@code text} as a JSON string literal, quotes included. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        quote(out, text);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            quote(out, text);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            writeMap(out, map, depth);
        } else if (value instanceof List<?> list) {
            writeList(out, list, depth);
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getSimpleName());
        }
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{ }");
            return;
        }
        out.append('{');
        String separator = "\n";
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            out.append(separator);
            indent(out, depth + 1);
            quote(out, String.valueOf(entry.getKey()));
            out.append(" : ");
            write(out, entry.getValue(), depth + 1);
            separator = ",\n";
        }
        out.append('\n');
        indent(out, depth);
        out.append('}');
    }

    private static void writeList(StringBuilder out, List<?> list, int depth) {
        if (list.isEmpty()) {
            out.append("[ ]");
            return;
        }
        out.append('[');
        String separator = "\n";
        for (Object item : list) {
            out.append(separator);
            indent(out, depth + 1);
            write(out, item, depth + 1);
            separator = ",\n";
        }
        out.append('\n');
        indent(out, depth);
        out.append(']');
    }

    private static void indent(StringBuilder out, int depth) {
        out.append("  ".repeat(depth));
    }

    private static void quote(StringBuilder out, String text) {
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
                    boolean unpaired = Character.isHighSurrogate(c)
                            ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                            : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
                    // Control characters must be escaped; U+2028/9 too, for JavaScript readers; an unpaired
                    // surrogate has no UTF-8 form, so only its escape keeps it.
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || unpaired) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
