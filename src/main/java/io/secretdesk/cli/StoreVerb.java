package io.secretdesk.cli;

import io.secretdesk.core.services.Services;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import io.secretdesk.core.JsonEnd;
import io.secretdesk.core.JsonObjects;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.crypto.DecryptionException;
import io.secretdesk.core.crypto.KeyFileException;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.core.rotation.RotationException;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.ProviderConfigStore;
import io.secretdesk.core.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import io.secretdesk.core.target.Target;
import io.secretdesk.core.target.TargetException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the store verbs share: opening the console database, reading standard input, and turning core
 * failures into exit codes ({@link ExitCode}: 2 for input that was refused, 4 for a store that refused, 5 for a token
 * no key decrypts) with their one-line message.
 */
abstract class StoreVerb implements Callable<Integer> {

    /**
     * Jackson's mappers, made on first use: a verb that prints no JSON (rotate-key, set, a plain list) loads none of
     * Jackson's databind (hundreds of classes) at start-up. The holder idiom makes the first use thread-safe.
     */
    private static final class Mappers {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        /** Reads floats with their digits as given, so a price written to jobs.db is the text the user typed. */
        static final ObjectMapper READER = new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
    private static final int MAX_STDIN_BYTES = 4 << 20;

    @Spec
    CommandSpec verbSpec;

    /** The mapper that prints the verbs' {@code --json} output (indented); made on first use. */
    static ObjectMapper json() {
        return Mappers.JSON;
    }

    /** The mapper that reads standard input (floats as {@code BigDecimal}); made on first use. */
    private static ObjectMapper reader() {
        return Mappers.READER;
    }

    abstract CliContext context();

    abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.USAGE, e.getMessage());
        } catch (StoreException e) {
            throw new CliException(ExitCode.forStore(e.reason()), e.getMessage());
        } catch (KeyFileException e) {
            throw new CliException(ExitCode.REFUSED, e.getMessage());
        } catch (DecryptionException e) {
            throw new CliException(ExitCode.CHECK_FAILED, e.getMessage());
        } catch (TargetException e) {
            // This machine's target wraps the store's failure: its exit code is the store's, as without a target.
            ExitCode code = e.getCause() instanceof StoreException store ? ExitCode.forStore(store.reason())
                    : ExitCode.forTarget(e.reason());
            throw new CliException(code, e.getMessage());
        }
    }

    /**
     * The target this run acts on: the server of {@code --server NAME} / {@code SECRETDESK_SERVER}, else this machine's
     * files. Only verbs that implement {@link ActsOnTarget} get here with a server.
     */
    /** Whether this run acts on a server ({@code --server} or {@code SECRETDESK_SERVER}). */
    boolean onServer() {
        return TargetChoice.serverName(context(), (RootCommand) verbSpec.root().userObject()) != null;
    }

    Target target(ConsoleStore store) {
        return TargetChoice.open(context(), (RootCommand) verbSpec.root().userObject(), store);
    }

    /**
     * The console database with a provider-config cache of this run's own: one CLI run reads a config once or
     * twice, and an in-process run (tests, scripts) must not see another run's cached configs. The cache is a
     * real {@code TtlCache} configured like the global one, on a scheduler that starts no thread. A key
     * rotation a crash interrupted is finished or rolled back first, and what was done is said on standard error.
     */
    ConsoleStore openStore() {
        return openStore(context());
    }

    /** {@link #openStore()} for any verb of {@code context}'s run. */
    static ConsoleStore openStore(CliContext context) {
        TtlCache<Map<String, Object>> cache = TtlCache.<Map<String, Object>>builder().defaultTtl(ProviderConfigStore.CONFIG_TTL)
                .maxSize(100).scheduler(new ManualScheduler(System::nanoTime)).build();
        // The same composition as the console's, with a cache of this run's own.
        ConsoleStore store = new Services(context.env(), context.home(), cache).store();
        try {
            new KeyRotations(store, context.home(), Clock.systemUTC()).recoverInterrupted()
                    .ifPresent(recovery -> context.err().println("secretdesk: " + recovery.message()));
        } catch (RotationException e) {
            // Every key a row may need stays on the ring, so the verb can still run; the next start tries again.
            context.err().println("secretdesk: warning: " + e.getMessage());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Refuses to encrypt with a key that will be gone when this process exits. */
    static void requirePersistent(MasterSecret secret) {
        if (!secret.origin().persistent()) {
            throw new CliException(ExitCode.REFUSED, "no usable credential key: " + secret.origin().describe()
                    + ". Nothing was written.");
        }
    }

    /** A value from the terminal (not echoed) or standard input, without the one newline {@code echo} adds. */
    String readValue(String prompt) throws IOException {
        Console console = System.console();
        if (context().interactive() && console != null) {
            char[] typed = console.readPassword("%s (not shown): ", prompt);
            return typed == null ? "" : new String(typed);
        }
        String text = readStdin();
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** All of standard input as UTF-8 (at most 4 MiB). */
    String readStdin() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int read;
        while ((read = context().in().read(chunk)) != -1) {
            buffer.write(chunk, 0, read);
            if (buffer.size() > MAX_STDIN_BYTES) {
                throw new CliException(Cli.USAGE, "standard input is over 4 MiB; nothing was written");
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /**
     * Parses standard input as one JSON document; a syntax error or text after the document names its position,
     * never the text around it.
     */
    JsonNode readJson(String what) throws IOException {
        String text = readStdin();
        if (text.isBlank()) {
            throw new CliException(Cli.USAGE, "expected " + what + " on standard input, got nothing; nothing was changed");
        }
        return parseJson(what, text);
    }

    private static JsonNode parseJson(String what, String text) throws IOException {
        JsonNode document;
        JsonLocation trailing;
        try (JsonParser parser = reader().createParser(text)) {
            document = reader().readTree(parser);
            trailing = JsonEnd.extraTextAfterValue(parser);
        } catch (JsonProcessingException e) {
            throw notJson(what, "", e.getLocation());
        }
        if (trailing != null) {
            throw notJson(what, ": more text follows the JSON value", trailing);
        }
        return document == null ? NullNode.getInstance() : document;
    }

    private static CliException notJson(String what, String problem, JsonLocation where) {
        return new CliException(Cli.USAGE, "standard input is not " + what + problem
                + (where == null ? "" : " (error at line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                + "; nothing was changed");
    }

    /**
     * A JSON object from standard input, as a map in the document's order, read by core's one JSON-object reader
     * ({@link JsonObjects}, as the stores and the console's JSON editor read one); anything else is refused (exit 2)
     * with its position, never the text around it.
     */
    Map<String, Object> readJsonObject(String what) throws IOException {
        String text = readStdin();
        if (text.isBlank()) {
            throw new CliException(Cli.USAGE, "expected " + what + " on standard input, got nothing; nothing was changed");
        }
        try {
            return JsonObjects.read(reader(), text);
        } catch (JsonObjects.NotAnObject e) {
            JsonNode document = parseJson(what, text); // valid JSON of another kind, or says where it is not JSON
            throw new CliException(Cli.USAGE, "standard input is not " + what + " but " + describe(document)
                    + "; nothing was changed");
        } catch (JsonObjects.TrailingText e) {
            throw notJson(what, ": more text follows the JSON value", e.getLocation());
        } catch (JsonProcessingException e) {
            throw notJson(what, "", e.getLocation());
        }
    }

    private static String describe(JsonNode document) {
        return switch (document.getNodeType()) {
            case NULL -> "null";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            default -> "another kind of JSON value";
        };
    }
}
