package io.secretdesk.cli;

import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.UserCredential;
import io.secretdesk.core.store.UserCredentialStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code user-credentials users|list|set|deactivate|delete}: SimpleTuner's per-user provider credentials. */
@Command(mixinStandardHelpOptions = true, name = "user-credentials", description = {
        "Manage SimpleTuner's per-user provider credentials (provider_credentials in jobs.db, or SIMPLETUNER_AUTH_DB_PATH): "
                + "the API tokens SimpleTuner uses for one user's jobs instead of the global ones.",
        "SimpleTuner stores these values UNENCRYPTED at rest. SecretDesk's own 'credentials' are a different, encrypted "
                + "store."},
        footer = {"", "Examples:", "  secretdesk user-credentials list --json",
                "  printf %%s \"$TOKEN\" | secretdesk user-credentials set alice replicate api_token"},
        subcommands = {UserCredentialsCommand.Users.class, UserCredentialsCommand.ListVerb.class,
                UserCredentialsCommand.Set.class, UserCredentialsCommand.Deactivate.class, UserCredentialsCommand.Delete.class})
final class UserCredentialsCommand extends VerbGroup {

    abstract static class Verb extends StoreVerb {
        @ParentCommand
        UserCredentialsCommand group;

        @Override
        CliContext context() {
            return group.context();
        }
    }

    /** A verb about one credential: {@code USER PROVIDER NAME}. */
    abstract static class OneCredential extends Verb {
        @Parameters(index = "0", paramLabel = "USER", description = "A user id or user name.")
        String user;

        @Parameters(index = "1", paramLabel = "PROVIDER")
        String provider;

        @Parameters(index = "2", paramLabel = "NAME", description = "The credential's name, e.g. api_token.")
        String name;

        String label() {
            return user + ": " + provider + "/" + name;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "users", description = "List SimpleTuner's users.",
            footer = {"", "Example:", "  secretdesk user-credentials users"})
    static final class Users extends Verb {
        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                for (UserCredentialStore.User user : store.userCredentials().users()) {
                    context().out().printf("%6d  %-20s  %-30s  %s%n", user.id(), user.username(), user.email(),
                            user.active() ? "active" : "inactive");
                }
            }
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = {"List per-user credentials (never values): user, "
            + "provider, name, active, created, updated, last used, age in days, and STALE when last set more than 90 days "
            + "ago (SimpleTuner's rule; rows never updated count from their creation)."},
            footer = {"", "Examples:", "  secretdesk user-credentials list", "  secretdesk user-credentials list alice --json"})
    static final class ListVerb extends Verb implements ActsOnTarget {
        @Parameters(index = "0", paramLabel = "USER", arity = "0..1", description = "Only this user (id or name).")
        String user;

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        int run() throws Exception {
            Instant now = Instant.now();
            List<UserCredential> credentials;
            try (ConsoleStore store = openStore()) {
                credentials = target(store).userCredentials(user);
            }
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (UserCredential credential : credentials) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", credential.id());
                    row.put("user_id", credential.userId());
                    row.put("username", credential.username());
                    row.put("provider", credential.provider());
                    row.put("credential_name", credential.name());
                    row.put("is_active", credential.active());
                    row.put("created_at", text(credential.createdAt()));
                    row.put("updated_at", text(credential.updatedAt()));
                    row.put("last_used_at", text(credential.lastUsedAt()));
                    row.put("age_days", credential.ageDays(now));
                    row.put("stale", credential.stale(now));
                    rows.add(row);
                }
                context().out().println(json().writeValueAsString(rows));
                return Cli.OK;
            }
            if (credentials.isEmpty()) {
                context().err().println("no per-user credentials" + (user == null ? "" : " for " + user));
                return Cli.OK;
            }
            context().out().printf("%-12s %-12s %-16s %-8s %-20s %-20s %-20s %5s%n", "USER", "PROVIDER", "NAME", "ACTIVE",
                    "CREATED", "UPDATED", "LAST USED", "AGE");
            for (UserCredential credential : credentials) {
                context().out().printf("%-12s %-12s %-16s %-8s %-20s %-20s %-20s %4dd%s%n", credential.user(),
                        credential.provider(), credential.name(), credential.active() ? "yes" : "no",
                        shown(credential.createdAt()), shown(credential.updatedAt()), shown(credential.lastUsedAt()),
                        credential.ageDays(now), credential.stale(now) ? "  STALE" : "");
            }
            return Cli.OK;
        }

        private static String text(Instant instant) {
            return instant == null ? null : instant.toString();
        }

        private static String shown(Instant instant) {
            return instant == null ? "-" : CredentialsCommand.seconds(instant);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "set", description = {"Set USER's credential PROVIDER/NAME to the value "
            + "typed at the prompt (not echoed) or read from standard input. SimpleTuner uses it for that user's next job.",
            "SimpleTuner stores it UNENCRYPTED at rest."},
            footer = {"", "Example:", "  printf %%s \"$TOKEN\" | secretdesk user-credentials set alice replicate api_token"})
    static final class Set extends OneCredential {
        @Override
        int run() throws Exception {
            context().err().println("secretdesk: note: " + UserCredentialStore.PLAINTEXT_WARNING);
            String value = readValue("value of " + provider + "/" + name + " for " + user);
            boolean created;
            try (ConsoleStore store = openStore()) {
                created = store.userCredentials().set(user, provider, name, value);
            }
            context().out().println((created ? "created " : "updated ") + label());
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "deactivate", description = "Mark USER's credential inactive: "
            + "SimpleTuner then uses the global one. Exit 1 when it was already inactive.",
            footer = {"", "Example:", "  secretdesk user-credentials deactivate alice replicate api_token"})
    static final class Deactivate extends OneCredential {
        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                if (!store.userCredentials().deactivate(user, provider, name)) {
                    context().err().println("secretdesk: " + label() + " is already inactive; nothing was changed");
                    return Cli.NOT_FOUND;
                }
            }
            context().out().println("deactivated " + label());
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", description = "Delete USER's credential for good.",
            footer = {"", "Example:", "  secretdesk user-credentials delete alice replicate api_token"})
    static final class Delete extends OneCredential {
        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                store.userCredentials().delete(user, provider, name);
            }
            context().out().println("deleted " + label());
            return Cli.OK;
        }
    }
}
