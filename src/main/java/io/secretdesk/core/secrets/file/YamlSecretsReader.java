package io.secretdesk.core.secrets.file;

import java.io.StringReader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML secrets file from SnakeYAML's events, so that anchors and aliases mean what they mean to YAML
 * (and to SimpleTuner, which reads the file with PyYAML): {@code B: *anc} is the string anchored by
 * {@code &anc}. Plain scalars are typed by YAML 1.1's rules, as PyYAML types them, so {@code N: 12} and
 * {@code ON: yes} are refused as a number and a boolean rather than read as text SimpleTuner would not see.
 *
 * <p>Only aliases of strings are read; an alias of a list or mapping (including a {@code <<} merge) is refused.
 * Each alias expands to one string, and the expanded text counts against {@link SecretLimits#MAX_FILE_BYTES},
 * so a file of many aliases to a long value cannot blow up memory.
 */
final class YamlSecretsReader {

    private static final Resolver RESOLVER = new Resolver();

    private final Parser parser;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private long expandedChars;

    private YamlSecretsReader(String text) {
        LoaderOptions options = new LoaderOptions();
        // Above the file limit, so SecretLimits' clear message speaks first.
        options.setCodePointLimit(SecretLimits.MAX_FILE_BYTES + 1);
        this.parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
    }

    /** What an anchor names: a string, or something that is not one (described for messages). */
    private record Anchored(String string, String notAString) {
    }

    static Map<String, String> parse(String text) throws MalformedSecretsFileException {
        try {
            return new YamlSecretsReader(text).read();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new MalformedSecretsFileException("not valid YAML syntax", mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1);
        } catch (YAMLException e) {
            // SnakeYAML's messages may quote the text around the problem, which may be part of a secret.
            throw new MalformedSecretsFileException("not valid YAML (" + e.getClass().getSimpleName() + ")", 0, 0);
        }
    }

    private Map<String, String> read() throws MalformedSecretsFileException {
        Map<String, String> values = new LinkedHashMap<>();
        expect(Event.ID.StreamStart);
        if (parser.checkEvent(Event.ID.StreamEnd)) {
            return values;
        }
        expect(Event.ID.DocumentStart);
        Event top = parser.getEvent();
        if (top instanceof ScalarEvent scalar && scalar.getValue().isEmpty() && typeOf(scalar) != null) {
            expectEndOfDocument();
            return values; // an empty document such as a lone "---"
        }
        if (!(top instanceof MappingStartEvent mapping)) {
            throw problem("the top level is " + describe(top) + ", not a mapping of KEY: value pairs", top);
        }
        remember(mapping, null, "a mapping");
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event keyEvent = parser.getEvent();
            String key = keyOf(keyEvent);
            Event valueEvent = parser.getEvent();
            String value = stringOf(valueEvent, key);
            if (values.containsKey(key)) {
                throw problem("the key " + SecretLimits.shortKey(key) + " appears twice", keyEvent);
            }
            String keyProblem = SecretLimits.keyProblem(key).orElse(null);
            if (keyProblem != null) {
                throw problem(keyProblem, keyEvent);
            }
            String valueProblem = SecretLimits.valueProblem(key, value).orElse(null);
            if (valueProblem != null) {
                throw problem(valueProblem, valueEvent);
            }
            if (Surrogates.hasUnpaired(key) || Surrogates.hasUnpaired(value)) {
                throw problem((Surrogates.hasUnpaired(key) ? "the key " : "the value of " + SecretLimits.shortKey(key))
                        + " holds an unpaired UTF-16 surrogate (a \\uD800-\\uDFFF escape), which YAML cannot store;"
                        + " fix that escape", valueEvent);
            }
            values.put(key, value);
            String countProblem = SecretLimits.countProblem(values.size()).orElse(null);
            if (countProblem != null) {
                throw problem(countProblem, keyEvent);
            }
        }
        parser.getEvent();
        expectEndOfDocument();
        return values;
    }

    private String keyOf(Event event) throws MalformedSecretsFileException {
        if (event instanceof ScalarEvent scalar && isPlain(scalar) && "<<".equals(scalar.getValue())) {
            throw problem("merge keys (<<) are not supported in a secrets file; write each KEY: value out", event);
        }
        if (event instanceof ScalarEvent scalar) {
            // Keys are taken as written, whatever YAML would type them as.
            remember(scalar, scalar.getValue(), null);
            return scalar.getValue();
        }
        if (event instanceof AliasEvent alias) {
            Anchored anchored = resolve(alias);
            if (anchored.string() == null) {
                throw problem("a key is an alias (*" + alias.getAnchor() + ") of " + anchored.notAString()
                        + "; keys must be text", event);
            }
            return expand(anchored.string(), event);
        }
        throw problem("a key is " + describe(event) + "; keys must be text", event);
    }

    private String stringOf(Event event, String key) throws MalformedSecretsFileException {
        if (event instanceof AliasEvent alias) {
            Anchored anchored = resolve(alias);
            if (anchored.string() == null) {
                throw problem("the value of " + SecretLimits.shortKey(key) + " is an alias (*" + alias.getAnchor() + ") of "
                        + anchored.notAString() + "; secret values must be strings", event);
            }
            return expand(anchored.string(), event);
        }
        if (event instanceof ScalarEvent scalar) {
            String type = typeOf(scalar);
            remember(scalar, type == null ? scalar.getValue() : null, type);
            if (type != null) {
                throw problem("the value of " + SecretLimits.shortKey(key) + " is " + type
                        + "; secret values must be strings (put the value in quotes)", event);
            }
            return expand(scalar.getValue(), event);
        }
        String what = describe(event);
        if (event instanceof CollectionStartEvent collection) {
            remember(collection, null, what);
        }
        throw problem("the value of " + SecretLimits.shortKey(key) + " is " + what
                + "; secret values must be strings (put the value in quotes)", event);
    }

    /** Null when YAML (1.1, as PyYAML reads it) makes {@code scalar} a string; else what it makes it. */
    private static String typeOf(ScalarEvent scalar) {
        String tag = scalar.getTag();
        if (tag != null && !tag.equals("!")) {
            return tag.equals(Tag.STR.getValue()) ? null : "a value tagged " + tag.replace("tag:yaml.org,2002:", "!!");
        }
        if (!isPlain(scalar)) {
            return null;
        }
        Tag resolved = RESOLVER.resolve(NodeId.scalar, scalar.getValue(), true);
        if (resolved.equals(Tag.STR)) {
            return null;
        }
        if (resolved.equals(Tag.INT) || resolved.equals(Tag.FLOAT)) {
            return "a number";
        }
        if (resolved.equals(Tag.BOOL)) {
            return "a boolean (YAML reads yes/no/on/off/true/false so)";
        }
        if (resolved.equals(Tag.NULL)) {
            return "empty (null)";
        }
        if (resolved.equals(Tag.TIMESTAMP)) {
            return "a date";
        }
        return "not text (" + resolved.getValue().replace("tag:yaml.org,2002:", "!!") + ")";
    }

    private static boolean isPlain(ScalarEvent scalar) {
        return scalar.getImplicit().canOmitTagInPlainScalar() && scalar.isPlain();
    }

    private void remember(NodeEvent event, String string, String notAString) {
        if (event.getAnchor() != null) {
            anchors.put(event.getAnchor(), new Anchored(string, notAString == null && string == null ? "a value" : notAString));
        }
    }

    private Anchored resolve(AliasEvent alias) throws MalformedSecretsFileException {
        Anchored anchored = anchors.get(alias.getAnchor());
        if (anchored == null) {
            throw problem("the alias *" + alias.getAnchor() + " has no anchor &" + alias.getAnchor() + " before it", alias);
        }
        return anchored;
    }

    /** Counts {@code value} against the expansion bound. */
    private String expand(String value, Event where) throws MalformedSecretsFileException {
        expandedChars += value.length();
        if (expandedChars > SecretLimits.MAX_FILE_BYTES) {
            throw problem("with its aliases expanded the file holds over " + SecretLimits.MAX_FILE_BYTES
                    + " characters of values; the limit is " + SecretLimits.MAX_FILE_BYTES, where);
        }
        return value;
    }

    private void expect(Event.ID id) throws MalformedSecretsFileException {
        Event event = parser.getEvent();
        if (!event.is(id)) {
            throw problem("unexpected " + describe(event), event);
        }
    }

    private void expectEndOfDocument() throws MalformedSecretsFileException {
        expect(Event.ID.DocumentEnd);
        Event next = parser.getEvent();
        if (!next.is(Event.ID.StreamEnd)) {
            throw problem("there is more content after the top-level mapping (a second document)", next);
        }
    }

    private static String describe(Event event) {
        if (event instanceof ScalarEvent scalar) {
            String type = typeOf(scalar);
            return type == null ? "a string" : type;
        }
        return switch (event.getEventId()) {
            case SequenceStart -> "a list";
            case MappingStart -> "a mapping";
            case Alias -> "an alias (*" + ((AliasEvent) event).getAnchor() + ")";
            default -> "not a value";
        };
    }

    private static MalformedSecretsFileException problem(String what, Event event) {
        Mark mark = event == null ? null : event.getStartMark();
        return new MalformedSecretsFileException(what, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1);
    }
}
