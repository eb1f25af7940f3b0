package io.secretdesk.core.secrets.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.secretdesk.core.JsonEnd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The two formats of a secrets file, JSON and YAML: an object of string keys to string values.
 *
 * <p>Parse errors name the line and column but never quote the file: a stray token in a secrets file is
 * usually part of a secret.
 */
enum SecretsFileFormat {
    JSON("JSON", new JsonFactory()),
    YAML("YAML", YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

    private final String label;
    private final JsonFactory factory;
    private final ObjectWriter writer;

    SecretsFileFormat(String label, JsonFactory factory) {
        this.label = label;
        // Keep file content out of exception locations.
        factory.disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());
        this.factory = factory;
        ObjectMapper mapper = new ObjectMapper(factory);
        this.writer = this.label.equals("JSON")
                ? mapper.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                        .withObjectIndenter(new DefaultIndenter("  ", "\n")))
                : mapper.writer();
    }

    /** YAML for {@code .yaml}/{@code .yml}, JSON for anything else. */
    static SecretsFileFormat of(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
    }

    String label() {
        return label;
    }

    /**
     * Reads a secrets file's bytes. A blank file is an empty object.
     *
     * @throws MalformedSecretsFileException with the line and column of the first problem
     */
    Map<String, String> parse(byte[] bytes) throws MalformedSecretsFileException {
        Map<String, String> values = new LinkedHashMap<>();
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return values;
        }
        try (JsonParser parser = factory.createParser(bytes)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return values; // an empty YAML document
            }
            if (token != JsonToken.START_OBJECT) {
                throw problem("the top level is " + describe(token) + ", not an object of KEY: value pairs",
                        parser.currentTokenLocation());
            }
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonLocation keyLocation = parser.currentTokenLocation();
                JsonToken valueToken = parser.nextToken();
                if (valueToken != JsonToken.VALUE_STRING) {
                    throw problem("the value of \"" + key + "\" is " + describe(valueToken)
                            + "; secret values must be strings (put the value in quotes)", parser.currentTokenLocation());
                }
                if (values.containsKey(key)) {
                    throw problem("the key \"" + key + "\" appears twice", keyLocation);
                }
                values.put(key, parser.getText());
            }
            JsonLocation extra = JsonEnd.extraTextAfterValue(parser);
            if (extra != null) {
                throw problem("there is more content after the top-level object", extra);
            }
            return values;
        } catch (JsonProcessingException e) {
            // Jackson's own message may quote the offending token, which may be part of a secret.
            throw problem("not valid " + label + " syntax", e.getLocation());
        } catch (IOException e) {
            throw new MalformedSecretsFileException("could not be read as " + label + " (" + e.getClass().getSimpleName() + ")", 0, 0);
        }
    }

    /** Renders values in this format, ending with a newline. */
    byte[] render(Map<String, String> values) throws IOException {
        String text = writer.writeValueAsString(values);
        return (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private MalformedSecretsFileException problem(String what, JsonLocation location) {
        int line = location == null ? 0 : location.getLineNr();
        int column = location == null ? 0 : location.getColumnNr();
        return new MalformedSecretsFileException(what, line, column);
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "missing";
        }
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "empty (null)";
            case VALUE_STRING -> "a string";
            default -> "not a value";
        };
    }
}
