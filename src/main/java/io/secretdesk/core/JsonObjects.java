package io.secretdesk.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one reader of a JSON object from text, for the stores, the CLI and the console's JSON editor: the whole text
 * must be one object (Jackson alone would ignore what follows it), and {@link #problem} words what is wrong with
 * its position and never a word of the text, which may hold a secret.
 */
public final class JsonObjects {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private JsonObjects() {
    }

    /**
     * The text as a map in the document's order. The caller decides what blank text means.
     *
     * @param mapper how numbers and duplicate keys are read (e.g. exact decimals, strict duplicate detection)
     * @throws JsonProcessingException for text that is not valid JSON, not an object ({@link NotAnObject}) or is
     *                                 followed by more text ({@link TrailingText}); {@link #problem} words it
     */
    public static LinkedHashMap<String, Object> read(ObjectMapper mapper, String text) throws JsonProcessingException {
        if (text == null || !text.strip().startsWith("{")) {
            throw new NotAnObject();
        }
        try (JsonParser parser = mapper.createParser(text)) {
            LinkedHashMap<String, Object> object = mapper.readValue(parser, MAP);
            JsonLocation extra = JsonEnd.extraTextAfterValue(parser);
            if (extra != null) {
                throw new TrailingText(extra);
            }
            return object;
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e); // a string has no I/O to fail
        }
    }

    /**
     * What is wrong, for people: {@code "line L, column C: <reason>"} (or only the reason when the position is
     * unknown), from a fixed set of reasons. Parser internals and the text itself never appear.
     */
    public static String problem(JsonProcessingException e) {
        String reason;
        if (e instanceof TrailingText) {
            reason = "more text follows the JSON object";
        } else if (e instanceof NotAnObject) {
            reason = "the JSON must be an object: start it with { and end it with }";
        } else if (e instanceof JsonEOFException) {
            reason = "the text ends before the JSON does (a missing } or \")";
        } else if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            reason = "a key appears twice in one object";
        } else {
            reason = "this is not valid JSON here";
        }
        JsonLocation where = e.getLocation();
        return where == null || where == JsonLocation.NA || where.getLineNr() < 0 ? reason
                : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + reason;
    }

    /** A JSON object followed by more text (another value, a stray token). */
    public static final class TrailingText extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        TrailingText(JsonLocation where) {
            super("the JSON object is followed by more text", where);
        }
    }

    /** Text that does not start as an object ({@code [..]}, a number, a string, nothing). */
    public static final class NotAnObject extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        NotAnObject() {
            super("the JSON document is not an object ({...})");
        }
    }
}
