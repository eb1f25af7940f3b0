package io.secretdesk.cli;

import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.ReplicateToken;
import io.secretdesk.core.target.TakesEffect;
import io.secretdesk.core.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code replicate-token set|delete|validate}: the Replicate API token SimpleTuner uses, on this machine (its secrets
 * file) or on a server ({@code --server}). Write-only: no verb prints it.
 */
@Command(mixinStandardHelpOptions = true, name = "replicate-token", description = "Set, delete or validate the "
        + "Replicate API token SimpleTuner uses (this machine's secrets file, or a server with --server).",
        subcommands = {ReplicateTokenCommand.Set.class, ReplicateTokenCommand.Delete.class, ReplicateTokenCommand.Validate.class},
        footer = {"", "Example:", "  secretdesk --server gpu1 replicate-token validate"})
final class ReplicateTokenCommand extends VerbGroup {

    abstract static class Verb extends StoreVerb implements ActsOnTarget {
        @ParentCommand
        ReplicateTokenCommand group;

        @Override
        CliContext context() {
            return group.context();
        }

        int report(ConsoleStore store, Target target, ReplicateToken.Change change, String done) {
            if (!change.done()) {
                throw new CliException(ExitCode.REFUSED, target.name() + ": " + (change.problem() == null ? "refused"
                        : change.problem()) + "; nothing was changed");
            }
            context().out().println(done + " on " + target.name() + (change.where() == null ? "" : " (" + change.where() + ")"));
            if (change.problem() != null) {
                context().err().println("secretdesk: note: " + change.problem());
            }
            context().err().println(change.takesEffect().sentence());
            if (change.takesEffect() == TakesEffect.AFTER_RESTART && !onServer()) {
                // A SimpleTuner server on this machine reads this secrets file once, at start.
                TargetChoice.secretsFileChanged(context(), store, "the Replicate token in this machine's secrets file changed");
            }
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "set", description = "Store the token read from the terminal (not "
            + "shown) or standard input.", footer = {"", "Example:",
                "  printf '%%s' \"$REPLICATE_API_TOKEN\" | secretdesk --server gpu1 replicate-token set"})
    static final class Set extends Verb {
        @Override
        int run() throws Exception {
            String token = readValue("Replicate API token");
            try (ConsoleStore store = openStore()) {
                Target target = target(store);
                return report(store, target, target.setReplicateToken(token), "token stored");
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", description = "Remove the token from SimpleTuner's secrets file.",
            footer = {"", "Example:", "  secretdesk --server gpu1 replicate-token delete"})
    static final class Delete extends Verb {
        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                Target target = target(store);
                return report(store, target, target.deleteReplicateToken(), "token deleted");
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "validate", description = "Say whether the token SimpleTuner would "
            + "use works (a server asks Replicate; this machine checks it is set and of Replicate's form). Exit 5 if not.",
            footer = {"", "Example:", "  SECRETDESK_SERVER=gpu1 secretdesk replicate-token validate"})
    static final class Validate extends Verb {
        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                Target target = target(store);
                ReplicateToken.Validation validation = target.validateReplicateToken();
                String line = target.name() + ": " + (validation.valid() ? "valid" : "NOT valid")
                        + (validation.account() == null ? "" : " (Replicate user " + validation.account() + ")")
                        + (validation.problem() == null ? "" : ": " + validation.problem());
                (validation.valid() ? context().out() : context().err()).println(line);
                return validation.valid() ? Cli.OK : ExitCode.CHECK_FAILED.code();
            }
        }
    }
}
