package io.secretdesk.core.secrets.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.secretdesk.core.JsonEnd;
import io.secretdesk.core.secrets.SecretProviderException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two formats of a secrets file, JSON and YAML: an object of string keys to string values.
 *
 * <p>Parse errors name the line and column but never quote the file: a stray token in a secrets file is
 * usually part of a secret. Both formats hold to {@link SecretLimits} when read and when written. YAML is read
 * by {@link YamlSecretsReader} (anchors and aliases as YAML means them) and written by Jackson, which quotes
 * every value.
 */
enum SecretsFileFormat {
    JSON("JSON"),
    YAML("YAML");

    private final String label;

    SecretsFileFormat(String label) {
        this.label = label;
    }

    /**
     * Jackson's streaming reader, built on the first read of a JSON file: a CLI {@code get} loads no more of
     * Jackson than this (no databind, no YAML), and only when the file is JSON.
     */
    private static final class Reading {
        static final JsonFactory JSON = limited(new JsonFactory());
    }

    /** The writers, built on the first write. */
    private static final class Writing {
        static final ObjectWriter JSON = new ObjectMapper(Reading.JSON).writer(new DefaultPrettyPrinter(
                Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n")));
        static final ObjectWriter YAML = new ObjectMapper(limited(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build())).writer();
    }

    private static JsonFactory limited(JsonFactory factory) {
        // Keep file content out of exception locations.
        factory.disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());
        // Above every SecretLimits bound (a file is at most MAX_FILE_BYTES), so our clear messages speak first.
        factory.setStreamReadConstraints(StreamReadConstraints.builder().maxNameLength(SecretLimits.MAX_FILE_BYTES)
                .maxStringLength(SecretLimits.MAX_FILE_BYTES).build());
        return factory;
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
     * @throws MalformedSecretsFileException with the line and column of the first problem, or the limit exceeded
     */
    Map<String, String> parse(byte[] bytes) throws MalformedSecretsFileException {
        String sizeProblem = SecretLimits.sizeProblem(bytes.length).orElse(null);
        if (sizeProblem != null) {
            throw new MalformedSecretsFileException(sizeProblem, 0, 0);
        }
        String text = decode(bytes);
        if (text.isBlank()) {
            return new LinkedHashMap<>();
        }
        return this == YAML ? YamlSecretsReader.parse(text) : parseJson(bytes);
    }

    private Map<String, String> parseJson(byte[] bytes) throws MalformedSecretsFileException {
        Map<String, String> values = new LinkedHashMap<>();
        try (JsonParser parser = Reading.JSON.createParser(bytes)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return values;
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
                    throw problem("the value of " + SecretLimits.shortKey(key) + " is " + describe(valueToken)
                            + "; secret values must be strings (put the value in quotes)", parser.currentTokenLocation());
                }
                if (values.containsKey(key)) {
                    throw problem("the key " + SecretLimits.shortKey(key) + " appears twice", keyLocation);
                }
                String limit = SecretLimits.keyProblem(key).or(() -> {
                    try {
                        return SecretLimits.valueProblem(key, parser.getText());
                    } catch (IOException e) {
                        return Optional.of("the value of " + SecretLimits.shortKey(key) + " cannot be read");
                    }
                }).or(() -> SecretLimits.countProblem(values.size() + 1)).orElse(null);
                if (limit != null) {
                    throw problem(limit, keyLocation);
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

    /**
     * Renders values in this format, ending with a newline, after checking them against {@link SecretLimits}
     * and what the format can store faithfully.
     *
     * @throws SecretProviderException saying what cannot be stored; nothing is written then
     */
    byte[] render(Map<String, String> values) throws IOException {
        String refusal = SecretLimits.countProblem(values.size()).orElse(null);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (refusal != null) {
                break;
            }
            refusal = SecretLimits.keyProblem(entry.getKey())
                    .or(() -> SecretLimits.valueProblem(entry.getKey(), entry.getValue()))
                    .or(() -> this == YAML ? yamlProblem(entry.getKey(), entry.getValue()) : Optional.empty())
                    .orElse(null);
        }
        if (refusal == null) {
            String text = (this == YAML ? Writing.YAML : Writing.JSON).writeValueAsString(values);
            // JSON keeps an unpaired surrogate as the escape it was read from; UTF-8 itself cannot hold one.
            text = Surrogates.escapeUnpaired(text.endsWith("\n") ? text : text + "\n");
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            refusal = SecretLimits.sizeProblem(bytes.length).orElse(null);
            if (refusal == null) {
                refusal = readBackProblem(bytes, values);
            }
            if (refusal == null) {
                return bytes;
            }
        }
        throw SecretProviderException.invalidInput("cannot store this in the secrets file: " + refusal + "; nothing was changed");
    }

    /**
     * Why {@code bytes} would not read back as {@code values}, or null when they do: the writer's last check,
     * so a file it writes is one the reader reads, whatever characters the values hold.
     */
    private String readBackProblem(byte[] bytes, Map<String, String> values) {
        Map<String, String> back;
        try {
            back = parse(bytes);
        } catch (MalformedSecretsFileException e) {
            return "the file would not read back as " + label + " (" + e.getMessage() + ")";
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!entry.getValue().equals(back.get(entry.getKey()))) {
                return "the value of " + SecretLimits.shortKey(entry.getKey()) + " would not read back as written in " + label;
            }
        }
        return back.size() == values.size() ? null : "the keys would not read back as written in " + label;
    }

    private static Optional<String> yamlProblem(String key, String value) {
        if (Surrogates.hasUnpaired(key) || Surrogates.hasUnpaired(value)) {
            return Optional.of("the value of " + SecretLimits.shortKey(key)
                    + " holds an unpaired UTF-16 surrogate, which YAML cannot store");
        }
        if (key.equals("<<")) {
            return Optional.of("YAML reads the key << as a merge, not a name");
        }
        return Optional.empty();
    }

    /** The file as text; bytes that are not UTF-8 are refused, never replaced. A leading BOM is dropped. */
    private static String decode(byte[] bytes) throws MalformedSecretsFileException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new MalformedSecretsFileException("not valid UTF-8 text; save the file as UTF-8", 0, 0);
        }
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
