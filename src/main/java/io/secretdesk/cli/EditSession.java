package io.secretdesk.cli;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretProviderException;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.edit.EditException;
import io.secretdesk.core.secrets.edit.SecretEdits;
import io.secretdesk.core.services.SecretWrites;
import io.secretdesk.core.services.Services;
import io.secretdesk.core.store.ConsoleStore;
import java.io.Console;
import java.util.Optional;
import java.util.function.Function;

/**
 * One CLI run's editing service: the provider chain, the console store (for the secrets file's history and the audit
 * trail) and {@link SecretEdits} over them; plus the write and delete that {@code set} and {@code delete} share, and
 * the mapping of edit failures to exit codes (1 for a conflict, a refusal or a failure; 2 for a question the run could
 * not ask).
 */
final class EditSession implements AutoCloseable {

    private final SecretsManager chain;
    private final ConsoleStore store;
    private final SecretEdits edits;

    private EditSession(SecretsManager chain, ConsoleStore store) {
        this.chain = chain;
        this.store = store;
        this.edits = Services.editsOver(chain, store).via("cli");
    }

    /** Opens the chain and the console store of {@code context}. */
    static EditSession open(CliContext context) {
        SecretsManager chain = SecretVerbs.chain(context);
        try {
            return new EditSession(chain, StoreVerb.openStore(context));
        } catch (RuntimeException e) {
            chain.close();
            throw new CliException(ExitCode.REFUSED.code(), "cannot open the console database, which keeps the secrets file's history and"
                    + " the audit trail: " + e.getMessage() + "; nothing was written");
        }
    }

    SecretEdits edits() {
        return edits;
    }

    @Override
    public void close() {
        chain.close();
        store.close();
    }

    /** Runs {@code work} on a session of {@code context}, turning edit failures into exit codes. */
    static int run(CliContext context, Function<EditSession, Integer> work) {
        try (EditSession session = open(context)) {
            return work.apply(session);
        } catch (EditException.Unversioned e) {
            throw new CliException(Cli.USAGE, e.getMessage() + " (pass --yes)");
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.USAGE, e.getMessage());
        } catch (SecretProviderException e) {
            // A conflict, a denied permission, a source that refused or could not be reached: nothing was written.
            throw new CliException(ExitCode.REFUSED.code(), e.getMessage());
        }
    }

    /** {@code set KEY --to SOURCE}: writes through the editing service and says where it went and what wins now. */
    static int set(CliContext context, String key, String value, String to, boolean yes) {
        return run(context, session -> {
            SecretEdits edits = session.edits();
            Resolution before = edits.chain().resolve(key);
            String target = to != null ? to : edits.defaultTarget(before);
            SecretEdits.WriteResult result = write(context, yes, confirmed -> edits.set(key, value, target, null, confirmed));
            context.out().println("saved " + key + " to " + target + " (" + edits.source(target).description() + ")"
                    + version(result) + "; " + SecretWrites.takesEffect().sentence());
            result.overriddenBy().ifPresent(winner -> context.err().println("warning: " + key + " is also supplied by "
                    + winner.provider() + " (" + winner.location() + "), which takes priority: 'get " + key
                    + "' still returns that value"));
            session.afterWrite(context, target, key + " was set in this machine's secrets file");
            return Cli.OK;
        });
    }

    /** {@code delete KEY [--from SOURCE]}: removes the key from one source, saying who supplies it afterwards. */
    static int delete(CliContext context, String key, String from, boolean yes) {
        return run(context, session -> {
            SecretEdits edits = session.edits();
            String source = from != null ? from : ProviderId.FILE.id();
            if (edits.source(source).read().value(key) == null) {
                context.err().println("secretdesk: " + key + " is not in " + source + " (" + edits.source(source).description()
                        + "); nothing was changed");
                return Cli.NOT_FOUND;
            }
            Optional<Resolution.Outcome> after = edits.supplierAfterDelete(key, source);
            SecretEdits.WriteResult result = write(context, yes, confirmed -> edits.delete(key, source, null, confirmed));
            context.out().println("deleted " + key + " from " + source + " (" + edits.source(source).description() + ")"
                    + version(result) + "; 'secretdesk restore " + key + " VERSION --source " + source + "' brings it back; "
                    + SecretWrites.takesEffect().sentence());
            after.ifPresentOrElse(s -> context.err().println("note: " + key + " is still supplied by " + s.provider()
                    + " (" + s.location() + ")"), () -> context.err().println("note: no source supplies " + key + " now"));
            session.afterWrite(context, source, key + " was deleted from this machine's secrets file");
            return Cli.OK;
        });
    }

    /**
     * After a write to {@code source}: when it is this machine's secrets file, the SimpleTuner servers on this machine
     * see it only after a restart, so they are marked as needing one (AWS and Vault are not this machine's file).
     */
    void afterWrite(CliContext context, String source, String reason) {
        if (ProviderId.FILE.is(source)) {
            TargetChoice.secretsFileChanged(context, store, reason);
        }
    }

    /** Runs a write; a KV v1 target asks first (on a terminal) or needs --yes. */
    static SecretEdits.WriteResult write(CliContext context, boolean yes, Function<Boolean, SecretEdits.WriteResult> write) {
        try {
            return write.apply(yes);
        } catch (EditException.Unversioned e) {
            Console console = System.console();
            if (!context.interactive() || console == null) {
                throw e;
            }
            String answer = console.readLine("%s%nWrite anyway? [y/N] ", e.getMessage());
            if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                throw new CliException(ExitCode.DECLINED.code(), "nothing was written");
            }
            return write.apply(true);
        }
    }

    private static String version(SecretEdits.WriteResult result) {
        String to = result.written().toVersion();
        return to.equals("current") || to.equals("unversioned") ? "" : ", version " + to;
    }
}
