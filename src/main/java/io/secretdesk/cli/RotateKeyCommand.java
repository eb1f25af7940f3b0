package io.secretdesk.cli;

import io.secretdesk.core.crypto.KeyDerivation;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.MasterSecretSource;
import io.secretdesk.core.rotation.EnvironmentChange;
import io.secretdesk.core.rotation.KeyRotation;
import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.core.rotation.RotationException;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.RotationJournal;
import io.secretdesk.core.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rotate-key}: rotates the credential master key (preflight, new key, backup, re-encrypt, verify,
 * commit), rolls back to a rotation's backup, or ends a rotation's grace period. Never prints key material.
 */
@Command(mixinStandardHelpOptions = true, name = "rotate-key", description = {
    "Rotate the credential master key: check every credential, back up the database and key, re-encrypt every "
            + "credential with a new key in one transaction, verify, then commit the new key (asking first unless --yes).",
    "  rotate-key [--generate | --new-key-file FILE] [--yes] [--skip-undecryptable]",
    "  rotate-key --rollback BACKUP [--yes]   restore the database and key from a rotation's backup",
    "  rotate-key --confirm                   end the grace period: drop the previous (or pending) key",
    "  rotate-key --status                    where the key comes from, and recent rotations",
    "Exit 0 ok, 2 usage or input error, 4 the store refused (locked, no permission), 5 a check failed, 6 the operator "
            + "declined (nothing changed, or everything rolled back)."})
final class RotateKeyCommand extends StoreVerb {

    @ParentCommand
    RootCommand root;

    @Option(names = "--generate", description = "Generate the new key (43 URL-safe characters, like the key file). The default.")
    boolean generate;

    @Option(names = "--new-key-file", paramLabel = "FILE", description = "Use the key in FILE (surrounding whitespace ignored); "
            + "it must be at least 32 characters and hard to guess.")
    Path newKeyFile;

    @Option(names = "--yes", description = "Commit (or roll back) without asking.")
    boolean yes;

    @Option(names = "--skip-undecryptable", description = "Leave credentials that do not decrypt with the current key as they are "
            + "instead of stopping.")
    boolean skipUndecryptable;

    @Option(names = "--rollback", paramLabel = "BACKUP", description = "Restore the database and key from BACKUP (a folder path, "
            + "or its name under ~/.simpletuner/backups); changes made after it was taken are lost.")
    String rollback;

    @Option(names = "--confirm", description = "End the last rotation's grace period (after setting SIMPLETUNER_CREDENTIAL_KEY "
            + "to the new key, when the key comes from it).")
    boolean confirm;

    @Option(names = "--status", description = "Show where the key comes from, its id, an unconfirmed rotation and recent history.")
    boolean status;

    @Override
    CliContext context() {
        return root.context();
    }

    @Override
    int run() throws Exception {
        int modes = (rollback != null ? 1 : 0) + (confirm ? 1 : 0) + (status ? 1 : 0);
        boolean rotateOptions = generate || newKeyFile != null || skipUndecryptable;
        if (modes > 1 || (modes == 1 && rotateOptions)) {
            throw new CliException(Cli.USAGE, "use one of: a rotation ([--generate | --new-key-file FILE] [--skip-undecryptable]), "
                    + "--rollback BACKUP, --confirm or --status");
        }
        if (generate && newKeyFile != null) {
            throw new CliException(Cli.USAGE, "use either --generate or --new-key-file, not both");
        }
        if ((confirm || status) && yes) {
            throw new CliException(Cli.USAGE, "--yes goes with a rotation or --rollback only");
        }
        try {
            if (status) {
                return status();
            }
            if (confirm) {
                return confirm();
            }
            if (rollback != null) {
                return rollback();
            }
            return rotate();
        } catch (RotationException e) {
            throw new CliException(ExitCode.CHECK_FAILED, e.getMessage());
        } catch (CancellationException e) {
            throw new CliException(ExitCode.DECLINED, "cancelled; nothing was changed");
        }
    }

    private int rotate() throws IOException {
        requireAnswerable("rotates the key only after asking");
        String suppliedKey = null;
        if (newKeyFile != null) {
            suppliedKey = MasterSecretSource.readKeyFile(newKeyFile).orElseThrow(() -> new CliException(Cli.USAGE,
                    "new key file " + newKeyFile + " does not exist; nothing was changed"));
            KeyRotation.checkStrength(suppliedKey);
        }
        // The new key's PBKDF2 runs on a second thread while this one opens the store and checks every credential.
        KeyDerivation newKey = KeyDerivation.start(suppliedKey != null ? suppliedKey.strip() : MasterSecret.generateValue(),
                RotateKeyCommand::daemon);
        PrintStream err = context().err();
        try (ConsoleStore store = openStore()) {
            KeyRotation rotation = rotations(store).begin(progressPrinter(err));
            try {
                rotation.recovered().ifPresent(recovery -> err.println("secretdesk: " + recovery.message()));
                return rotate(rotation, newKey, suppliedKey == null);
            } catch (CliException | IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                rotation.close();
                String message = e instanceof CancellationException ? "the rotation was cancelled."
                        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                ExitCode exit = e instanceof StoreException refused ? ExitCode.forStore(refused.reason())
                        : e instanceof CancellationException ? ExitCode.DECLINED : ExitCode.CHECK_FAILED;
                throw new CliException(exit, message + (rotation.state() == KeyRotation.State.ROLLED_BACK
                        && !message.contains("Nothing was changed") ? " Rolled back: the key and every credential are unchanged." : ""));
            } finally {
                rotation.close(); // rolls back whatever an error or a refusal left unfinished
            }
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "secretdesk-new-key");
        thread.setDaemon(true);
        thread.start();
    }

    private int rotate(KeyRotation rotation, KeyDerivation derivation, boolean generated) throws IOException {
        PrintStream out = context().out();
        PrintStream err = context().err();
        KeyRotation.Preflight preflight = rotation.preflight();
        out.println("Key:          " + preflight.keySource() + " (key id " + preflight.keyId() + ")");
        out.println("Credentials:  " + preflight.credentials());
        preflight.notices().forEach(notice -> out.println("Note:         " + notice));
        if (!preflight.undecryptable().isEmpty()) {
            err.println("secretdesk: " + preflight.undecryptable().size() + " credentials do not decrypt with the current key:");
            preflight.undecryptable().forEach(row -> err.println("  " + row));
            if (!skipUndecryptable) {
                throw new CliException(ExitCode.CHECK_FAILED, "stopped before changing anything. Restore their key or delete them, "
                        + "or run again with --skip-undecryptable to leave them as they are.");
            }
            rotation.leaveUndecryptableUntouched();
            out.println("Untouched:    " + preflight.undecryptable().size() + " credentials that do not decrypt (--skip-undecryptable)");
        }

        KeyRotation.NewKey newKey = rotation.useKey(derivation, generated);
        out.println("New key:      " + (newKey.generated() ? "generated" : "from " + newKeyFile) + " (key id " + newKey.keyId() + ")");

        KeyRotation.Backup backup = rotation.backup();
        out.println("Backup:       " + backup.folder());

        KeyRotation.Reencrypted reencrypted = rotation.reencrypt();
        out.println("Re-encrypted: " + reencrypted.reencrypted() + " credentials in one transaction");
        KeyRotation.Verified verified = rotation.verify();
        out.println("Verified:     " + verified.verified() + " credentials decrypt with the new key to their previous values");

        if (!yes && !ask("Commit the new key? The old key stays usable until you run rotate-key --confirm. [y/N] ")) {
            KeyRotation.RolledBack undone = rotation.rollback();
            err.println("secretdesk: not committed. " + undone.message());
            return ExitCode.DECLINED.code();
        }
        printSummary(out, rotation.commit());
        return Cli.OK;
    }

    private void printSummary(PrintStream out, KeyRotation.Summary summary) {
        out.println();
        out.println("Key rotation committed.");
        out.println("  key id:        " + summary.fromKeyId() + " -> " + summary.toKeyId());
        out.println("  credentials:   " + summary.reencrypted() + " re-encrypted"
                + (summary.untouched().isEmpty() ? "" : ", " + summary.untouched().size() + " left untouched ("
                        + String.join(", ", summary.untouched().stream().map(Object::toString).toList()) + ")"));
        out.println("  backup:        " + summary.backupFolder());
        summary.keyFile().ifPresent(file -> out.println("  key file:      " + file + " (replaced)"));
        summary.previousKeyFile().ifPresent(file -> out.println("  previous key:  " + file
                + " (decrypt-only until `secretdesk rotate-key --confirm`)"));
        if (summary.environmentChange().isPresent()) {
            EnvironmentChange change = summary.environmentChange().get();
            out.println();
            out.println("The key comes from " + change.variable() + ", which SecretDesk cannot change. Set it to the new key,");
            out.println("saved owner-only in " + change.valueFile() + ":");
            out.println();
            out.println("    " + change.shellCommand());
            out.println();
            out.println("then restart SimpleTuner and SecretDesk and run `secretdesk rotate-key --confirm`. Until then");
            out.println("SecretDesk works with both keys; SimpleTuner decrypts the stored credentials only with the new key.");
        }
        out.println();
        out.println("To undo: secretdesk rotate-key --rollback " + summary.backupFolder());
    }

    private int rollback() throws IOException {
        requireAnswerable("restores a backup only after asking");
        PrintStream out = context().out();
        try (ConsoleStore store = openStore()) {
            KeyRotations rotations = rotations(store);
            KeyRotations.BackupInfo backup = rotations.inspectBackup(rollback);
            out.println("Backup:       " + backup.folder());
            out.println("Taken at:     " + backup.takenAt() + " (" + backup.credentials() + " credentials, key id " + backup.keyId()
                    + (backup.keyFromEnvironment() ? ", key from the environment" : "") + ")");
            if (!yes && !ask("Restore the database and key from this backup? Changes made after it was taken are lost. [y/N] ")) {
                context().err().println("secretdesk: not rolled back; nothing was changed");
                return ExitCode.DECLINED.code();
            }
            KeyRotations.RollbackResult result = rotations.rollbackTo(backup.folder().toString());
            out.println("Rolled back: key id " + result.fromKeyId() + " -> " + result.toKeyId() + "; database restored from "
                    + backup.folder());
            result.previousKeyFile().ifPresent(file -> out.println("  the replaced key is kept decrypt-only in " + file
                    + " until `secretdesk rotate-key --confirm`"));
            result.notices().forEach(notice -> out.println("Note: " + notice));
            return Cli.OK;
        }
    }

    private int confirm() {
        try (ConsoleStore store = openStore()) {
            KeyRotations.Confirmation confirmation = rotations(store).confirm();
            if (confirmation.removed().isEmpty()) {
                context().out().println("Nothing to confirm: no previous or pending key (key id " + confirmation.keyId() + ").");
                return Cli.OK;
            }
            context().out().println("Confirmed key id " + confirmation.keyId() + "; removed "
                    + String.join(", ", confirmation.removed().stream().map(Path::toString).toList())
                    + (confirmation.reencrypted() > 0 ? "; re-encrypted " + confirmation.reencrypted() + " stragglers first" : ""));
            return Cli.OK;
        }
    }

    private int status() {
        PrintStream out = context().out();
        try (ConsoleStore store = openStore()) {
            KeyRotations.Status state = rotations(store).status();
            out.println("Key:           " + state.keySource() + "; encrypting with key id " + state.keyId());
            state.previousKeyFile().ifPresent(file -> out.println("Previous key:  " + file
                    + " (decrypt-only until `secretdesk rotate-key --confirm`)"));
            state.environmentChange().ifPresent(change -> out.println("Pending:       set " + change.variable()
                    + " to the content of " + change.valueFile() + ": " + change.shellCommand()));
            state.unfinished().ifPresent(entry -> out.println("In progress:   " + describe(entry)));
            if (state.history().isEmpty()) {
                out.println("History:       no rotations yet");
            } else {
                out.println("History:");
                state.history().forEach(entry -> out.println("  " + describe(entry)));
            }
            return Cli.OK;
        }
    }

    private static String describe(RotationJournal.Entry entry) {
        return entry.startedAt() + "  " + entry.kind().name().toLowerCase(Locale.ROOT) + "  "
                + entry.state().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "  " + entry.fromKeyId() + " -> "
                + entry.toKeyId() + "  " + entry.reencrypted() + " re-encrypted  backup " + entry.backupDir()
                + (entry.note().isEmpty() ? "" : "  (" + entry.note() + ")");
    }

    private KeyRotations rotations(ConsoleStore store) {
        return new KeyRotations(store, context().home(), Clock.systemUTC());
    }

    private void requireAnswerable(String what) {
        if (!yes && !context().interactive()) {
            throw new CliException(Cli.USAGE, "rotate-key " + what + ", and standard input is not a terminal: run it in a "
                    + "terminal, or add --yes. Nothing was changed.");
        }
    }

    private boolean ask(String question) throws IOException {
        context().err().print(question);
        context().err().flush();
        String answer = new BufferedReader(new InputStreamReader(context().in(), StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }

    /** Progress on standard error for stores large enough to wait for, at every quarter. */
    private KeyRotation.Listener progressPrinter(PrintStream err) {
        int[] lastQuarter = {-1};
        KeyRotation.Step[] lastStep = {null};
        return (step, done, total) -> {
            if (total < 2000 || (step != KeyRotation.Step.REENCRYPT && step != KeyRotation.Step.VERIFY)) {
                return;
            }
            if (step != lastStep[0]) {
                lastStep[0] = step;
                lastQuarter[0] = -1;
            }
            int quarter = (int) (4L * done / total);
            if (quarter > lastQuarter[0]) {
                lastQuarter[0] = quarter;
                err.println("  " + step.name().toLowerCase(Locale.ROOT) + ": " + done + "/" + total);
            }
        };
    }
}
