package io.secretdesk.ui.rotation;

import io.secretdesk.core.rotation.EnvironmentChange;
import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.core.rotation.RotationException;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Notice;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The History section of the Key Rotation page: the past rotations whose backups can be rolled back to, and
 * the rollback to one of them, asked first and then run in the background with progress. Part of the page's
 * {@link RotationViewModel}; running, progress, errors and the header's message are the page's. Properties
 * change only on the FX thread; rows carry key ids, never key material.
 */
public final class HistoryViewModel {

    /**
     * One past rotation in the History section, as the page shows it (key ids, never key material).
     *
     * @param when         when its backup was taken (UTC)
     * @param keys         the key ids before and after, the count and where the key came from
     * @param standing     whether it was committed and confirmed, and whether the store was rolled back to it
     * @param awaitingConfirmation whether its rotation is committed but not confirmed yet (the page marks it)
     * @param mustSetFirst what the operator must set before rolling back to it; empty when nothing
     * @param setCommand   the shell line that sets it from the backup's owner-only key copy; empty when none
     */
    public record HistoryRow(Path folder, String when, String keys, String standing, boolean awaitingConfirmation,
                             String mustSetFirst, String setCommand) {
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final RotationPage page;

    private final ObservableList<HistoryRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper canRollbackToBackup = new ReadOnlyBooleanWrapper(this, "canRollbackToBackup", false);
    private final ReadOnlyObjectWrapper<HistoryRow> pendingRollback = new ReadOnlyObjectWrapper<>(this, "pendingRollback");
    private final ReadOnlyStringWrapper rollbackConfirmText = new ReadOnlyStringWrapper(this, "rollbackConfirmText", "");
    private final ReadOnlyBooleanWrapper canConfirmRollback = new ReadOnlyBooleanWrapper(this, "canConfirmRollback", false);
    // Made once and kept: an unmodifiable view holds only a weak listener on its list (see WizardViewModel).
    private final ObservableList<HistoryRow> rowsView = FXCollections.unmodifiableObservableList(rows);

    /** Whether a rollback to a backup runs. */
    private boolean restoring;

    HistoryViewModel(RotationPage page) {
        this.page = page;
    }

    // ---- commands ----

    /** Reads the History section again (in the background); keeps what is shown until it arrives. */
    public void load() {
        int started = page.generation;
        page.executor.run(() -> page.service().history(), past -> {
            if (started == page.generation) {
                show(past);
                page.update();
            }
        }, failure -> page.error.set("Could not read the rotation history: " + ErrorMessages.oneLine(failure)));
    }

    /**
     * Asks to roll back to {@code row}'s backup: nothing happens until {@link #confirmRollbackToBackup()}. The
     * question says what is lost; when the environment variable must first hold the backup's key, it says
     * exactly what to set instead, and the rollback cannot be confirmed.
     */
    public void askRollbackTo(HistoryRow row) {
        if (!canRollbackToBackup.get() || row == null) {
            return;
        }
        page.error.set("");
        pendingRollback.set(row);
        if (!row.mustSetFirst().isEmpty()) {
            rollbackConfirmText.set(row.mustSetFirst());
        } else {
            rollbackConfirmText.set("Roll back to the backup taken " + row.when() + "? The database and the credential key "
                    + "are restored from " + row.folder() + ". Changes made after the backup was taken are lost: "
                    + "credentials and provider settings saved since then, and later key rotations. The key in use now "
                    + "is kept decrypt-only until you confirm.");
        }
        page.update();
    }

    /** Drops a rollback that waits for confirmation. */
    public void cancelRollbackTo() {
        dropPending();
        page.update();
    }

    /** Rolls back to the backup {@link #askRollbackTo} named, in the background with progress, and says what it did. */
    public void confirmRollbackToBackup() {
        HistoryRow row = pendingRollback.get();
        if (row == null || !canConfirmRollback.get()) {
            return;
        }
        dropPending();
        restoring = true;
        page.running.set(true);
        page.error.set("");
        page.say(Notice.Kind.NONE, "");
        page.progress.set(-1);
        String name = row.folder().getFileName().toString();
        page.progressText.set("Rolling back to " + name + "\u2026");
        page.update();
        page.executor.run(() -> {
            KeyRotations service = page.service();
            KeyRotations.RollbackResult result = service.rollbackTo(row.folder().toString(), (step, done, total) ->
                    page.fx.execute(() -> {
                        if (restoring) {
                            page.progress.set((double) done / total);
                            page.progressText.set("Rolling back to " + name + ": " + rollbackPart(done));
                        }
                    }));
            return new RolledBackTo(result, service.status(), service.history());
        }, done -> {
            restoring = false;
            page.startOver(); // whatever the wizard showed is out of date now
            page.showStatus(done.status());
            show(done.history());
            page.say(Notice.Kind.SUCCESS, rolledBackLine(row, done.result()));
            page.update();
        }, failure -> {
            restoring = false;
            page.running.set(false);
            // Core messages are written for people and may carry a shell line to copy: show them whole.
            page.error.set(failure instanceof RotationException ? failure.getMessage() : ErrorMessages.oneLine(failure));
            page.update();
            load();
        });
    }

    // ---- properties ----

    /** The past rotations whose backups can be rolled back to, newest first. */
    public ObservableList<HistoryRow> rows() {
        return rowsView;
    }

    /** Whether the history has been read at least once (so an empty list means there is none). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** Whether a backup from the history may be rolled back to now (no rotation in progress, nothing running). */
    public ReadOnlyBooleanProperty canRollbackToBackupProperty() {
        return canRollbackToBackup.getReadOnlyProperty();
    }

    /** The history row whose rollback waits for confirmation; null when none. */
    public ReadOnlyObjectProperty<HistoryRow> pendingRollbackProperty() {
        return pendingRollback.getReadOnlyProperty();
    }

    /** The question (or, when the variable must be set first, the instruction) for the pending rollback. */
    public ReadOnlyStringProperty rollbackConfirmTextProperty() {
        return rollbackConfirmText.getReadOnlyProperty();
    }

    /** Whether the pending rollback can be confirmed (false while the variable must be set first). */
    public ReadOnlyBooleanProperty canConfirmRollbackProperty() {
        return canConfirmRollback.getReadOnlyProperty();
    }

    // ---- for the page ----

    /** Shows the past rotations just read; drops a pending rollback whose backup is gone. */
    void show(List<KeyRotations.PastRotation> past) {
        List<HistoryRow> shown = new ArrayList<>();
        for (KeyRotations.PastRotation each : past) {
            KeyRotations.BackupInfo backup = each.backup();
            String keys = "Key " + backup.keyId() + each.toKeyId().map(to -> " \u2192 " + to).orElse("") + " \u00b7 "
                    + backup.credentials() + " credentials \u00b7 key from "
                    + (backup.keyFromEnvironment() ? "the environment variable" : "the key file");
            String standing = switch (each.standing()) {
                case AWAITING_CONFIRMATION -> "Committed \u00b7 not confirmed yet: the replaced key is still kept";
                case CONFIRMED -> "Committed \u00b7 confirmed";
                case IN_PROGRESS -> "In progress (if it was interrupted, the next start finishes or rolls it back)";
                case UNDONE -> "Rolled back before its commit";
                case UNRECORDED -> "Not in the journal any more (a rollback restored an older one)";
            };
            standing += each.restoredAt().map(at -> " \u00b7 rolled back to this backup " + WHEN.format(at)).orElse("");
            shown.add(new HistoryRow(backup.folder(), WHEN.format(backup.takenAt()), keys, standing,
                    each.standing() == KeyRotations.PastRotation.Standing.AWAITING_CONFIRMATION,
                    each.mustSetFirst().orElse(""), each.environmentChange().map(EnvironmentChange::shellCommand).orElse("")));
        }
        if (!shown.equals(rows)) {
            rows.setAll(shown);
        }
        loaded.set(true);
        HistoryRow pending = pendingRollback.get();
        if (pending != null && shown.stream().noneMatch(row -> row.folder().equals(pending.folder()))) {
            cancelRollbackTo();
        }
    }

    /** Forgets a rollback that waits for confirmation, without recomputing anything. */
    void dropPending() {
        pendingRollback.set(null);
        rollbackConfirmText.set("");
    }

    /** Recomputes which of the history's commands are enabled. */
    void update() {
        // A rotation in progress holds the rotation lock; after its commit the lock is released.
        canRollbackToBackup.set(!page.running.get() && !page.rotationUnderway());
        canConfirmRollback.set(canRollbackToBackup.get() && pendingRollback.get() != null
                && pendingRollback.get().mustSetFirst().isEmpty());
    }

    // ---- internals ----

    private record RolledBackTo(KeyRotations.RollbackResult result, KeyRotations.Status status,
                                List<KeyRotations.PastRotation> history) {
    }

    private static String rolledBackLine(HistoryRow row, KeyRotations.RollbackResult result) {
        StringBuilder line = new StringBuilder("Rolled back to the backup taken " + row.when() + " (" + row.folder()
                + "): key " + result.fromKeyId() + " \u2192 " + result.toKeyId() + ". The database is as it was then; "
                + "changes made after it are gone.");
        result.previousKeyFile().ifPresent(file -> line.append(" The replaced key is kept decrypt-only in ").append(file)
                .append(" until you confirm."));
        result.notices().forEach(notice -> line.append(' ').append(notice));
        return line.toString();
    }

    private static String rollbackPart(int done) {
        return switch (done) {
            case 0 -> "checking the backup's keys";
            case 1 -> "checking the database copy";
            case 2 -> "restoring the database";
            case 3 -> "restoring the key files";
            default -> "done";
        };
    }
}
