package io.secretdesk.core.rotation;

import io.secretdesk.core.SecureFiles;
import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.MasterSecretSource;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.core.crypto.RotationKeyFiles.Slot;
import io.secretdesk.core.rotation.KeyRotations.BackupInfo;
import io.secretdesk.core.rotation.KeyRotations.Recovery;
import io.secretdesk.core.rotation.KeyRotations.RollbackResult;
import io.secretdesk.core.store.AuditKey;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.CredentialStore;
import io.secretdesk.core.store.Database;
import io.secretdesk.core.store.RotationJournal;
import io.secretdesk.core.store.RotationJournal.Entry;
import io.secretdesk.core.store.RotationJournal.Kind;
import io.secretdesk.core.store.RotationJournal.State;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rollback to a backup after its rotation was committed ({@link KeyRotations#rollbackTo}): checks the
 * backup's keys and database copy, restores the database, then has the service finish the journal entry
 * (key files, stragglers, audit) through {@link Finish}. Runs under the rotation lock.
 */
final class RollbackToBackup {
    static final int PARTS = 4;

    /** Completes the committing rollback the restored database records; the service's {@code finish}. */
    @FunctionalInterface
    interface Finish {
        Recovery finish(Entry entry, String why, List<CredentialKey> backupKeys) throws IOException;
    }

    private final RotationContext context;
    private final BackupInfo info;
    private final KeyRotation.Listener listener;
    private final Finish finish;

    RollbackToBackup(RotationContext context, BackupInfo info, KeyRotation.Listener listener, Finish finish) {
        this.context = context;
        this.info = info;
        this.listener = listener;
        this.finish = finish;
    }

    RollbackResult run() throws IOException {
        listener.progress(KeyRotation.Step.ROLLBACK, 0, PARTS);
        BackupFolder.Manifest manifest = BackupFolder.read(info.folder());
        MasterSecret current = context.store().credentialKeySource().resolve();
        boolean fromEnvironment = current.origin().kind() == KeyOrigin.Kind.ENVIRONMENT;
        CredentialEncryption currentRing = RotationKeyFiles.ring(current, context.keyFile());
        String backupSecret;
        CredentialKey backupKey;
        if (fromEnvironment || manifest.keyFromEnvironment() || !manifest.hasKeyCopy()) {
            // SecretDesk cannot change the variable: it must hold the backup's key already.
            backupKey = CredentialKey.derive(current.value());
            Optional<String> setFirst = context.mustSetFirst(info.folder(), manifest, current, backupKey::id);
            if (setFirst.isPresent()) {
                throw new RotationException(setFirst.get() + " Nothing was changed.");
            }
            backupSecret = null;
        } else {
            backupSecret = MasterSecretSource.readKeyFile(info.folder().resolve(BackupFolder.KEY)).orElseThrow(() ->
                    new IllegalArgumentException("backup " + info.folder() + " has no " + BackupFolder.KEY));
            backupKey = CredentialKey.derive(backupSecret);
            if (!backupKey.id().equals(manifest.keyId())) {
                throw new IllegalArgumentException("the key in backup " + info.folder() + " is not the one its manifest "
                        + "records (" + manifest.keyId() + "); the backup was altered and is not restored");
            }
        }
        List<CredentialKey> extraKeys = context.backupKeys(info.folder(), manifest, List.of());
        CredentialEncryption restoreRing = CredentialEncryption.of(backupKey, extraKeys.toArray(CredentialKey[]::new));
        listener.progress(KeyRotation.Step.ROLLBACK, 1, PARTS);
        Instant now = context.clock().instant();
        Path copy = BackupFolder.restoreCopy(info.folder(), now);
        int undecryptable;
        try {
            copyOwnerOnly(info.folder().resolve(BackupFolder.DATABASE), copy);
            try (Database restored = Database.open(copy)) {
                AuditLog unused = new AuditLog(() -> {
                    throw new IllegalStateException("the restore copy is not audited");
                }, new AuditKey(java.util.Map.of(), copy.resolveSibling("unused.key")), null, context.clock(), "rollback");
                CredentialStore rows = new CredentialStore(restored, unused, () -> CredentialEncryption.of(backupKey), context.clock());
                undecryptable = (int) rows.checkAll(restoreRing).stream().filter(check -> !check.decrypts()).count();
                if (manifest.undecryptable() >= 0 && undecryptable > manifest.undecryptable()) {
                    throw new IllegalArgumentException("the keys in backup " + info.folder() + " open "
                            + (undecryptable - manifest.undecryptable()) + " credentials fewer than when it was taken; "
                            + "the backup was altered and is not restored");
                }
                new RotationJournal(restored, context.clock()).start(Kind.ROLLBACK, State.COMMITTING, currentRing.primaryKeyId(),
                        backupKey.id(), RotationContext.originName(current.origin()), info.folder());
            }
            if (backupSecret != null) {
                RotationKeyFiles.write(Slot.NEW, context.keyFile(), backupSecret);
            }
            listener.progress(KeyRotation.Step.ROLLBACK, 2, PARTS);
            PausePoints.reach("rollback.before-restore");
            context.store().database().restoreFrom(copy);
        } finally {
            BackupFolder.deleteDatabase(copy);
        }
        PausePoints.reach("rollback.restored");
        listener.progress(KeyRotation.Step.ROLLBACK, 3, PARTS);
        Entry entry = context.journal().unfinished().orElseThrow(() -> new RotationException(
                "The restored database lost its rollback journal entry; run `secretdesk rotate-key --status`."));
        finish.finish(entry, "rolled back from " + info.folder(), extraKeys);
        listener.progress(KeyRotation.Step.ROLLBACK, PARTS, PARTS);
        List<String> notices = new ArrayList<>();
        if (undecryptable > 0) {
            notices.add(undecryptable + " credentials in the backup do not decrypt with its key " + backupKey.id()
                    + "; they were restored as they were.");
        }
        if (!manifest.database().equals(context.store().database().file())) {
            notices.add("The backup was taken of " + manifest.database() + "; it was restored into "
                    + context.store().database().file() + ".");
        }
        if (fromEnvironment) {
            notices.add("Keep " + current.origin().variable() + " as it is: it holds the restored key.");
        }
        Path previous = Slot.PREVIOUS.path(context.keyFile());
        return new RollbackResult(info, currentRing.primaryKeyId(), backupKey.id(),
                Files.exists(previous) ? Optional.of(previous) : Optional.empty(), List.copyOf(notices));
    }

    private static void copyOwnerOnly(Path source, Path target) throws IOException {
        Files.createFile(target, SecureFiles.ownerOnlyFile(target));
        try (InputStream in = Files.newInputStream(source);
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(out);
        }
    }
}
