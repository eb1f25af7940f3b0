package io.secretdesk.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/**
 * The end of a JSON document that must be one value: Jackson stops after the first value and ignores what
 * follows, so {@code {"a": 1} {"b": 2}} would read as {@code {"a": 1}}. Secrets files, stored configs and the
 * CLI's input all refuse such text.
 */
public final class JsonEnd {

    private JsonEnd() {
    }

    /**
     * Where text follows the value {@code parser} has just read (another value, or a stray token that is not
     * even JSON), or null when the document ends there. Only the position is given: the text may be a secret.
     */
    public static JsonLocation extraTextAfterValue(JsonParser parser) throws IOException {
        try {
            return parser.nextToken() == null ? null : parser.currentTokenLocation();
        } catch (JsonProcessingException notEvenAToken) {
            return notEvenAToken.getLocation() == null ? JsonLocation.NA : notEvenAToken.getLocation();
        }
    }
}
