package io.secretdesk.core.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.secretdesk.core.JsonEnd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the audit log's high-water mark (its file and its HMAC's input), and deep read-only copies of configs.
 * Read with Jackson's streaming parser and written by hand, without Jackson's databind: a key rotation appends an
 * audit entry and moves the mark, and building an {@code ObjectMapper} (hundreds of classes) was a large part of a
 * cold {@code rotate-key}.
 */
final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /**
     * Parses a JSON object into maps in the document's order, lists, strings, booleans, nulls and numbers (whole
     * numbers as {@code Integer}, {@code Long} or {@code BigInteger}, others as {@code Double}; a key given twice
     * keeps its last value): what Jackson's {@code ObjectMapper} reads into a map. Blank text is the empty object.
     * Throws {@link JsonProcessingException} for anything else, including text after the object; the caller words
     * the error.
     */
    static Map<String, Object> parseObject(String text) throws JsonProcessingException {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "not a JSON object");
            }
            Map<String, Object> object = readObject(parser);
            JsonLocation extra = JsonEnd.extraTextAfterValue(parser);
            if (extra != null) {
                throw new JsonParseException(parser, "more text follows the JSON object", extra);
            }
            return object;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e); // a string has no I/O to fail
        }
    }

    private static Map<String, Object> readObject(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            object.put(name, readValue(parser));
        }
        return object;
    }

    private static Object readValue(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(parser, "not a JSON value");
        };
    }

    /**
     * Maps, lists, strings, booleans, nulls and numbers as compact JSON, byte for byte as Jackson's
     * {@code ObjectMapper.writeValueAsString} writes them (the audit mark's HMAC is computed over this text, so it
     * must not change): quotes, backslashes and control characters escaped (with JSON's short escapes where it has
     * one, else as backslash-u00XX in capitals), every other character as it is.
     *
     * @throws IllegalArgumentException for any other kind of value
     */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            JsonStrings.quote(out, text, JsonStrings.Style.JACKSON);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal) {
            out.append(value);
        } else if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                JsonStrings.quote(out, String.valueOf(entry.getKey()), JsonStrings.Style.JACKSON);
                out.append(':');
                write(out, entry.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("the value cannot be written as JSON: a " + value.getClass().getSimpleName());
        }
    }

    /** A deep, read-only copy: callers may share it (e.g. through a cache) without defensive copies. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> frozen(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, frozenValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object frozenValue(Object value) {
        if (value instanceof Map<?, ?> nested) {
            return frozen((Map<String, ?>) nested);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(frozenValue(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
