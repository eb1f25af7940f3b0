package io.secretdesk.core.rotation;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.MasterSecretSource;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.rotation.KeyRotations.Recovery;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.CredentialStore.CredentialInfo;
import io.secretdesk.core.store.RotationJournal;
import io.secretdesk.core.store.RotationJournal.Entry;
import io.secretdesk.core.store.RotationJournal.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a {@link KeyRotation} and its service {@link KeyRotations} share, for one console database: the store,
 * the rotation journal, the clock, where the key file, the backups and the lock file are, and the work both
 * do under the rotation lock (promoting a new key, undoing a rotation before its commit, re-encrypting
 * stragglers, reading a backup's keys). Built once by the service and handed to every rotation it begins,
 * so neither reaches into the other.
 */
final class RotationContext {

    private static final System.Logger LOG = System.getLogger(KeyRotations.class.getName());

    private final ConsoleStore store;
    private final Clock clock;
    private final RotationJournal journal;
    private final Path keyFile;
    private final Path backupsDir;
    private final Path lockFile;

    RotationContext(ConsoleStore store, Clock clock, RotationJournal journal, Path keyFile, Path backupsDir, Path lockFile) {
        this.store = store;
        this.clock = clock;
        this.journal = journal;
        this.keyFile = keyFile;
        this.backupsDir = backupsDir;
        this.lockFile = lockFile;
    }

    ConsoleStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    RotationJournal journal() {
        return journal;
    }

    /** The credential key file; the rotation's other key files ({@link Slot}) sit beside it. */
    Path keyFile() {
        return keyFile;
    }

    /** The folder holding the rotation backups. */
    Path backupsDir() {
        return backupsDir;
    }

    /** The rotation lock: one rotation, rollback or recovery at a time across processes. */
    RotationLock acquire(String doing) {
        try {
            return RotationLock.tryAcquire(lockFile).orElseThrow(() -> new RotationException("Cannot " + doing
                    + ": a key rotation is running in this or another SecretDesk process. Wait for it to finish."));
        } catch (IOException e) {
            throw new RotationException("Cannot " + doing + ": the lock file " + lockFile + " cannot be opened ("
                    + e.getMessage() + ").", e);
        }
    }

    /** How the backup manifest and the journal name where a key comes from. */
    static String originName(KeyOrigin origin) {
        return origin.kind() == KeyOrigin.Kind.ENVIRONMENT ? BackupFolder.ORIGIN_ENVIRONMENT : BackupFolder.ORIGIN_KEY_FILE;
    }

    /** The ring from the key files as they are now (PBKDF2 per key: for recovery and rollback, not per row). */
    CredentialEncryption freshRing() {
        return RotationKeyFiles.ring(store.credentialKeySource().resolve(), keyFile);
    }

    /**
     * Makes the key in {@code credential.key.new} current. From a key file: the old key file content goes to
     * {@code credential.key.previous}, then the key file is replaced, then the new file deleted; from the
     * environment: the new file becomes {@code credential.key.pending}. Each move is atomic and the whole is
     * idempotent, so recovery repeats it from wherever a crash stopped it.
     */
    void promoteNewKey(boolean fromEnvironment) throws IOException {
        Optional<String> next = RotationKeyFiles.read(Slot.NEW, keyFile);
        if (next.isEmpty()) {
            return;
        }
        if (fromEnvironment) {
            Files.move(Slot.NEW.path(keyFile), Slot.PENDING.path(keyFile), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        Optional<String> old = MasterSecretSource.readKeyFile(keyFile);
        if (old.isEmpty() || !old.get().equals(next.get())) {
            if (old.isPresent()) {
                RotationKeyFiles.write(Slot.PREVIOUS, keyFile, old.get());
            }
            PausePoints.reach("commit.previous-saved");
            MasterSecretSource.replaceKeyFile(keyFile, next.get());
            PausePoints.reach("commit.key-replaced");
        }
        RotationKeyFiles.delete(Slot.NEW, keyFile);
    }

    /**
     * Re-encrypts, inside the caller's transaction, rows still on another key of {@code ring} (written by
     * another process during a rotation); returns how many. Rows no key opens stay as they are.
     */
    int reencryptStragglers(CredentialEncryption ring) {
        if (rowsOnOtherRingKeys(ring).isEmpty()) {
            return 0;
        }
        return store.credentials().reencryptAll(ring, null).reencrypted();
    }

    /** Rows (as provider/name) that record a key of {@code ring} other than its primary. */
    List<String> rowsOnOtherRingKeys(CredentialEncryption ring) {
        List<String> rows = new ArrayList<>();
        for (CredentialInfo info : store.credentials().list()) {
            if (!info.keyId().equals(ring.primaryKeyId()) && ring.keyIds().contains(info.keyId())) {
                rows.add(info.provider() + "/" + info.name());
            }
        }
        return rows;
    }

    long rowsRecording(String keyId) {
        return store.credentials().list().stream().filter(info -> info.keyId().equals(keyId)).count();
    }

    /** Deletes {@code credential.key.new} unless a row records its key (it then stays on every ring). */
    void discardNewKey(String expectedKeyId) throws IOException {
        Optional<String> next = RotationKeyFiles.read(Slot.NEW, keyFile);
        if (next.isEmpty()) {
            return;
        }
        String id = expectedKeyId != null ? expectedKeyId : CredentialKey.derive(next.get()).id();
        if (rowsRecording(id) == 0) {
            RotationKeyFiles.delete(Slot.NEW, keyFile);
        } else {
            LOG.log(System.Logger.Level.WARNING, "Keeping {0}: credentials record its key {1}", Slot.NEW.path(keyFile), id);
        }
    }

    /** Deletes a rotation's backup folder, but only one of ours under the backups folder. */
    void deleteBackup(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        if (absolute.getParent() != null && absolute.getParent().equals(backupsDir.toAbsolutePath().normalize())
                && absolute.getFileName().toString().startsWith(BackupFolder.PREFIX)) {
            BackupFolder.delete(absolute);
        }
    }

    /** Deletes a backup folder a failed backup step left; logs instead of throwing (the next start removes it). */
    void deleteIncompleteBackup(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            BackupFolder.delete(folder);
        } catch (IOException e) {
            System.getLogger(KeyRotation.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not remove the incomplete backup {0}; the next start removes it", folder);
        }
    }

    /** Undoes a rotation that stopped before changing any row: new key file, backup and journal entry. */
    Recovery undoStarted(Entry entry, String why) throws IOException {
        discardNewKey(entry.toKeyId());
        deleteBackup(entry.backupDir());
        journal.update(entry.id(), State.ROLLED_BACK, 0, 0, why);
        return new Recovery(Recovery.Outcome.ROLLED_BACK, entry, "The key rotation started at " + entry.startedAt()
                + " was rolled back (" + why + "): no credential had changed; the key is still " + entry.fromKeyId() + ".");
    }

    /**
     * Undoes a rotation whose rows are on the new key: one transaction re-encrypts every row back to
     * {@code oldKey} (checked against {@code before} when given), then the new key file and backup go.
     */
    Recovery undoReencrypted(Entry entry, CredentialEncryption backToOld, Map<Long, Fingerprints.Before> before, String why,
                             CredentialStore.Progress progress) throws IOException {
        CredentialKey oldKey = backToOld.primaryKey();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rotation", entry.id());
        details.put("reason", why);
        int restored = store.database().inTransaction(() -> {
            CredentialStore.Reencryption result = store.credentials().reencryptAll(backToOld, progress,
                    "credential.key.rotate.rollback", details);
            if (before != null) {
                List<String> differing = compare(CredentialEncryption.of(oldKey), before, () -> { }).mismatched();
                if (!differing.isEmpty()) {
                    throw new RotationException("Rolling back did not give back the same values for " + differing.size()
                            + " credentials (" + String.join(", ", differing.subList(0, Math.min(5, differing.size())))
                            + "); nothing was changed. Restore with `secretdesk rotate-key --rollback " + entry.backupDir() + "`.");
                }
            }
            journal.update(entry.id(), State.ROLLED_BACK, 0, result.undecryptable().size(), why);
            return result.reencrypted();
        });
        discardNewKey(entry.toKeyId());
        deleteBackup(entry.backupDir());
        store.credentials().useEncryption(backToOld);
        return new Recovery(Recovery.Outcome.ROLLED_BACK, entry, "The key rotation started at " + entry.startedAt()
                + " was rolled back (" + why + "): " + restored + " credentials were re-encrypted back to key "
                + oldKey.id() + "; the key is unchanged.");
    }

    /**
     * Compares every row {@code ring} opens with the fingerprints in {@code before}, running {@code eachRow}
     * first for each (it may throw to stop).
     */
    Comparison compare(CredentialEncryption ring, Map<Long, Fingerprints.Before> before, Runnable eachRow) {
        MessageDigest sha256 = Fingerprints.sha256();
        List<String> mismatched = new ArrayList<>();
        int[] matched = {0};
        int[] changed = {0};
        List<CredentialStore.RowCheck> checks = store.credentials().checkAll(ring, (info, value) -> {
            eachRow.run();
            Fingerprints.Before expected = before.get(info.id());
            if (expected == null || !expected.sameRow(info)) {
                changed[0]++; // written by another process since: nothing to compare with
            } else if (MessageDigest.isEqual(expected.digest(), Fingerprints.of(sha256, value))) {
                matched[0]++;
            } else {
                mismatched.add(info.provider() + "/" + info.name());
            }
        });
        return new Comparison(checks, matched[0], changed[0], mismatched);
    }

    /**
     * @param changedSince rows that opened but were written after the fingerprints were taken (not compared)
     * @param mismatched   rows (as provider/name) that opened to a different value
     */
    record Comparison(List<CredentialStore.RowCheck> checks, int matched, int changedSince, List<String> mismatched) {
    }

    /**
     * The other key files of a backup's ring (e.g. {@code credential.key.previous}), derived, except those whose
     * ids are in {@code known} (already on the ring at hand). PBKDF2 once per file that is needed.
     */
    List<CredentialKey> backupKeys(Path folder, BackupFolder.Manifest manifest, List<String> known) {
        List<CredentialKey> keys = new ArrayList<>();
        if (!manifest.decryptOnlyKeyIds().isEmpty() && known.containsAll(manifest.decryptOnlyKeyIds())) {
            return keys;
        }
        for (String name : manifest.extraKeyFiles()) {
            MasterSecretSource.readKeyFile(folder.resolve(name)).ifPresent(secret -> {
                CredentialKey key = CredentialKey.derive(secret);
                if (!known.contains(key.id())) {
                    keys.add(key);
                }
            });
        }
        return keys;
    }

    /**
     * What the operator must set before the database can be restored from a backup of {@code manifest}, when
     * {@code current} (whose key id {@code currentId} gives, asked only when needed) does not hold the backup's key and SecretDesk cannot
     * put it there: names the variable and, when the backup holds a copy of the key, gives the exact shell
     * line. Empty when nothing must be set.
     */
    Optional<String> mustSetFirst(Path folder, BackupFolder.Manifest manifest, MasterSecret current, Supplier<String> currentId) {
        boolean fromEnvironment = current.origin().kind() == KeyOrigin.Kind.ENVIRONMENT;
        if (!fromEnvironment && !manifest.keyFromEnvironment() && manifest.hasKeyCopy()) {
            return Optional.empty(); // the key file is restored from the copy
        }
        String heldId = currentId.get();
        if (heldId.equals(manifest.keyId())) {
            return Optional.empty();
        }
        String variable = current.origin().variable();
        String set = manifest.hasKeyCopy()
                ? "Set " + variable + " to the key the backup was made with (key id " + manifest.keyId() + "): "
                        + new EnvironmentChange(variable, folder.resolve(BackupFolder.KEY)).shellCommand()
                : "Set " + variable + " to the key the backup was made with (key id " + manifest.keyId()
                        + "; this backup holds no copy of it)";
        return Optional.of("The backup " + folder + " is encrypted with key " + manifest.keyId() + ", but "
                + current.origin().describe() + " holds key " + heldId + ". " + set
                + ", restart SimpleTuner and SecretDesk, and roll back again.");
    }
}
