package io.secretdesk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.secretdesk.core.crypto.KeyStrength;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.CredentialStore.CredentialInfo;
import io.secretdesk.core.store.CredentialStore.NewCredential;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code credentials list|get|set|delete|deactivate|import}: the encrypted credential store. */
@Command(mixinStandardHelpOptions = true, name = "credentials", description = "Manage encrypted credentials (provider API tokens).",
        subcommands = {CredentialsCommand.ListVerb.class, CredentialsCommand.Get.class, CredentialsCommand.Set.class,
            CredentialsCommand.Delete.class, CredentialsCommand.Deactivate.class, CredentialsCommand.Import.class})
final class CredentialsCommand extends VerbGroup {

    abstract static class Verb extends StoreVerb {
        @ParentCommand
        CredentialsCommand group;

        @Override
        CliContext context() {
            return group.context();
        }

        CredentialStore writable(ConsoleStore store) {
            MasterSecret secret = store.credentialSecret();
            requirePersistent(secret);
            // A weak key the user gave may not start encrypting; one credentials are already encrypted with goes on.
            String keyId = store.credentials().encryption().primaryKeyId();
            boolean inUse = store.credentials().list().stream().anyMatch(info -> keyId.equals(info.keyId()));
            KeyStrength.newKeyProblem(secret, inUse).ifPresent(problem -> {
                throw new CliException(Cli.USAGE, problem + "; nothing was changed");
            });
            return store.credentials();
        }
    }

    /** A verb about one credential: {@code PROVIDER NAME}. */
    abstract static class OneCredential extends Verb {
        @Parameters(index = "0", paramLabel = "PROVIDER")
        String provider;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        String label() {
            return provider + "/" + name;
        }

        /** Runs a change of this credential: says {@code done} when it changed anything, else why not (exit 1). */
        int change(Predicate<CredentialStore> change, String done, String whyNot) {
            try (ConsoleStore store = openStore()) {
                if (!change.test(store.credentials())) {
                    context().err().println("secretdesk: credential " + label() + " " + whyNot + "; nothing was changed");
                    return Cli.NOT_FOUND;
                }
            }
            context().out().println(done + " " + label());
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "List credentials (metadata only, never values), optionally of one PROVIDER.")
    static final class ListVerb extends Verb {
        @Parameters(index = "0", paramLabel = "PROVIDER", arity = "0..1")
        String provider;

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        int run() throws Exception {
            List<CredentialInfo> credentials;
            try (ConsoleStore store = openStore()) {
                credentials = store.credentials().list(provider);
            }
            PrintStream out = context().out();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (CredentialInfo info : credentials) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("provider", info.provider());
                    row.put("name", info.name());
                    row.put("active", info.active());
                    row.put("key_id", info.keyId());
                    row.put("created_at", info.createdAt().toString());
                    row.put("updated_at", info.updatedAt().toString());
                    row.put("last_used_at", info.lastUsedAt().map(Instant::toString).orElse(null));
                    rows.add(row);
                }
                out.println(json().writeValueAsString(rows));
            } else if (credentials.isEmpty()) {
                context().err().println(provider == null ? "no credentials stored" : "no credentials stored for " + provider);
            } else {
                int width = credentials.stream().mapToInt(i -> i.provider().length() + 1 + i.name().length()).max().orElse(10);
                out.printf("%-" + width + "s  %-8s  %-16s  %-20s  %s%n", "CREDENTIAL", "STATE", "KEY ID", "UPDATED", "LAST USED");
                for (CredentialInfo info : credentials) {
                    out.printf("%-" + width + "s  %-8s  %-16s  %-20s  %s%n", info.provider() + "/" + info.name(),
                            info.active() ? "active" : "inactive", info.keyId(), seconds(info.updatedAt()),
                            info.lastUsedAt().map(CredentialsCommand::seconds).orElse("never"));
                }
            }
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "get", description = "Print the decrypted value of PROVIDER's credential NAME.")
    static final class Get extends OneCredential {
        @Override
        int run() {
            try (ConsoleStore store = openStore()) {
                Optional<String> value = store.credentials().get(provider, name);
                if (value.isPresent()) {
                    context().out().println(value.get());
                    return Cli.OK;
                }
                boolean inactive = store.credentials().info(provider, name).isPresent();
                context().err().println("secretdesk: credential " + provider + "/" + name + (inactive
                        ? " is deactivated; set it again to use it" : " is not stored; see 'secretdesk credentials list'"));
                return Cli.NOT_FOUND;
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "set", description = "Encrypt and store PROVIDER's credential NAME. Without VALUE it is read from "
            + "standard input (or asked for on a terminal), so it stays out of shell history.")
    static final class Set extends OneCredential {
        @Parameters(index = "2", paramLabel = "VALUE", arity = "0..1")
        String value;

        @Override
        int run() throws Exception {
            String secret = value != null ? value : readValue("Value for " + provider + "/" + name);
            if (secret.isEmpty()) {
                throw new CliException(Cli.USAGE, "empty value for " + provider + "/" + name + "; nothing was written");
            }
            try (ConsoleStore store = openStore()) {
                boolean created = writable(store).set(provider, name, secret);
                context().out().println((created ? "stored " : "replaced ") + provider + "/" + name + " (key id "
                        + store.credentials().encryption().primaryKeyId() + ")");
            }
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", description = "Delete PROVIDER's credential NAME.")
    static final class Delete extends OneCredential {
        @Override
        int run() {
            return change(credentials -> credentials.delete(provider, name), "deleted", "is not stored");
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "deactivate", description = "Keep PROVIDER's credential NAME but stop handing it out.")
    static final class Deactivate extends OneCredential {
        @Override
        int run() {
            return change(credentials -> credentials.deactivate(provider, name), "deactivated",
                    "is not stored or already inactive");
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "import", description = "Encrypt and store a JSON array of {\"provider\", \"name\", \"value\"} from "
            + "standard input in one transaction: all of them, or none when any entry is invalid (exit 2).")
    static final class Import extends Verb {
        @Override
        int run() throws Exception {
            JsonNode document = readJson("a JSON array of {\"provider\", \"name\", \"value\"} objects");
            if (!document.isArray()) {
                throw new CliException(Cli.USAGE, "standard input is not a JSON array of {\"provider\", \"name\", \"value\"} "
                        + "objects; nothing was imported");
            }
            List<NewCredential> credentials = new ArrayList<>();
            for (int i = 0; i < document.size(); i++) {
                JsonNode entry = document.get(i);
                credentials.add(new NewCredential(text(entry, "provider", i), text(entry, "name", i), text(entry, "value", i)));
            }
            if (credentials.isEmpty()) {
                throw new CliException(Cli.USAGE, "the JSON array on standard input is empty; nothing was imported");
            }
            int created;
            try (ConsoleStore store = openStore()) {
                created = writable(store).importAll(credentials);
            }
            context().out().println("imported " + credentials.size() + " credential" + (credentials.size() == 1 ? "" : "s")
                    + " (" + created + " new, " + (credentials.size() - created) + " replaced)");
            return Cli.OK;
        }

        private static String text(JsonNode entry, String field, int index) {
            JsonNode value = entry == null ? null : entry.get(field);
            if (value == null || !value.isTextual()) {
                throw new CliException(Cli.USAGE, "entry " + (index + 1) + " has no text \"" + field + "\"; nothing was imported");
            }
            return value.textValue();
        }
    }

    static String seconds(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
