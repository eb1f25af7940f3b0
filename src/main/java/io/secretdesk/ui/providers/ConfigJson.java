package io.secretdesk.ui.providers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.secretdesk.core.JsonObjects;
import java.util.Collections;
import java.util.Map;

/**
 * The JSON editor's text: parsed by core's one JSON-object reader ({@link JsonObjects}: text after the object is refused,
 * as {@code config set} refuses it) to a map with the position of the first error, and written back indented.
 */
final class ConfigJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private ConfigJson() {
    }

    /**
     * The text as a JSON object, or why it is not one.
     *
     * @param value   the object (empty for blank text); null when {@code problem} is set
     * @param problem one line with the line and column of the error; null when the text is valid
     */
    record Parsed(Map<String, Object> value, String problem) {
        boolean ok() {
            return problem == null;
        }

        @Override
        public String toString() {
            return ok() ? "Parsed[" + value.size() + " keys]" : "Parsed[" + problem + "]";
        }
    }

    static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(Map.of(), null);
        }
        try {
            return new Parsed(Collections.unmodifiableMap(JsonObjects.read(MAPPER, text)), null);
        } catch (JsonObjects.NotAnObject e) {
            return new Parsed(null, "The JSON must be an object: start it with { and end it with }.");
        } catch (JsonProcessingException e) {
            String problem = JsonObjects.problem(e);
            return new Parsed(null, "Invalid JSON" + (problem.startsWith("line ") ? " at " : ": ") + problem + ".");
        }
    }

    /** The map as indented JSON; {@code {}} when empty. */
    static String pretty(Map<String, ?> map) {
        if (map.isEmpty()) {
            return "{}";
        }
        try {
            return PRETTY.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a config read from the store could not be written back as JSON", e);
        }
    }
}
