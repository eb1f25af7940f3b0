package io.secretdesk.cli;

import io.secretdesk.core.schedule.ManualScheduler;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The secrets verbs: {@code get}, {@code which}, {@code set}, {@code delete}, {@code providers}. */
final class SecretVerbs {

    private static final int MAX_STDIN_VALUE_BYTES = SecretLimits.MAX_VALUE_BYTES;

    private SecretVerbs() {
    }

    /**
     * The provider chain a CLI run asks: AWS and Vault are built only if the chain reaches them, remote providers
     * are asked at once on daemon threads (a stuck call never keeps the CLI alive), and no cache thread starts.
     */
    static SecretsManager chain(CliContext context) {
        return ProviderChains.deferred(context.env(), context.home(), Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "secretdesk-cli-lookup");
            thread.setDaemon(true);
            return thread;
        }), new ManualScheduler(System::nanoTime));
    }

    /** Shared by the verbs: the context and a chain built from it. */
    abstract static class Verb implements Callable<Integer> {
        @ParentCommand
        RootCommand root;

        CliContext context() {
            return root.context();
        }

        SecretsManager secrets() {
            return chain(context());
        }

        @Override
        public final Integer call() throws Exception {
            try {
                return run();
            } catch (IllegalArgumentException e) {
                throw new CliException(Cli.USAGE, e.getMessage());
            } catch (SecretProviderException e) {
                throw new CliException(e.isInvalidInput() ? ExitCode.USAGE : ExitCode.REFUSED, e.getMessage());
            } catch (io.secretdesk.core.store.StoreException | io.secretdesk.core.crypto.KeyFileException e) {
                // the audit log refused: the write was not made
                throw new CliException(ExitCode.REFUSED, e.getMessage());
            }
        }

        abstract int run() throws Exception;
    }

    @Command(name = "get", description = {"Print the value of each KEY from the first provider that has it: one line each, in the "
            + "order given, or one JSON object with --json. All or nothing: if a key is missing, nothing is printed (exit 1).",
        "When a provider that might hold a key (or a value that would win) cannot answer, nothing is printed either (exit 3); "
            + "--allow-unavailable takes the answer of the providers that did."},
            footer = {"%nExamples:", "  secretdesk get HF_TOKEN", "  secretdesk get --json HF_TOKEN REPLICATE_API_TOKEN | jq -r .HF_TOKEN"})
    static final class Get extends Verb {
        @Parameters(paramLabel = "KEY", arity = "1..*")
        List<String> keys;

        @Option(names = "--json", description = "Print one JSON object of KEY: value.")
        boolean json;

        @Option(names = "--allow-unavailable", description = "Answer from the providers that answered when others could not "
                + "(a warning names them); without it that is exit 3.")
        boolean allowUnavailable;

        @Override
        int run() {
            Selection selection = Selection.of(secrets(), keys);
            ExitCode refusal = selection.refusal(context().err(), allowUnavailable, false);
            if (refusal != ExitCode.OK) {
                return refusal.code();
            }
            if (json) {
                context().out().println(JsonText.of(selection.values()));
                return Cli.OK;
            }
            if (selection.values().size() > 1) {
                selection.values().forEach((key, value) -> {
                    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                        throw new CliException(ExitCode.USAGE, "the value of " + key + " holds a line break, so one line "
                                + "per key cannot carry it; nothing was printed. Use --json or 'secretdesk export'");
                    }
                });
            }
            selection.values().values().forEach(context().out()::println);
            return Cli.OK;
        }
    }

    @Command(name = "which", description = {"Show which provider supplies KEY, which it shadows, and why others cannot answer. "
            + "Values are masked.",
        "Exit 0 found, 1 not found, 3 when a set-up provider that might hold KEY (or a value that would win) could not answer."},
            footer = {"%nExamples:", "  secretdesk which HF_TOKEN",
                "  secretdesk which --json HF_TOKEN | jq -r '.providers[] | select(.state == \"unavailable\") | .provider'"})
    static final class Which extends Verb {
        @Parameters(paramLabel = "KEY")
        String key;

        @Option(names = "--json", description = "Print JSON for scripts: the source, a state per provider and counts.")
        boolean json;

        @Option(names = "--allow-unavailable", description = "Exit 0 or 1 on what the providers that answered say.")
        boolean allowUnavailable;

        @Override
        int run() {
            SecretsManager secrets = secrets();
            Resolution resolution = secrets.resolve(key);
            Predicate<String> setUp = name -> secrets.chain().stream().filter(p -> p.name().equals(name))
                    .findFirst().map(p -> p.configured()).orElse(true);
            List<Resolution.Outcome> unanswered = resolution.unansweredAbove().stream()
                    .filter(o -> setUp.test(o.provider())).toList();
            ExitCode exit = !unanswered.isEmpty() && !allowUnavailable ? ExitCode.UNAVAILABLE
                    : resolution.source().isPresent() ? ExitCode.OK : ExitCode.NOT_FOUND;
            PrintStream out = context().out();
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("key", resolution.key());
                document.put("found", resolution.source().isPresent());
                document.put("source", resolution.source().orElse(null));
                document.put("shadowed", resolution.shadowed());
                document.put("certain", unanswered.isEmpty());
                document.put("unanswered", unanswered.stream().map(Resolution.Outcome::provider).toList());
                document.put("exit_code", exit.code());
                Map<String, Object> counts = new LinkedHashMap<>();
                for (String state : List.of("supplies", "shadowed", "lacks", "unavailable", "not_set_up")) {
                    counts.put(state, 0);
                }
                document.put("providers", resolution.outcomes().stream().map(o -> {
                    String state = state(o, setUp.test(o.provider()));
                    counts.merge(state, 1, (a, b) -> (Integer) a + (Integer) b);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("provider", o.provider());
                    row.put("state", state);
                    row.put("status", o.status().name().toLowerCase(Locale.ROOT));
                    row.put("configured", setUp.test(o.provider()));
                    row.put("location", o.location());
                    row.put("detail", o.detail().isEmpty() ? null : o.detail());
                    return row;
                }).toList());
                document.put("counts", counts);
                out.println(JsonText.of(document));
            } else {
                out.println(resolution.supplier()
                        .map(s -> key + " = " + Masking.mask(s.value()) + "  from " + s.provider() + " (" + s.location() + ")")
                        .orElse(key + " is not set in any provider" + (resolution.incomplete()
                                ? " that answered (" + resolution.outcomes().stream()
                                        .filter(o -> o.status() == Resolution.Status.UNAVAILABLE).count()
                                        + " could not answer)" : "")));
                int width = resolution.outcomes().stream().mapToInt(o -> o.provider().length()).max().orElse(5);
                for (Resolution.Outcome outcome : resolution.outcomes()) {
                    String status = state(outcome, setUp.test(outcome.provider())).replace('_', ' ');
                    String rest = outcome.status() == Resolution.Status.UNAVAILABLE ? outcome.detail() : outcome.location();
                    out.printf("  %-" + width + "s  %-11s  %s%n", outcome.provider(), status, rest);
                }
                if (exit == ExitCode.UNAVAILABLE) {
                    context().err().println("secretdesk: " + unanswered.stream().map(Resolution.Outcome::provider).toList()
                            + " could not answer and might hold " + key + " (exit 3; --allow-unavailable for 0/1)");
                }
            }
            return exit.code();
        }

        /** The machine-readable state: supplies, shadowed, lacks, unavailable (set up but failing) or not_set_up. */
        private static String state(Resolution.Outcome outcome, boolean configured) {
            if (outcome.status() == Resolution.Status.UNAVAILABLE && !configured) {
                return "not_set_up";
            }
            return outcome.status().name().toLowerCase(Locale.ROOT);
        }
    }

    @Command(name = "set", description = "Write KEY where it lives: to the source that supplies it (the secrets file when"
            + " none can be edited), or to --to file|aws|vault. Without VALUE the value is read from standard input, so it stays"
            + " out of shell history.",
            footer = {"%nExample:", "  printf '%%s' \"$TOKEN\" | secretdesk set HF_TOKEN --to vault"})
    static final class Set extends Verb {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Option(names = "--to", paramLabel = "SOURCE", description = "Where to write: file, aws or vault.")
        String to;

        @Option(names = "--yes", description = "Write to a Vault KV v1 mount (no versions) without asking.")
        boolean yes;

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
            return EditSession.set(context(), key, secret, to, yes);
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

    @Command(name = "delete", description = "Remove KEY from the secrets file, or from --from file|aws|vault, in a new version"
            + " (older versions keep it: 'restore' brings it back). Says which source supplies KEY afterwards.",
            footer = {"%nExample:", "  secretdesk delete HF_TOKEN --from vault"})
    static final class Delete extends Verb {
        @Parameters(paramLabel = "KEY")
        String key;

        @Option(names = "--from", paramLabel = "SOURCE", description = "Where to remove it from: file (default), aws or vault.")
        String from;

        @Option(names = "--yes", description = "Write to a Vault KV v1 mount (no versions) without asking.")
        boolean yes;

        @Override
        int run() {
            return EditSession.delete(context(), key, from, yes);
        }
    }

    @Command(name = "providers", description = {"List the providers in priority order and whether each can answer now.",
        "Exit 0 when every set-up provider can answer, 3 when one cannot (named on stderr)."},
            footer = {"%nExamples:", "  secretdesk providers",
                "  secretdesk providers --json | jq '.providers[] | select(.state == \"unavailable\") | .name'"})
    static final class Providers extends Verb {
        @Option(names = "--json", description = "Print JSON for scripts: a state and key count per provider, and counts.")
        boolean json;

        @Override
        int run() {
            List<SecretsManager.ProviderStatus> statuses = secrets().providers();
            PrintStream out = context().out();
            Map<String, Object> counts = new LinkedHashMap<>(Map.of("available", 0));
            counts.put("unavailable", 0);
            counts.put("not_set_up", 0);
            List<Object> rows = new ArrayList<>();
            int rank = 1;
            for (SecretsManager.ProviderStatus status : statuses) {
                String state = state(status);
                counts.merge(state, 1, (a, b) -> (Integer) a + (Integer) b);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("rank", rank);
                row.put("name", status.name());
                row.put("state", state);
                row.put("available", status.availability().available());
                row.put("configured", status.configured());
                row.put("keys", status.availability().keyCount().isPresent() ? status.availability().keyCount().getAsInt() : null);
                row.put("description", status.description());
                row.put("detail", status.availability().detail());
                rows.add(row);
                if (!json) {
                    out.printf("%d. %-5s  %-11s  %s%n     %s%n", rank, status.name(), state.replace('_', ' '),
                            status.description(), status.availability().detail());
                }
                rank++;
            }
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("providers", rows);
                document.put("counts", counts);
                out.println(JsonText.of(document));
            }
            List<String> down = statuses.stream().filter(s -> state(s).equals("unavailable"))
                    .map(SecretsManager.ProviderStatus::name).toList();
            if (!down.isEmpty()) {
                context().err().println("secretdesk: set up but cannot answer: " + String.join(", ", down));
                return ExitCode.UNAVAILABLE.code();
            }
            return Cli.OK;
        }

        private static String state(SecretsManager.ProviderStatus status) {
            return status.availability().available() ? "available" : status.configured() ? "unavailable" : "not_set_up";
        }
    }
}
