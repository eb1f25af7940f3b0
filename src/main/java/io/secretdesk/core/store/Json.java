package io.secretdesk.core.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.secretdesk.core.JsonEnd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON for stored configs and audit details: parsing to plain maps, and deep read-only copies. */
final class Json {

    /** Keeps a map's order: a config's (and a pricing table's) order is the user's. */
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Sorts map keys: audit details read the same whatever map built them. */
    private static final ObjectMapper SORTED = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private Json() {
    }

    /**
     * Parses a JSON object; throws {@link JsonProcessingException} for anything else, including text after
     * the object ({@link JsonTrailingContent}), which Jackson would otherwise ignore. The caller words the error.
     */
    static Map<String, Object> parseObject(String text) throws JsonProcessingException {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        if (!text.strip().startsWith("{")) {
            throw new JsonNotAnObject();
        }
        try (JsonParser parser = MAPPER.createParser(text)) {
            Map<String, Object> object = MAPPER.readValue(parser, MAP);
            JsonLocation extra = JsonEnd.extraTextAfterValue(parser);
            if (extra != null) {
                throw new JsonTrailingContent(extra);
            }
            return object;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e); // a string has no I/O to fail
        }
    }

    static String write(Object value) {
        return write(MAPPER, value);
    }

    static String writeSorted(Object value) {
        return write(SORTED, value);
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the value cannot be written as JSON: " + e.getOriginalMessage(), e);
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

    /** A JSON object followed by more text (another value, a stray token). */
    static final class JsonTrailingContent extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        JsonTrailingContent(JsonLocation where) {
            super("the JSON object is followed by more text", where);
        }
    }

    /** A document that is valid JSON but not an object ({@code [..]}, a number, a string). */
    static final class JsonNotAnObject extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        JsonNotAnObject() {
            super("the JSON document is not an object ({...})");
        }
    }
}
