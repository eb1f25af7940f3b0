package io.secretdesk.cli;

import io.secretdesk.core.services.SecretWrites;
import io.secretdesk.core.store.ConsoleStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.secretdesk.core.secrets.Masking;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretProviderException;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.chain.ProviderChains;
import io.secretdesk.core.secrets.file.SecretLimits;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The secrets verbs: {@code get}, {@code which}, {@code set}, {@code delete}, {@code providers}. */
final class SecretVerbs {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_STDIN_VALUE_BYTES = SecretLimits.MAX_VALUE_BYTES;

    private SecretVerbs() {
    }

    /** Shared by the verbs: the context and a chain built from it. */
    abstract static class Verb implements Callable<Integer> {
        @ParentCommand
        RootCommand root;

        CliContext context() {
            return root.context();
        }

        SecretsManager secrets() {
            // Daemon threads: remote providers are asked at once, and a stuck call never keeps the CLI alive.
            return ProviderChains.fromConfig(Map.of(), context().env(), context().home(),
                    Executors.newCachedThreadPool(runnable -> {
                        Thread thread = new Thread(runnable, "secretdesk-cli-lookup");
                        thread.setDaemon(true);
                        return thread;
                    }));
        }

        @Override
        public final Integer call() throws Exception {
            try {
                return run();
            } catch (IllegalArgumentException | SecretProviderException e) {
                throw new CliException(Cli.USAGE, e.getMessage());
            } catch (io.secretdesk.core.store.StoreException | io.secretdesk.core.crypto.KeyFileException e) {
                // the audit log refused: the write was not made
                throw new CliException(Cli.NOT_FOUND, e.getMessage());
            }
        }

        abstract int run() throws Exception;
    }

    @Command(name = "get", description = "Print the value of KEY from the first provider that has it.")
    static final class Get extends Verb {
        @Parameters(paramLabel = "KEY")
        String key;

        @Override
        int run() {
            SecretsManager secrets = secrets();
            var value = secrets.get(key);
            if (value.isEmpty()) {
                context().err().println("secretdesk: " + key + " not found in any provider; run 'secretdesk which "
                        + key + "' to see what each provider said");
                return Cli.NOT_FOUND;
            }
            context().out().println(value.get());
            return Cli.OK;
        }
    }

    @Command(name = "which", description = "Show which provider supplies KEY, which it shadows, and why others cannot answer. Values are masked.")
    static final class Which extends Verb {
        @Parameters(paramLabel = "KEY")
        String key;

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        int run() throws IOException {
            Resolution resolution = secrets().resolve(key);
            PrintStream out = context().out();
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("key", resolution.key());
                document.put("found", resolution.source().isPresent());
                document.put("source", resolution.source().orElse(null));
                document.put("shadowed", resolution.shadowed());
                document.put("providers", resolution.outcomes().stream().map(o -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("provider", o.provider());
                    row.put("status", o.status().name().toLowerCase(Locale.ROOT));
                    row.put("location", o.location());
                    row.put("detail", o.detail().isEmpty() ? null : o.detail());
                    return row;
                }).toList());
                out.println(JSON.writeValueAsString(document));
            } else {
                out.println(resolution.supplier()
                        .map(s -> key + " = " + Masking.mask(s.value()) + "  from " + s.provider() + " (" + s.location() + ")")
                        .orElse(key + " is not set in any provider" + (resolution.incomplete()
                                ? " that answered (" + resolution.outcomes().stream()
                                        .filter(o -> o.status() == Resolution.Status.UNAVAILABLE).count()
                                        + " could not answer)" : "")));
                int width = resolution.outcomes().stream().mapToInt(o -> o.provider().length()).max().orElse(5);
                for (Resolution.Outcome outcome : resolution.outcomes()) {
                    String status = outcome.status().name().toLowerCase(Locale.ROOT);
                    String rest = outcome.status() == Resolution.Status.UNAVAILABLE ? outcome.detail() : outcome.location();
                    out.printf("  %-" + width + "s  %-11s  %s%n", outcome.provider(), status, rest);
                }
            }
            return resolution.source().isPresent() ? Cli.OK : Cli.NOT_FOUND;
        }
    }

    @Command(name = "set", description = "Write KEY to the secrets file. Without VALUE the value is read from standard input, so it stays out of shell history.")
    static final class Set extends Verb {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1")
        String value;

        @Override
        int run() throws IOException {
            refuseReplacedBytes(key, "KEY");
            if (value != null) {
                refuseReplacedBytes(value, "VALUE");
                context().err().println("secretdesk: warning: a VALUE on the command line can be seen by other users"
                        + " (ps, /proc) and stays in your shell history; next time run 'secretdesk set " + key
                        + "' and type it, or pipe it in on standard input");
            }
            String secret = value != null ? value : readValue();
            if (secret.isEmpty()) {
                throw new CliException(Cli.USAGE, "empty value for " + key + "; nothing was written (to remove a key use 'secretdesk delete " + key + "')");
            }
            SecretsManager.WriteOutcome outcome;
            try (ConsoleStore store = StoreVerb.openStore(context())) {
                outcome = new SecretWrites(this::secrets, store::audit, "cli").set(key, secret);
            }
            context().out().println("saved " + key + " to " + outcome.file() + " (audited); "
                    + SecretWrites.takesEffect().sentence());
            SecretWrites.shadowWarning(outcome).ifPresent(warning -> context().err().println("warning: " + warning));
            return Cli.OK;
        }

        /**
         * The JVM decodes arguments with the locale's charset and puts U+FFFD where bytes do not decode, so an
         * argument holding it most likely lost bytes: refuse rather than store a different secret.
         */
        private static void refuseReplacedBytes(String argument, String label) {
            if (argument.indexOf('\uFFFD') >= 0) {
                throw new CliException(Cli.USAGE, label + " holds U+FFFD, which is what bytes that are not valid text in"
                        + " this locale (" + System.getProperty("sun.jnu.encoding", "unknown") + ") become on the command"
                        + " line; nothing was written. Pass the value on standard input instead (UTF-8)");
            }
        }

        private String readValue() throws IOException {
            Console console = System.console();
            if (context().interactive() && console != null) {
                char[] typed = console.readPassword("Value for %s (not shown): ", key);
                return typed == null ? "" : new String(typed);
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int read;
            while ((read = context().in().read(chunk)) != -1) {
                buffer.write(chunk, 0, read);
                if (buffer.size() > MAX_STDIN_VALUE_BYTES + 2) {
                    throw new CliException(Cli.USAGE, "the value on standard input is over 1 MiB (the limit of a secret"
                            + " value); nothing was written");
                }
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buffer.toByteArray())).toString();
            } catch (CharacterCodingException e) {
                throw new CliException(Cli.USAGE, "the value on standard input is not UTF-8 text, so it cannot be stored"
                        + " as it is; nothing was written (encode binary secrets, e.g. with base64)");
            }
            // `echo value | secretdesk set KEY` adds one newline that is not part of the secret.
            if (text.endsWith("\r\n")) {
                return text.substring(0, text.length() - 2);
            }
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
    }

    @Command(name = "delete", description = "Remove KEY from the secrets file.")
    static final class Delete extends Verb {
        @Parameters(paramLabel = "KEY")
        String key;

        @Override
        int run() {
            SecretsManager.DeleteOutcome outcome;
            try (ConsoleStore store = StoreVerb.openStore(context())) {
                outcome = new SecretWrites(this::secrets, store::audit, "cli").delete(key);
            }
            if (!outcome.removed()) {
                context().err().println("secretdesk: " + key + " is not in " + outcome.file() + "; nothing was changed");
                return Cli.NOT_FOUND;
            }
            context().out().println("deleted " + key + " from " + outcome.file());
            outcome.after().supplier().ifPresent(s -> context().err().println("note: " + key
                    + " is still supplied by " + s.provider() + " (" + s.location() + ")"));
            return Cli.OK;
        }
    }

    @Command(name = "providers", description = "List the providers in priority order and whether each can answer now.")
    static final class Providers extends Verb {
        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        int run() throws IOException {
            List<SecretsManager.ProviderStatus> statuses = secrets().providers();
            PrintStream out = context().out();
            if (json) {
                out.println(JSON.writeValueAsString(statuses.stream().map(s -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", s.name());
                    row.put("available", s.availability().available());
                    row.put("configured", s.configured());
                    row.put("description", s.description());
                    row.put("detail", s.availability().detail());
                    return row;
                }).toList()));
            } else {
                int rank = 1;
                for (SecretsManager.ProviderStatus status : statuses) {
                    out.printf("%d. %-5s  %-11s  %s%n     %s%n", rank++, status.name(),
                            status.availability().available() ? "available" : status.configured() ? "unavailable" : "not set up",
                            status.description(), status.availability().detail());
                }
            }
            return Cli.OK;
        }
    }
}
