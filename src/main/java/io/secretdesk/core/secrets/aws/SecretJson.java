package io.secretdesk.core.secrets.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.secretdesk.core.JsonEnd;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parser of a secret's text: a JSON object whose members become keys.
 *
 * <p>The rule for values: strings as they are; numbers and booleans as their JSON text exactly as written
 * ({@code 42}, {@code 1.50}, {@code true}), since an id or a port is often stored unquoted; {@code null}, objects
 * and arrays are not text and are skipped, and their keys named so a person can see why a key is absent. A key
 * given twice keeps its last value, as Python's {@code json.loads} does. Parse errors carry only a line and
 * column: Jackson's own messages quote the input, and the input is a secret.
 */
final class SecretJson {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private SecretJson() {
    }

    /** A parsed secret: its text values in the secret's order, and the skipped keys with the kind of value each holds. */
    record Parsed(Map<String, String> values, Map<String, String> skipped) {
        Parsed {
            values = Collections.unmodifiableMap(values);
            skipped = Collections.unmodifiableMap(skipped);
        }

        @Override
        public String toString() {
            return "Parsed[keys=" + values.keySet() + ", skipped=" + skipped.keySet() + "]";
        }
    }

    /** The secret's text is not a JSON object; {@link #getMessage()} completes "the secret ..." and holds no input. */
    static final class NotAnObject extends Exception {
        private static final long serialVersionUID = 1L;

        NotAnObject(String problem) {
            super(problem, null, false, false);
        }
    }

    /**
     * Parses a secret's text.
     *
     * @throws NotAnObject when the text is empty, not JSON, or JSON other than an object
     */
    static Parsed parse(String text) throws NotAnObject {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new NotAnObject("is empty");
            }
            if (token != JsonToken.START_OBJECT) {
                throw new NotAnObject("is a JSON " + kind(token) + ", not an object of keys");
            }
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (value) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                        // For numbers getText() is the literal as written, so 1.50 stays 1.50.
                        values.put(key, parser.getText());
                        skipped.remove(key);
                    }
                    default -> {
                        parser.skipChildren();
                        values.remove(key);
                        skipped.put(key, kind(value));
                    }
                }
            }
            JsonLocation extra = JsonEnd.extraTextAfterValue(parser);
            if (extra != null) {
                throw new NotAnObject("is not valid JSON: more text after the object " + position(extra));
            }
            return new Parsed(values, skipped);
        } catch (JsonEOFException e) {
            throw new NotAnObject("is not valid JSON: it ends early " + position(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new NotAnObject("is not valid JSON " + position(e.getLocation()));
        } catch (IOException e) {
            // Reading a String does no I/O; this is here for the checked signature only.
            throw new NotAnObject("could not be read as JSON");
        }
    }

    static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> "value";
        };
    }

    private static String position(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return "(position unknown)";
        }
        return "(line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
}
