package io.secretdesk.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.secretdesk.core.JsonObjects;
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
     * Parses a JSON object ({@link JsonObjects#read}); blank text is the empty object. Throws
     * {@link JsonProcessingException} for anything else, including text after the object. The caller words the error.
     */
    static Map<String, Object> parseObject(String text) throws JsonProcessingException {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        return JsonObjects.read(MAPPER, text);
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
}
