package io.secretdesk.cli;

import io.secretdesk.core.store.JsonStrings;
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
        JsonStrings.quote(out, text, JsonStrings.Style.PORTABLE);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            JsonStrings.quote(out, text, JsonStrings.Style.PORTABLE);
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
            JsonStrings.quote(out, String.valueOf(entry.getKey()), JsonStrings.Style.PORTABLE);
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
}
