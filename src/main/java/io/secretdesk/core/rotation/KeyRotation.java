package io.secretdesk.core.rotation;

import io.secretdesk.core.crypto.KeyStrength;
import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.KeyDerivation;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.CredentialStore.CredentialInfo;
import io.secretdesk.core.store.CredentialStore.RowCheck;
import io.secretdesk.core.store.RotationJournal;
import io.secretdesk.core.store.RotationJournal.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * One rotation of the credential master key, driven step by step: {@link #preflight()}, a new key
 * ({@link #generateKey()} or {@link #useKey(String)}), {@link #backup()}, {@link #reencrypt()},
 * {@link #verify()}, {@link #commit()}; or {@link #rollback()} at any step before the commit.
 *
 * <p>Each step checks that the previous one is done ({@link #state()} says where the rotation stands) and
 * throws {@link IllegalStateException} when called out of order. Steps block: run them on a background
 * thread, one at a time. {@link #state()}, {@link #requestCancel()} and the listener are for other threads:
 * a cancel request stops the running step at its next row with a {@link CancellationException}, leaving the
 * rotation at the last completed step, from which {@link #rollback()} undoes everything. Until the commit
 * the key in use does not change and every credential keeps its value (from {@link #reencrypt()} on, under
 * the new key, which every process can also read); a crash at any moment is finished or rolled back at the
 * next start ({@link KeyRotations#recoverInterrupted()}).
 *
 * <p>Closing an unfinished rotation rolls it back; closing always releases the rotation lock. To abandon a
 * step running on another thread, call {@link #requestCancel()}, then {@link #close()} once the step threw.
 */
public final class KeyRotation implements AutoCloseable {

    /** The steps, in order. */
    public enum Step { PREFLIGHT, NEW_KEY, BACKUP, REENCRYPT, VERIFY, COMMIT, ROLLBACK }

    /** Where a rotation stands: the last step completed, or how it ended. */
    public enum State {
        READY, PREFLIGHTED, KEY_CHOSEN, BACKED_UP, REENCRYPTED, VERIFIED,
        /** The new key is in use. */
        COMMITTED,
        /** Everything was undone (or nothing had been done). */
        ROLLED_BACK,
        /** The commit stopped after the key files started to change; the next start finishes it. */
        FAILED;

        /** Whether the rotation is over. */
        public boolean isFinal() {
            return this == COMMITTED || this == ROLLED_BACK || this == FAILED;
        }
    }

    /** Told how far a long step has come; called on the thread running the step, often (throttle in the UI). */
    @FunctionalInterface
    public interface Listener {
        /** Does nothing. */
        Listener NONE = (step, done, total) -> { };

        void progress(Step step, int done, int total);
    }

    /** A stored credential, named by provider and name only. */
    public record Credential(String provider, String name) {
        static Credential of(CredentialInfo info) {
            return new Credential(info.provider(), info.name());
        }

        @Override
        public String toString() {
            return provider + "/" + name;
        }
    }

    /**
     * What the preflight found.
     *
     * @param keySource     where the current master secret comes from, for people
     * @param rowsByKeyId   how many rows record each key id
     * @param undecryptable rows the current key ring does not open (by provider/name)
     * @param notices       things the operator should know before going on
     */
    public record Preflight(String keySource, String keyId, boolean keyFromEnvironment, int credentials,
                            Map<String, Integer> rowsByKeyId, List<Credential> undecryptable, List<String> notices) {
    }

    /** The chosen new key, by id only. */
    public record NewKey(String keyId, boolean generated) {
    }

    /**
     * The backup taken: its folder (0700) holds the database copy, a copy of the current key and of every other
     * key file on the ring, and a manifest.
     */
    public record Backup(Path folder) {
    }

    /**
     * The re-encryption, committed in one transaction with its audit entry.
     *
     * @param leftUntouched rows that do not decrypt, left as they were
     */
    public record Reencrypted(int reencrypted, int alreadyCurrent, int leftUntouched) {
    }

    /**
     * The verification against the values the preflight read.
     *
     * @param verified         rows that decrypt with the new key alone to the same value as before
     * @param writtenMeanwhile rows another process changed since the preflight: checked as they were re-encrypted
     *                         (or, when written with the old key after it, re-encrypted by the commit), but without
     *                         an earlier value to compare with
     */
    public record Verified(int verified, int leftUntouched, int writtenMeanwhile) {
    }

    /**
     * A committed rotation.
     *
     * @param keyFile           the key file now holding the new key (empty when the key comes from the environment)
     * @param previousKeyFile   where the replaced key is kept decrypt-only until {@link KeyRotations#confirm()}
     * @param environmentChange what the operator must set (present when the key comes from the environment)
     * @param untouched         rows left as they were because they did not decrypt
     */
    public record Summary(String fromKeyId, String toKeyId, int credentials, int reencrypted, Path backupFolder,
                          String keySource, Optional<Path> keyFile, Optional<Path> previousKeyFile,
                          Optional<EnvironmentChange> environmentChange, List<Credential> untouched) {
    }

    /** A rollback: whether anything had changed, and one line for the operator. */
    public record RolledBack(boolean anythingChanged, String message) {
    }

    /** The store, journal and key files this rotation works on, shared with the service that began it. */
    private final RotationContext context;
    private final RotationLock lock;
    private final MasterSecret current;
    private final CredentialEncryption oldRing;
    private final Listener listener;
    private final Optional<KeyRotations.Recovery> recovered;
    private final boolean fromEnvironment;
    private final CredentialStore credentials;
    private final RotationJournal journal;

    private volatile State state = State.READY;
    private volatile boolean cancelRequested;
    private boolean closed;

    private Preflight preflight;
    private Set<Long> undecryptableIds = Set.of();
    private boolean leaveUndecryptable;
    private String newSecret;
    private CredentialKey newKey;
    private Path backupFolder;
    private long journalId = -1;
    private Map<Long, Fingerprints.Before> before;
    private Set<Long> skipped = Set.of();
    private Reencrypted reencrypted;
    private RolledBack rolledBack;
    private Summary summary;

    KeyRotation(RotationContext context, RotationLock lock, MasterSecret current, CredentialEncryption oldRing, Listener listener,
                Optional<KeyRotations.Recovery> recovered) {
        this.context = context;
        this.lock = lock;
        this.current = current;
        this.oldRing = oldRing;
        this.listener = listener == null ? Listener.NONE : listener;
        this.recovered = recovered;
        this.fromEnvironment = current.origin().kind() == KeyOrigin.Kind.ENVIRONMENT;
        this.credentials = context.store().credentials();
        this.journal = context.journal();
    }

    /** Where the rotation stands; any thread. */
    public State state() {
        return state;
    }

    /** The interrupted rotation that was finished or rolled back before this one began, if any. */
    public Optional<KeyRotations.Recovery> recovered() {
        return recovered;
    }

    /** Asks the running step (or the next one) to stop; any thread, returns at once. */
    public void requestCancel() {
        cancelRequested = true;
    }

    /** Whether {@link #requestCancel()} was called. */
    public boolean cancelRequested() {
        return cancelRequested;
    }

    /**
     * Step 1: where the key comes from, how many credentials there are, and which do not decrypt with the
     * current key ring. Changes nothing; may be run again until the backup is taken.
     */
    public synchronized Preflight preflight() {
        requireState(Step.PREFLIGHT, State.READY, State.PREFLIGHTED, State.KEY_CHOSEN);
        PreflightScan scan = PreflightScan.run(credentials, oldRing, current, context.keyFile(),
                ticker(Step.PREFLIGHT, credentials.count()));
        preflight = scan.preflight();
        undecryptableIds = scan.undecryptableIds();
        before = scan.fingerprints();
        newSecret = null;
        newKey = null;
        state = State.PREFLIGHTED;
        return preflight;
    }

    /** Agrees to leave the credentials the preflight could not decrypt as they are (else {@link #backup()} stops). */
    public synchronized void leaveUndecryptableUntouched() {
        requireState(Step.NEW_KEY, State.PREFLIGHTED, State.KEY_CHOSEN);
        leaveUndecryptable = true;
    }

    /** Step 2: a new random key in the key file's format (32 bytes, 43 URL-safe characters). Changes nothing. */
    public synchronized NewKey generateKey() {
        String secret = MasterSecret.generateValue();
        return choose(secret, true, () -> CredentialKey.derive(secret));
    }

    /**
     * Step 2: a key the operator supplies (surrounding whitespace ignored). Changes nothing.
     *
     * @throws IllegalArgumentException when it is weak (see {@link #checkStrength}) or already in use
     */
    public synchronized NewKey useKey(String secret) {
        String candidate = Objects.requireNonNull(secret, "secret").strip();
        return choose(candidate, false, () -> CredentialKey.derive(candidate));
    }

    /**
     * Step 2 with the new key's derivation already started, so it ran while the caller opened the store and ran the
     * preflight: a key from {@link MasterSecret#generateValue()} ({@code generated}), or one the operator supplied,
     * checked as {@link #useKey(String)} checks it. Waits for the derivation. Changes nothing.
     */
    public synchronized NewKey useKey(KeyDerivation derivation, boolean generated) {
        return choose(derivation.secret(), generated, derivation::key);
    }

    /**
     * Checks a key an operator supplies: at least 32 characters, no spaces or control characters, at least 12
     * different characters, and not mostly runs or repetitions.
     *
     * @throws IllegalArgumentException saying what is wrong (never quoting the key)
     */
    public static void checkStrength(String secret) {
        KeyStrength.problem(secret).ifPresent(problem -> {
            throw new IllegalArgumentException(problem + "; nothing was changed");
        });
    }

    /**
     * The new key itself, for an operator who asks to see it (e.g. to keep it in a password manager); callers
     * must never log it. Available from the key step until the rotation is rolled back.
     */
    public synchronized String revealNewKey() {
        if (newSecret == null || state == State.ROLLED_BACK) {
            throw new IllegalStateException("there is no new key to show");
        }
        return newSecret;
    }

    /**
     * Step 3: a consistent copy of the database (SQLite online backup), of the current key (from the key
     * file or the environment variable) and of every other key file on the ring ({@code .previous},
     * {@code .new}) into a new timestamped owner-only folder under {@code ~/.simpletuner/backups}. No
     * credential changes.
     *
     * @throws RotationException when rows do not decrypt and {@link #leaveUndecryptableUntouched()} was not
     *                           called, or the backup cannot be written (nothing is left behind)
     */
    public synchronized Backup backup() {
        requireState(Step.BACKUP, State.KEY_CHOSEN);
        if (!preflight.undecryptable().isEmpty() && !leaveUndecryptable) {
            throw new RotationException(preflight.undecryptable().size() + " credentials do not decrypt with the current key ("
                    + names(preflight.undecryptable()) + "): leave them untouched or stop. Nothing was changed.");
        }
        checkCancel();
        Instant now = context.clock().instant();
        Path folder = null;
        try {
            folder = BackupFolder.create(context.backupsDir(), now);
            listener.progress(Step.BACKUP, 0, 3);
            context.store().database().backupTo(folder.resolve(BackupFolder.DATABASE));
            listener.progress(Step.BACKUP, 1, 3);
            // The key itself, from the file or the variable (so a rollback can say exactly what to set it to),
            // and every other key file on the ring: rows in the copy may still record those keys.
            BackupFolder.writeKey(folder, current.value());
            List<String> extraFiles = BackupFolder.copyKeyFiles(folder, context.keyFile());
            listener.progress(Step.BACKUP, 2, 3);
            PausePoints.reach("backup.copied");
            checkCancel();
            List<String> decryptOnly = new ArrayList<>(oldRing.keyIds());
            decryptOnly.remove(oldRing.primaryKeyId());
            BackupFolder.writeManifest(folder, new BackupFolder.Manifest(now, RotationContext.originName(current.origin()),
                    oldRing.primaryKeyId(), context.store().database().file(), preflight.credentials(), true, newKey.id(),
                    extraFiles, decryptOnly, preflight.undecryptable().size()));
            journalId = journal.start(RotationJournal.Kind.ROTATE, RotationJournal.State.STARTED, oldRing.primaryKeyId(),
                    newKey.id(), RotationContext.originName(current.origin()), folder);
            listener.progress(Step.BACKUP, 3, 3);
        } catch (IOException | RuntimeException e) {
            context.deleteIncompleteBackup(folder);
            if (e instanceof IOException io) {
                throw new RotationException("Cannot write the backup" + (folder == null ? " under " + context.backupsDir()
                        : " in " + folder) + ": " + io.getMessage() + ". Nothing was changed.", io);
            }
            throw (RuntimeException) e;
        }
        backupFolder = folder;
        state = State.BACKED_UP;
        return new Backup(folder);
    }

    /**
     * Step 4: saves the new key beside the key file (decrypt-only until the commit), then re-encrypts every
     * credential with it in one transaction that records the new key id per row, the journal state and one
     * audit entry. Each new token is checked before it is written. On failure or cancellation the
     * transaction is rolled back and the rotation stays backed up.
     */
    public synchronized Reencrypted reencrypt() {
        requireState(Step.REENCRYPT, State.BACKED_UP);
        checkCancel();
        try {
            RotationKeyFiles.write(Slot.NEW, context.keyFile(), newSecret);
        } catch (IOException e) {
            throw new RotationException("Cannot save the new key beside " + context.keyFile() + ": " + e.getMessage()
                    + ". No credential was changed.", e);
        }
        CredentialEncryption ring = oldRing.withPrimary(newKey);
        StepTicker ticker = ticker(Step.REENCRYPT, 0);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rotation", journalId);
        details.put("from_key_id", oldRing.primaryKeyId());
        details.put("key_origin", RotationContext.originName(current.origin()));
        details.put("backup", backupFolder.toString());
        CredentialStore.Reencryption result = context.store().database().inTransaction(() -> {
            CredentialStore.Reencryption done = credentials.reencryptAll(ring, (row, total) -> {
                ticker.update(row, total);
                if (row == total / 2) {
                    PausePoints.reach("reencrypt.half");
                }
            }, "credential.key.rotate", details);
            List<Credential> newlyBroken = new ArrayList<>();
            for (CredentialInfo info : done.undecryptable()) {
                if (!undecryptableIds.contains(info.id())) {
                    newlyBroken.add(Credential.of(info));
                }
            }
            if (!newlyBroken.isEmpty()) {
                throw new RotationException("Since the preflight, " + names(newlyBroken) + " stopped decrypting with the "
                        + "current key; no credential was changed. Run the rotation again.");
            }
            journal.update(journalId, RotationJournal.State.REENCRYPTED, done.reencrypted(), done.undecryptable().size(), "");
            return done;
        });
        PausePoints.reach("reencrypt.committed");
        Set<Long> untouched = new HashSet<>();
        result.undecryptable().forEach(info -> untouched.add(info.id()));
        skipped = untouched;
        reencrypted = new Reencrypted(result.reencrypted(), result.alreadyCurrent(), result.undecryptable().size());
        state = State.REENCRYPTED;
        return reencrypted;
    }

    /**
     * Step 5: every row decrypts with the new key alone to the same value the preflight read (compared in
     * memory as SHA-256 fingerprints, never shown). Changes nothing.
     *
     * @throws RotationException naming the rows that do not (roll back then)
     */
    public synchronized Verified verify() {
        requireState(Step.VERIFY, State.REENCRYPTED);
        checkCancel();
        StepTicker ticker = ticker(Step.VERIFY, credentials.count());
        // A row changed since the preflight was checked by the re-encryption; there is no older value to compare.
        RotationContext.Comparison compared = context.compare(CredentialEncryption.of(newKey), before, ticker::tick);
        ticker.done();
        List<String> wrong = new ArrayList<>(compared.mismatched());
        int meanwhile = compared.changedSince();
        int untouched = 0;
        for (RowCheck check : compared.checks()) {
            if (check.decrypts()) {
                continue;
            }
            CredentialInfo info = check.credential();
            if (skipped.contains(info.id())) {
                untouched++;
            } else if (oldRing.keyIds().contains(info.keyId())
                    && (!before.containsKey(info.id()) || !before.get(info.id()).sameRow(info))) {
                meanwhile++; // another process wrote it with the old key after the re-encryption
            } else {
                wrong.add(Credential.of(info).toString());
            }
        }
        if (!wrong.isEmpty()) {
            throw new RotationException("Verification failed: " + wrong.size() + " credentials (" + names(wrong)
                    + ") do not decrypt with the new key to their previous values. Nothing is committed; roll back.");
        }
        state = State.VERIFIED;
        return new Verified(compared.matched(), untouched, meanwhile);
    }

    /**
     * Step 6: makes the new key current. From a key file: the old key goes to {@code credential.key.previous}
     * (decrypt-only, owner-only) and the key file is replaced atomically. From the environment: the new key
     * becomes {@code credential.key.pending}, which encrypts until the operator sets the variable to it and
     * confirms. Rows another process wrote with the old key meanwhile are re-encrypted.
     *
     * @throws RotationException when the key files cannot be changed: before any changed, the rotation stays
     *                           verified (roll back or retry); after, it is {@link State#FAILED} and the next
     *                           start finishes it
     */
    public synchronized Summary commit() {
        requireState(Step.COMMIT, State.VERIFIED);
        checkCancel();
        boolean filesTouched = false;
        CredentialEncryption newRing = oldRing.withPrimary(newKey);
        int stragglers;
        try {
            journal.update(journalId, RotationJournal.State.COMMITTING, reencrypted.reencrypted(), skipped.size(), "");
            PausePoints.reach("commit.started");
            filesTouched = true;
            listener.progress(Step.COMMIT, 0, 2);
            context.promoteNewKey(fromEnvironment);
            PausePoints.reach("commit.files-done");
            listener.progress(Step.COMMIT, 1, 2);
            stragglers = context.store().database().inTransaction(() -> {
                int moved = context.reencryptStragglers(newRing);
                journal.update(journalId, RotationJournal.State.COMMITTED, reencrypted.reencrypted() + moved, skipped.size(), "");
                return moved;
            });
            listener.progress(Step.COMMIT, 2, 2);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!filesTouched) {
                try {
                    journal.update(journalId, RotationJournal.State.REENCRYPTED, reencrypted.reencrypted(), skipped.size(), "");
                } catch (RuntimeException ignored) {
                    // Recovery treats a rotation that is still "committing" as one to finish, which is also safe.
                }
                throw new RotationException("Committing failed before any key file changed (" + reason
                        + "); the old key is still in use. Roll back, or try the commit again.", e);
            }
            state = State.FAILED;
            throw new RotationException("Committing stopped after the key files started to change (" + reason
                    + "). Every credential still decrypts; the next start of SecretDesk finishes the rotation.", e);
        }
        credentials.useEncryption(newRing);
        state = State.COMMITTED;
        before = null;
        Path previous = Slot.PREVIOUS.path(context.keyFile());
        List<Credential> untouched = new ArrayList<>();
        if (!skipped.isEmpty()) {
            for (CredentialInfo info : credentials.list()) {
                if (skipped.contains(info.id())) {
                    untouched.add(Credential.of(info));
                }
            }
        }
        summary = new Summary(oldRing.primaryKeyId(), newKey.id(), preflight.credentials(),
                reencrypted.reencrypted() + stragglers, backupFolder, current.origin().describe(),
                fromEnvironment ? Optional.empty() : Optional.of(context.keyFile()),
                !fromEnvironment && Files.exists(previous) ? Optional.of(previous) : Optional.empty(),
                fromEnvironment ? Optional.of(new EnvironmentChange(current.origin().variable(), Slot.PENDING.path(context.keyFile())))
                        : Optional.empty(),
                List.copyOf(untouched));
        return summary;
    }

    /** The summary of a committed rotation. */
    public synchronized Optional<Summary> summary() {
        return Optional.ofNullable(summary);
    }

    /**
     * Undoes everything this rotation did, from any step before the commit: rows re-encrypted back to the
     * old key in one transaction (checked against the values read before), the new key file and the backup
     * deleted. Idempotent; ignores a cancel request.
     *
     * @throws IllegalStateException after a commit (use {@link KeyRotations#rollbackTo} with the backup)
     */
    public synchronized RolledBack rollback() {
        if (rolledBack != null) {
            return rolledBack;
        }
        if (state == State.COMMITTED || state == State.FAILED) {
            throw new IllegalStateException("the rotation was " + (state == State.COMMITTED ? "committed" : "interrupted "
                    + "while committing") + "; roll back from its backup " + backupFolder + " instead");
        }
        try {
            if (journalId < 0) {
                rolledBack = new RolledBack(false, "Cancelled before anything was written: the key and every credential "
                        + "are unchanged.");
            } else {
                Entry entry = journal.find(journalId).orElseThrow(() -> new RotationException("The journal entry of this "
                        + "rotation is missing; run `secretdesk rotate-key --status`."));
                if (entry.state() == RotationJournal.State.STARTED) {
                    context.undoStarted(entry, "cancelled");
                    rolledBack = new RolledBack(false, "Cancelled before any credential changed: the key is unchanged "
                            + "and the backup was removed.");
                } else {
                    CredentialEncryption backToOld = oldRing.withDecryptOnly(newKey);
                    StepTicker ticker = ticker(Step.ROLLBACK, 0);
                    KeyRotations.Recovery undone = context.undoReencrypted(entry, backToOld, before, "cancelled",
                            (row, total) -> ticker.report(row, total));
                    rolledBack = new RolledBack(true, undone.message());
                }
            }
        } catch (IOException e) {
            throw new RotationException("Rolling back failed: " + e.getMessage() + ". Every credential still decrypts; "
                    + "the next start of SecretDesk finishes the rollback.", e);
        }
        state = State.ROLLED_BACK;
        before = null;
        return rolledBack;
    }

    /** Rolls back an unfinished rotation (the next start does it if that fails) and releases the rotation lock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!state.isFinal()) {
                rollback();
            }
        } catch (RuntimeException e) {
            System.getLogger(KeyRotation.class.getName()).log(System.Logger.Level.WARNING,
                    "Rolling back an unfinished key rotation failed; the next start recovers it: {0}", e.getMessage());
        } finally {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "KeyRotation[" + state + ", from " + oldRing.primaryKeyId() + (newKey == null ? "" : " to " + newKey.id()) + "]";
    }

    private NewKey choose(String secret, boolean generated, Supplier<CredentialKey> derived) {
        requireState(Step.NEW_KEY, State.PREFLIGHTED, State.KEY_CHOSEN);
        if (!generated) {
            checkStrength(secret);
            if (secret.equals(current.value())) {
                throw new IllegalArgumentException("the new key is the key in use now; choose another one");
            }
        }
        CredentialKey key = derived.get();
        if (oldRing.keyIds().contains(key.id())) {
            throw new IllegalArgumentException("the new key is already on the key ring (the current or a previous key); "
                    + "choose another one");
        }
        newSecret = secret;
        newKey = key;
        state = State.KEY_CHOSEN;
        return new NewKey(key.id(), generated);
    }

    private void requireState(Step step, State... allowed) {
        if (closed) {
            throw new IllegalStateException("the rotation is closed");
        }
        for (State each : allowed) {
            if (state == each) {
                return;
            }
        }
        throw new IllegalStateException("step " + step + " cannot run while the rotation is " + state);
    }

    private void checkCancel() {
        if (cancelRequested) {
            throw new CancellationException("the key rotation was cancelled");
        }
    }

    /** Progress of {@code step}, stopping at the next row once a cancel is requested. */
    private StepTicker ticker(Step step, int total) {
        return new StepTicker(listener, step, total, this::checkCancel);
    }

    /** Up to five rows (as provider/name), then how many more. */
    private static String names(List<?> rows) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(5, rows.size()); i++) {
            shown.add(rows.get(i).toString());
        }
        return String.join(", ", shown) + (rows.size() > 5 ? " and " + (rows.size() - 5) + " more" : "");
    }
}
