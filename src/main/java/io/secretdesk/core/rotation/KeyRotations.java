package io.secretdesk.core.rotation;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.Database;
import io.secretdesk.core.store.RotationJournal;
import io.secretdesk.core.store.RotationJournal.Entry;
import io.secretdesk.core.store.RotationJournal.Kind;
import io.secretdesk.core.store.RotationJournal.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The key-rotation service of one console database: starts stepwise rotations, recovers one a crash
 * interrupted, rolls back to a backup after a commit, and ends a grace period.
 *
 * <p>Every method blocks (disk, SQLite, PBKDF2): call it off the FX thread. Only one rotation, rollback or
 * recovery runs at a time across all processes (an OS file lock beside the key file); a call that finds it
 * taken fails with {@link RotationException}, except {@link #recoverInterrupted()}, which then does nothing.
 */
public final class KeyRotations {

    private static final System.Logger LOG = System.getLogger(KeyRotations.class.getName());

    private final ConsoleStore store;
    private final RotationJournal journal;
    private final Path keyFile;
    private final Path backupsDir;
    private final Path lockFile;
    /** What this service shares with the rotations it begins. */
    private final RotationContext context;
    private final KeyTempFiles tempFiles;
    private volatile Recovery lastRecovery;

    public KeyRotations(ConsoleStore store, SimpleTunerHome home, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.journal = new RotationJournal(store.database(), Objects.requireNonNull(clock, "clock"));
        this.keyFile = store.credentialKeySource().keyFile();
        this.backupsDir = home.backupsDir();
        this.lockFile = home.dir().resolve("key-rotation.lock");
        this.context = new RotationContext(store, clock, journal, keyFile, backupsDir, lockFile);
        this.tempFiles = new KeyTempFiles(keyFile, home.auditKeyFile(), store.database().file());
    }

    /**
     * Starts a stepwise rotation of the credential key, first recovering an interrupted one (see
     * {@link KeyRotation#recovered()}). The rotation holds the rotation lock until it is closed.
     *
     * @throws RotationException when another rotation runs, the key cannot be saved, or an earlier rotation
     *                           waits for its environment variable to be set
     */
    public KeyRotation begin(KeyRotation.Listener listener) {
        RotationLock lock = context.acquire("start a key rotation");
        try {
            Optional<Recovery> recovered = recoverLocked();
            MasterSecret current = store.credentialKeySource().resolve();
            KeyOrigin origin = current.origin();
            if (!origin.persistent()) {
                throw new RotationException("The credential key cannot be rotated: " + origin.describe() + ".");
            }
            if (Files.exists(Slot.PENDING.path(keyFile))) {
                throw new RotationException("An earlier rotation is waiting for " + origin.variable() + " to be set to the "
                        + "key in " + Slot.PENDING.path(keyFile) + ". Set it, restart, and run `secretdesk rotate-key "
                        + "--confirm` before rotating again.");
            }
            CredentialEncryption ring = store.credentials().encryption();
            // The store's ring was derived from the secret read at start; a recovery may have changed the key
            // file since, which is fine as long as the ring encrypts with what the file now holds.
            if (!current.value().equals(store.credentialSecret().value())
                    && !CredentialKey.derive(current.value()).id().equals(ring.primaryKeyId())) {
                throw new RotationException("The credential key changed (" + origin.describe()
                        + ") since SecretDesk started; restart it and try again. Nothing was changed.");
            }
            return new KeyRotation(context, lock, current, ring, listener, recovered);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Finishes or rolls back a rotation (or rollback) a crash interrupted, and removes what it left behind.
     * Cheap when there is nothing to do. Does nothing while another process runs a rotation. Calls on one
     * instance run one at a time, so a second caller (the console page while start-up recovery runs) waits
     * and then finds nothing to do; {@link #lastRecovery()} tells it what the first one did.
     *
     * @return what was done and a line for the operator, or empty when there was nothing to recover
     */
    public synchronized Optional<Recovery> recoverInterrupted() {
        try {
            if (journal.unfinished().isEmpty() && !Files.exists(Slot.NEW.path(keyFile))
                    && BackupFolder.leftovers(backupsDir).isEmpty() && !tempFiles.any()) {
                return Optional.empty();
            }
            Optional<RotationLock> lock = RotationLock.tryAcquire(lockFile);
            if (lock.isEmpty()) {
                return Optional.empty(); // a rotation is running, not interrupted
            }
            try (RotationLock held = lock.get()) {
                return recoverLocked();
            }
        } catch (IOException e) {
            throw new RotationException("Cannot recover the interrupted key rotation: " + e.getMessage()
                    + ". Every credential still decrypts with the keys beside " + keyFile + "; try again.", e);
        }
    }

    /** The last recovery this instance did (by {@link #recoverInterrupted()} or {@link #begin}), if any. */
    public Optional<Recovery> lastRecovery() {
        return Optional.ofNullable(lastRecovery);
    }

    /** What {@link #rollbackTo} would restore, checked without changing anything. */
    public BackupInfo inspectBackup(String nameOrPath) {
        Path folder = BackupFolder.resolve(backupsDir, nameOrPath).orElseThrow(() -> new IllegalArgumentException(
                "no backup folder " + nameOrPath + " (give a path, or a folder name under " + backupsDir + ")"));
        BackupFolder.Manifest manifest = BackupFolder.read(folder);
        return new BackupInfo(folder, manifest.takenAt(), manifest.keyId(),
                BackupFolder.ORIGIN_ENVIRONMENT.equals(manifest.keyOrigin()), manifest.credentials());
    }

    /** The complete rotation backups, newest first. */
    public List<BackupInfo> backups() {
        List<BackupInfo> found = new ArrayList<>();
        for (Path folder : BackupFolder.list(backupsDir)) {
            try {
                found.add(inspectBackup(folder.toString()));
            } catch (IllegalArgumentException damaged) {
                LOG.log(System.Logger.Level.DEBUG, "Skipping backup {0}: {1}", folder, damaged.getMessage());
            }
        }
        return found;
    }

    /**
     * The past rotations that left a backup to roll back to, newest first: each backup with what became of
     * its rotation (from the journal) and what the operator must set before rolling back to it.
     */
    public List<PastRotation> history() {
        List<Path> backups = BackupFolder.list(backupsDir);
        if (backups.isEmpty()) {
            return List.of(); // and no key is read, so looking at an empty home never creates one
        }
        List<Entry> journalEntries = journal.history(500);
        MasterSecret current = store.credentialKeySource().resolve();
        Supplier<String> currentId = memoized(() -> currentKeyId(current)); // derived only if a backup needs it
        Optional<Entry> newestCommitted = journalEntries.stream().filter(entry -> entry.state() == State.COMMITTED).findFirst();
        boolean graceKeyKept = Files.exists(Slot.PREVIOUS.path(keyFile)) || Files.exists(Slot.PENDING.path(keyFile));
        List<PastRotation> past = new ArrayList<>();
        for (Path folder : backups) {
            BackupFolder.Manifest manifest;
            try {
                manifest = BackupFolder.read(folder);
            } catch (IllegalArgumentException damaged) {
                LOG.log(System.Logger.Level.DEBUG, "Skipping backup {0}: {1}", folder, damaged.getMessage());
                continue;
            }
            Optional<Entry> rotation = journalEntries.stream()
                    .filter(entry -> entry.kind() == Kind.ROTATE && sameFolder(entry.backupDir(), folder)).findFirst();
            Optional<Instant> restoredAt = journalEntries.stream()
                    .filter(entry -> entry.kind() == Kind.ROLLBACK && entry.state() == State.COMMITTED
                            && sameFolder(entry.backupDir(), folder))
                    .map(Entry::updatedAt).findFirst();
            PastRotation.Standing standing;
            if (rotation.isEmpty()) {
                standing = PastRotation.Standing.UNRECORDED;
            } else if (!rotation.get().state().isFinal()) {
                standing = PastRotation.Standing.IN_PROGRESS;
            } else if (rotation.get().state() == State.ROLLED_BACK) {
                standing = PastRotation.Standing.UNDONE;
            } else if (graceKeyKept && newestCommitted.map(entry -> entry.id() == rotation.get().id()).orElse(false)) {
                standing = PastRotation.Standing.AWAITING_CONFIRMATION;
            } else {
                standing = PastRotation.Standing.CONFIRMED;
            }
            Optional<String> setFirst = context.mustSetFirst(folder, manifest, current, currentId);
            String toKeyId = !manifest.toKeyId().isEmpty() ? manifest.toKeyId() : rotation.map(Entry::toKeyId).orElse("");
            Optional<EnvironmentChange> change = setFirst.isPresent() && manifest.hasKeyCopy()
                    ? Optional.of(new EnvironmentChange(current.origin().variable(), folder.resolve(BackupFolder.KEY)))
                    : Optional.empty();
            past.add(new PastRotation(new BackupInfo(folder, manifest.takenAt(), manifest.keyId(), manifest.keyFromEnvironment(),
                    manifest.credentials()), toKeyId.isEmpty() ? Optional.empty() : Optional.of(toKeyId), standing,
                    restoredAt, setFirst, change));
        }
        return past;
    }

    /**
     * Restores the database and the credential key from a rotation's backup (undoing that rotation after its
     * commit): changes made after the backup was taken are lost. The key being replaced is kept decrypt-only
     * as {@code credential.key.previous} until {@link #confirm()}.
     *
     * @throws IllegalArgumentException when the folder is not a complete backup
     * @throws RotationException        when the backup's key is not available or another rotation runs
     */
    public RollbackResult rollbackTo(String nameOrPath) {
        return rollbackTo(nameOrPath, KeyRotation.Listener.NONE);
    }

    /**
     * {@link #rollbackTo(String)} telling {@code listener} how far it has come, as {@link KeyRotation.Step#ROLLBACK}
     * parts 0 to {@value RollbackToBackup#PARTS}: keys checked, database copy checked, database restored, finished.
     */
    public RollbackResult rollbackTo(String nameOrPath, KeyRotation.Listener listener) {
        BackupInfo info = inspectBackup(nameOrPath);
        try (RotationLock lock = context.acquire("roll back")) {
            recoverLocked();
            return new RollbackToBackup(context, info, listener == null ? KeyRotation.Listener.NONE : listener, this::finish).run();
        } catch (IOException e) {
            throw new RotationException("Rolling back to " + info.folder() + " failed: " + e.getMessage()
                    + ". Every credential still decrypts; run the rollback again.", e);
        }
    }

    /**
     * Ends the grace period of the last rotation: once every decryptable credential is on the current key
     * (stragglers are re-encrypted first), the previous key file and, when the key comes from the environment
     * and the variable now holds the new key, the pending key file are deleted.
     *
     * @throws RotationException when the environment variable does not hold the new key yet
     */
    public Confirmation confirm() {
        try (RotationLock lock = context.acquire("confirm the key rotation")) {
            recoverLocked();
            MasterSecret current = store.credentialKeySource().resolve();
            Path pending = Slot.PENDING.path(keyFile);
            Path previous = Slot.PREVIOUS.path(keyFile);
            Optional<String> pendingValue = RotationKeyFiles.read(Slot.PENDING, keyFile);
            if (pendingValue.isPresent() && current.origin().kind() == KeyOrigin.Kind.ENVIRONMENT
                    && !pendingValue.get().equals(current.value())) {
                throw new RotationException(current.origin().variable() + " does not hold the new key yet. Set it to the "
                        + "content of " + pending + " (" + new EnvironmentChange(current.origin().variable(), pending).shellCommand()
                        + "), restart SimpleTuner and SecretDesk, then run `secretdesk rotate-key --confirm` again. "
                        + "Until then both keys keep working.");
            }
            List<Path> removable = new ArrayList<>();
            for (Path file : List.of(previous, pending)) {
                if (Files.exists(file)) {
                    removable.add(file);
                }
            }
            if (removable.isEmpty()) {
                return new Confirmation(store.credentials().encryption().primaryKeyId(), List.of(), 0);
            }
            CredentialEncryption ring = RotationKeyFiles.ring(current, keyFile);
            String keyId = ring.primaryKeyId();
            Database database = store.database();
            int moved = database.inTransaction(() -> {
                int stragglers = context.reencryptStragglers(ring);
                List<String> leftover = context.rowsOnOtherRingKeys(ring);
                if (!leftover.isEmpty()) {
                    throw new RotationException(leftover.size() + " credentials are still encrypted with a key about to be "
                            + "removed; nothing was deleted. Run `secretdesk rotate-key --confirm` again.");
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("key_id", keyId);
                details.put("reencrypted", stragglers);
                details.put("removed", removable.stream().map(path -> path.getFileName().toString()).toList());
                store.audit().append("credential.key.confirm", "credentials", details);
                return stragglers;
            });
            CredentialEncryption remaining = CredentialEncryption.of(ring.key(keyId).orElseThrow());
            for (Path file : removable) {
                Files.deleteIfExists(file);
            }
            store.credentials().useEncryption(remaining);
            return new Confirmation(keyId, List.copyOf(removable), moved);
        } catch (IOException e) {
            throw new RotationException("Confirming the key rotation failed: " + e.getMessage()
                    + ". Every credential still decrypts; run it again.", e);
        }
    }

    /**
     * Where the credential key stands: its source and id, an unconfirmed rotation, and recent history. Never creates a
     * key: with none yet (no variable, no key file) the key id is empty and the source says so.
     */
    public Status status() {
        if (store.credentialKeySource().existing().isEmpty()) {
            return new Status("none yet (" + store.credentialKeySource().keyFile() + " is created when the first "
                    + "credential is stored or a rotation starts)", "", Optional.empty(), Optional.empty(),
                    journal.unfinished(), journal.history(10));
        }
        MasterSecret current = store.credentialSecret();
        Path pending = Slot.PENDING.path(keyFile);
        Optional<EnvironmentChange> change = current.origin().kind() == KeyOrigin.Kind.ENVIRONMENT && Files.exists(pending)
                ? Optional.of(new EnvironmentChange(current.origin().variable(), pending)) : Optional.empty();
        Path previous = Slot.PREVIOUS.path(keyFile);
        return new Status(current.origin().describe(), store.credentials().encryption().primaryKeyId(),
                Files.exists(previous) ? Optional.of(previous) : Optional.empty(), change, journal.unfinished(),
                journal.history(10));
    }

    // ---- recovery and the end of a rollback; under the rotation lock ----

    /** Completes a rotation or rollback that was committing: key files, stragglers, journal (and audit). */
    private Recovery finish(Entry entry, String why) throws IOException {
        return finish(entry, why, null);
    }

    /**
     * {@link #finish(Entry, String)} with the decrypt-only keys of a rollback's backup already derived (null:
     * read them from the backup folder). Restored rows still on one of those keys are moved to the restored
     * key in the same transaction that marks the rollback committed, so afterwards no row needs them.
     */
    private Recovery finish(Entry entry, String why, List<CredentialKey> backupKeys) throws IOException {
        boolean fromEnvironment = BackupFolder.ORIGIN_ENVIRONMENT.equals(entry.keyOrigin());
        if (entry.kind() == Kind.ROLLBACK && fromEnvironment) {
            Path pending = Slot.PENDING.path(keyFile);
            if (Files.exists(pending)) {
                Files.move(pending, Slot.PREVIOUS.path(keyFile), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            context.promoteNewKey(fromEnvironment);
        }
        PausePoints.reach("commit.files-done");
        CredentialEncryption fileRing = context.freshRing();
        CredentialEncryption ring = fileRing;
        if (entry.kind() == Kind.ROLLBACK) {
            List<CredentialKey> extra = backupKeys != null ? backupKeys : backupKeysOf(entry, ring);
            for (CredentialKey key : extra) {
                ring = ring.withDecryptOnly(key);
            }
        }
        if (!ring.primaryKeyId().equals(entry.toKeyId())) {
            throw new RotationException("Cannot finish the interrupted " + (entry.kind() == Kind.ROTATE ? "key rotation"
                    : "rollback") + ": the key in use is " + ring.primaryKeyId() + ", not " + entry.toKeyId()
                    + " as recorded. Every credential still decrypts; see " + keyFile + " and " + entry.backupDir() + ".");
        }
        CredentialEncryption finalRing = ring;
        store.database().inTransaction(() -> {
            context.reencryptStragglers(finalRing);
            Entry current = journal.find(entry.id()).orElse(entry);
            journal.update(entry.id(), State.COMMITTED, current.reencrypted(), current.skipped(), why);
            if (entry.kind() == Kind.ROLLBACK) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("backup", entry.backupDir().toString());
                details.put("from_key_id", entry.fromKeyId());
                details.put("to_key_id", entry.toKeyId());
                details.put("rollback", entry.id());
                store.audit().append("credential.key.rollback", "credentials", details);
            }
        });
        // The backup's extra keys are needed only until their rows moved to the restored key, just now.
        store.credentials().useEncryption(fileRing);
        String what = entry.kind() == Kind.ROTATE
                ? "The key rotation started at " + entry.startedAt() + " was finished (" + why + "): every credential is "
                        + "encrypted with the new key " + entry.toKeyId() + "."
                : "The rollback to " + entry.backupDir() + " was finished (" + why + "): the key is " + entry.toKeyId() + ".";
        if (fromEnvironment && entry.kind() == Kind.ROTATE) {
            EnvironmentChange change = new EnvironmentChange(store.credentialKeySource().variable(), Slot.PENDING.path(keyFile));
            what += " Set " + change.variable() + " to the content of " + change.valueFile() + " (" + change.shellCommand()
                    + "), restart, then run `secretdesk rotate-key --confirm`.";
        }
        return new Recovery(Recovery.Outcome.FINISHED, entry, what);
    }

    /** The id of the key {@code current} holds, without PBKDF2 when the store already derived it. */
    private String currentKeyId(MasterSecret current) {
        if (!Files.exists(Slot.PENDING.path(keyFile)) && current.value().equals(store.credentialSecret().value())) {
            return store.credentials().encryption().primaryKeyId();
        }
        return CredentialKey.derive(current.value()).id();
    }

    /** {@code compute} run at most once, on first use. */
    private static <T> Supplier<T> memoized(Supplier<T> compute) {
        return new Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = compute.get();
                }
                return value;
            }
        };
    }

    private static boolean sameFolder(Path recorded, Path folder) {
        return recorded.toAbsolutePath().normalize().equals(folder.toAbsolutePath().normalize());
    }

    /** The decrypt-only keys of the backup a committing rollback restored, for recovery after a crash. */
    private List<CredentialKey> backupKeysOf(Entry entry, CredentialEncryption ring) {
        try {
            return context.backupKeys(entry.backupDir(), BackupFolder.read(entry.backupDir()), ring.keyIds());
        } catch (IllegalArgumentException unreadable) {
            LOG.log(System.Logger.Level.WARNING, "Cannot read the key files of backup {0}: {1}", entry.backupDir(),
                    unreadable.getMessage());
            return List.of();
        }
    }

    private Optional<Recovery> recoverLocked() {
        try {
            Optional<Recovery> result = Optional.empty();
            Optional<Entry> open = journal.unfinished();
            if (open.isPresent()) {
                Entry entry = open.get();
                result = Optional.of(switch (entry.state()) {
                    case STARTED -> context.undoStarted(entry, "interrupted before re-encrypting");
                    case REENCRYPTED -> recoverReencrypted(entry);
                    default -> finish(entry, "interrupted while committing");
                });
            }
            List<String> cleaned = cleanLeftovers();
            if (result.isEmpty() && !cleaned.isEmpty()) {
                result = Optional.of(new Recovery(Recovery.Outcome.CLEANED, null, "Removed what an interrupted key "
                        + "rotation left behind (" + String.join(", ", cleaned) + "); no credential had changed."));
            }
            result.ifPresent(recovery -> {
                LOG.log(System.Logger.Level.INFO, recovery.message());
                lastRecovery = recovery;
            });
            return result;
        } catch (IOException e) {
            throw new RotationException("Cannot recover the interrupted key rotation: " + e.getMessage()
                    + ". Every credential still decrypts with the keys beside " + keyFile + "; try again.", e);
        }
    }

    private Recovery recoverReencrypted(Entry entry) throws IOException {
        CredentialEncryption ring = context.freshRing();
        Optional<CredentialKey> oldKey = ring.key(entry.fromKeyId());
        if (oldKey.isPresent()) {
            return context.undoReencrypted(entry, ring.withPrimary(oldKey.get()), null,
                    "interrupted before the new key was committed", null);
        }
        // The old key is gone (e.g. the environment variable changed meanwhile): the new one is all that opens the rows.
        journal.update(entry.id(), State.COMMITTING, entry.reencrypted(), entry.skipped(), "");
        return finish(entry, "interrupted before commit, and the old key " + entry.fromKeyId() + " is no longer available");
    }

    private List<String> cleanLeftovers() throws IOException {
        List<String> cleaned = new ArrayList<>();
        if (Files.exists(Slot.NEW.path(keyFile))) {
            context.discardNewKey(null);
            if (!Files.exists(Slot.NEW.path(keyFile))) {
                cleaned.add("the unused new key " + Slot.NEW.path(keyFile).getFileName());
            }
        }
        cleaned.addAll(tempFiles.remove());
        for (Path leftover : BackupFolder.leftovers(backupsDir)) {
            if (Files.isDirectory(leftover)) {
                BackupFolder.delete(leftover);
                cleaned.add("the incomplete backup " + leftover);
            } else {
                Files.deleteIfExists(leftover);
            }
        }
        return cleaned;
    }

    /**
     * What {@link #recoverInterrupted()} did.
     *
     * @param entry   the journal entry of the interrupted rotation or rollback (null for {@link Outcome#CLEANED})
     * @param message one paragraph for the operator: what was interrupted, what was done, the key now in use
     */
    public record Recovery(Outcome outcome, Entry entry, String message) {
        /** How an interrupted rotation ended. */
        public enum Outcome {
            /** It was completed: the new key is in use. */
            FINISHED,
            /** It was undone: the old key is in use and every row is back on it. */
            ROLLED_BACK,
            /** Only files it left behind (an unused new key, an incomplete backup) were removed. */
            CLEANED
        }
    }

    /**
     * A rotation backup.
     *
     * @param keyId               the key its rows are encrypted with
     * @param keyFromEnvironment  whether that key came from the environment variable (the folder then holds no key copy)
     * @param credentials         how many credentials it holds
     */
    public record BackupInfo(Path folder, Instant takenAt, String keyId, boolean keyFromEnvironment, int credentials) {
    }

    /**
     * A past rotation in the history: its backup and what became of it.
     *
     * @param toKeyId     the key the rotation moved to (empty when neither the manifest nor the journal says)
     * @param restoredAt  when the store was last rolled back to this backup, if it was
     * @param mustSetFirst what the operator must do before rolling back to it (set the environment variable to
     *                    the backup's key, with the exact shell line when the backup holds a copy); empty when
     *                    the rollback can run now
     * @param environmentChange the variable to set and the backup's owner-only copy of the key to set it from,
     *                    when {@code mustSetFirst} is present and the backup holds a copy
     */
    public record PastRotation(BackupInfo backup, Optional<String> toKeyId, Standing standing, Optional<Instant> restoredAt,
                               Optional<String> mustSetFirst, Optional<EnvironmentChange> environmentChange) {

        /** What became of the rotation that took the backup. */
        public enum Standing {
            /** It has not ended: it runs now, or a crash interrupted it (the next start recovers it). */
            IN_PROGRESS,
            /** Committed; the replaced (or pending) key is kept until the rotation is confirmed. */
            AWAITING_CONFIRMATION,
            /** Committed, and its grace period is over (confirmed, or ended by a later rotation or rollback). */
            CONFIRMED,
            /** Rolled back before its commit (its backup is normally removed then). */
            UNDONE,
            /** The journal has no entry for it: a rollback to this or an earlier backup replaced the journal. */
            UNRECORDED
        }

        /** Whether the rotation is known to have been committed. */
        public boolean committed() {
            return standing == Standing.AWAITING_CONFIRMATION || standing == Standing.CONFIRMED;
        }
    }

    /**
     * The outcome of {@link #rollbackTo}.
     *
     * @param previousKeyFile where the key that was replaced is kept decrypt-only, when it was a key file
     * @param notices         things the operator should know (restored rows that do not decrypt, what to keep set)
     */
    public record RollbackResult(BackupInfo backup, String fromKeyId, String toKeyId, Optional<Path> previousKeyFile,
                                 List<String> notices) {
    }

    /**
     * The outcome of {@link #confirm()}.
     *
     * @param removed     the key files deleted (empty when there was nothing to confirm)
     * @param reencrypted stragglers moved to the current key first
     */
    public record Confirmation(String keyId, List<Path> removed, int reencrypted) {
    }

    /**
     * Where the credential key stands.
     *
     * @param keySource         where the master secret comes from, for people
     * @param previousKeyFile   the previous key kept decrypt-only, during a grace period
     * @param environmentChange what to set, when a rotation waits for the environment variable
     * @param unfinished        a rotation in progress (or interrupted) right now
     * @param history           the newest journal entries, newest first
     */
    public record Status(String keySource, String keyId, Optional<Path> previousKeyFile,
                         Optional<EnvironmentChange> environmentChange, Optional<Entry> unfinished, List<Entry> history) {
    }

}
