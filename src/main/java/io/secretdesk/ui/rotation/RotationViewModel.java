package io.secretdesk.ui.rotation;

import io.secretdesk.core.rotation.EnvironmentChange;
import io.secretdesk.core.rotation.KeyRotation;
import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.core.rotation.RotationException;
import io.secretdesk.core.store.RotationJournal;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.UiExecutor;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state of the Key Rotation wizard: which step is current and how it stands, what each step found, and
 * the Back / Next / Cancel / Roll back commands, over one {@link KeyRotation} at a time.
 *
 * <p>Every call into core runs through the {@link UiExecutor}; progress reported by the rotation's listener
 * on the worker thread reaches the properties through the {@code fx} executor, at most one update queued at
 * a time. Properties change only on the FX thread. The new key is held only by the rotation: this model
 * shows it while its step is current or when the operator asks, and never puts it in a message.
 */
public final class RotationViewModel {

    /** The wizard's pages, in order. */
    public enum WizardStep {
        PREFLIGHT("Preflight"), NEW_KEY("New key"), BACKUP("Backup"), REENCRYPT("Re-encrypt"), VERIFY("Verify"),
        COMMIT("Commit"), SUMMARY("Summary");

        private final String title;

        WizardStep(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** How a step stands, as the side list shows it. */
    public enum StepState { WAITING, CURRENT, RUNNING, DONE, FAILED }

    /** One row of the side list. */
    public record StepItem(WizardStep step, StepState state) {
    }

    /** What the operator chose for credentials that do not decrypt with the current key. */
    public enum UndecryptableChoice { UNDECIDED, STOP, LEAVE_UNTOUCHED }

    /** How the new key is chosen. */
    public enum KeyMode { GENERATE, PASTE }

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

    private final UiExecutor executor;
    private final Executor fx;
    private final ClipboardGuard clipboard;
    private final Callable<KeyRotations> service;

    private final ReadOnlyObjectWrapper<WizardStep> current = new ReadOnlyObjectWrapper<>(this, "current", WizardStep.PREFLIGHT);
    private final ObservableList<StepItem> steps = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper confirmable = new ReadOnlyBooleanWrapper(this, "confirmable", false);

    private final ReadOnlyBooleanWrapper preflighted = new ReadOnlyBooleanWrapper(this, "preflighted", false);
    private final ReadOnlyStringWrapper keySource = new ReadOnlyStringWrapper(this, "keySource", "");
    private final ReadOnlyStringWrapper preflightText = new ReadOnlyStringWrapper(this, "preflightText", "");
    private final ObservableList<String> notices = FXCollections.observableArrayList();
    private final ObservableList<String> undecryptable = FXCollections.observableArrayList();
    private final ObjectProperty<UndecryptableChoice> undecryptableChoice =
            new SimpleObjectProperty<>(this, "undecryptableChoice", UndecryptableChoice.UNDECIDED);

    private final ObjectProperty<KeyMode> keyMode = new SimpleObjectProperty<>(this, "keyMode", KeyMode.GENERATE);
    private final StringProperty pastedKey = new SimpleStringProperty(this, "pastedKey", "");
    private final ReadOnlyStringWrapper pastedKeyProblem = new ReadOnlyStringWrapper(this, "pastedKeyProblem", "");
    private final ReadOnlyStringWrapper newKeyId = new ReadOnlyStringWrapper(this, "newKeyId", "");
    private final ReadOnlyStringWrapper shownKey = new ReadOnlyStringWrapper(this, "shownKey", "");
    private final ReadOnlyStringWrapper backupFolder = new ReadOnlyStringWrapper(this, "backupFolder", "");
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper(this, "resultText", "");
    private final ObservableList<String> summary = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper environmentVariable = new ReadOnlyStringWrapper(this, "environmentVariable", "");
    private final ReadOnlyStringWrapper environmentCommand = new ReadOnlyStringWrapper(this, "environmentCommand", "");

    private final ReadOnlyBooleanWrapper canNext = new ReadOnlyBooleanWrapper(this, "canNext", false);
    private final ReadOnlyBooleanWrapper canBack = new ReadOnlyBooleanWrapper(this, "canBack", false);
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(this, "canCancel", false);
    private final ReadOnlyBooleanWrapper canRollback = new ReadOnlyBooleanWrapper(this, "canRollback", false);
    private final ReadOnlyStringWrapper nextLabel = new ReadOnlyStringWrapper(this, "nextLabel", "Next");

    private final ObservableList<HistoryRow> history = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper historyLoaded = new ReadOnlyBooleanWrapper(this, "historyLoaded", false);
    private final ReadOnlyBooleanWrapper canRollbackToBackup = new ReadOnlyBooleanWrapper(this, "canRollbackToBackup", false);
    private final ReadOnlyObjectWrapper<HistoryRow> pendingRollback = new ReadOnlyObjectWrapper<>(this, "pendingRollback");
    private final ReadOnlyStringWrapper rollbackConfirmText = new ReadOnlyStringWrapper(this, "rollbackConfirmText", "");
    private final ReadOnlyBooleanWrapper canConfirmRollback = new ReadOnlyBooleanWrapper(this, "canConfirmRollback", false);

    // Made once and kept: an unmodifiable view holds only a weak listener on its list, so a view made per
    // call could be collected along with the listeners the controller added to it.
    private final ObservableList<StepItem> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final ObservableList<String> noticesView = FXCollections.unmodifiableObservableList(notices);
    private final ObservableList<String> undecryptableView = FXCollections.unmodifiableObservableList(undecryptable);
    private final ObservableList<String> summaryView = FXCollections.unmodifiableObservableList(summary);
    private final ObservableList<HistoryRow> historyView = FXCollections.unmodifiableObservableList(history);

    private final AtomicReference<int[]> latestProgress = new AtomicReference<>();
    private final AtomicBoolean progressQueued = new AtomicBoolean();

    private KeyRotations rotations;
    private KeyRotation rotation;
    /** Bumped whenever the wizard starts over, so results of abandoned work are dropped. */
    private int generation;
    private boolean stepDone;
    private boolean backedUp;
    private boolean committed;
    /** Whether a rollback to a backup from the history runs. */
    private boolean restoring;
    /** Whether the page has opened once (and so shown what start-up recovery did); read on a worker thread. */
    private volatile boolean startupReported;

    /**
     * @param executor  runs the blocking work
     * @param fx        the FX dispatcher, for progress from worker threads ({@code Platform::runLater} in the console)
     * @param clipboard the console's clipboard guard, for the new key
     * @param service   opens the rotation service of the console store; called once, off the FX thread
     */
    public RotationViewModel(UiExecutor executor, Executor fx, ClipboardGuard clipboard, Callable<KeyRotations> service) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.fx = Objects.requireNonNull(fx, "fx");
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
        this.service = Objects.requireNonNull(service, "service");
        pastedKey.addListener((obs, old, now) -> {
            pastedKeyProblem.set(problemOf(now));
            update();
        });
        keyMode.addListener((obs, old, now) -> {
            error.set("");
            update();
        });
        undecryptableChoice.addListener((obs, old, now) -> {
            if (now == UndecryptableChoice.STOP) {
                cancel();
            } else {
                update();
            }
        });
        update();
    }

    /**
     * Start-up recovery for the console: runs {@code recover} (finishing or rolling back a key rotation a crash
     * interrupted) in the background and, when it did something, tells {@code say} in one line (on the FX
     * thread). The Key Rotation page shows the full report the first time it opens.
     */
    public static void recoverAtStartup(UiExecutor executor, Callable<Optional<KeyRotations.Recovery>> recover,
                                        Consumer<String> say) {
        executor.run(recover, recovery -> recovery.ifPresent(done -> say.accept(startupLine(done))),
                failure -> say.accept("Could not check for an interrupted key rotation: " + ErrorMessages.oneLine(failure)));
    }

    // ---- commands ----

    /**
     * Opens the page: finishes or rolls back a rotation a crash interrupted (saying which) and shows whether
     * an earlier rotation waits for its environment variable. Changes nothing otherwise.
     */
    public void open() {
        int started = generation;
        running.set(true);
        update();
        executor.run(() -> {
            KeyRotations service = service();
            Optional<KeyRotations.Recovery> recovery = service.recoverInterrupted();
            if (recovery.isEmpty() && !startupReported) {
                recovery = service.lastRecovery(); // done at start-up, before this page opened
            }
            return new Opened(recovery, service.status(), service.history());
        }, opened -> {
            if (started != generation) {
                return;
            }
            running.set(false);
            startupReported = true;
            List<String> lines = new ArrayList<>();
            opened.recovery().ifPresent(recovery -> lines.add(recoveryLine(recovery)));
            opened.status().environmentChange().ifPresent(change -> lines.add(waitingLine(change)));
            if (opened.status().environmentChange().isEmpty()) {
                opened.status().previousKeyFile().ifPresent(file -> lines.add("The previous key is kept decrypt-only in "
                        + file + " until you confirm the rotation."));
            }
            showStatus(opened.status());
            showHistory(opened.history());
            message.set(String.join(" ", lines));
            update();
        }, failure -> {
            running.set(false);
            error.set(ErrorMessages.oneLine(failure));
            update();
        });
    }

    /** Runs the preflight (starting a rotation, which holds the rotation lock until it ends). */
    public void runPreflight() {
        if (running.get() || current.get() != WizardStep.PREFLIGHT) {
            return;
        }
        start(() -> {
            if (rotation == null) {
                rotation = service().begin(this::reportProgress);
            }
            return rotation.preflight();
        }, preflight -> {
            rotation.recovered().ifPresent(recovery -> message.set(recoveryLine(recovery)));
            preflighted.set(true);
            newKeyId.set(""); // a new preflight forgets the key chosen before
            keySource.set("Current key: " + preflight.keySource() + " (id " + preflight.keyId() + ")");
            preflightText.set(preflight.credentials() + " stored credentials; "
                    + (preflight.credentials() - preflight.undecryptable().size()) + " decrypt with the current key ring, "
                    + preflight.undecryptable().size() + " do not.");
            notices.setAll(preflight.notices());
            undecryptable.setAll(preflight.undecryptable().stream().map(KeyRotation.Credential::toString).toList());
            undecryptableChoice.set(UndecryptableChoice.UNDECIDED);
            return true;
        });
    }

    /** Goes to the next step, doing the work that leaves the current one; does nothing unless {@link #canNextProperty()}. */
    public void next() {
        if (!canNext.get()) {
            return;
        }
        switch (current.get()) {
            case PREFLIGHT -> {
                boolean leave = undecryptableChoice.get() == UndecryptableChoice.LEAVE_UNTOUCHED;
                start(() -> {
                    if (leave) {
                        rotation.leaveUndecryptableUntouched();
                    }
                    return true;
                }, ignored -> {
                    moveTo(WizardStep.NEW_KEY);
                    if (newKeyId.get().isEmpty() && keyMode.get() == KeyMode.GENERATE) {
                        generateKey();
                    } else {
                        stepDone = !newKeyId.get().isEmpty();
                    }
                    return false;
                });
            }
            case NEW_KEY -> {
                if (keyMode.get() == KeyMode.PASTE) {
                    String pasted = pastedKey.get();
                    start(() -> rotation.useKey(pasted), key -> {
                        pastedKey.set("");
                        afterKey(key);
                        enterWork(WizardStep.BACKUP);
                        return false;
                    });
                } else {
                    enterWork(WizardStep.BACKUP);
                }
            }
            case BACKUP -> enterWork(WizardStep.REENCRYPT);
            case REENCRYPT -> enterWork(WizardStep.VERIFY);
            case VERIFY -> moveTo(WizardStep.COMMIT);
            case COMMIT -> start(() -> {
                KeyRotation.Summary done = rotation.commit();
                rotation.close(); // releases the lock; the rotation still answers revealNewKey for the copy button
                return done;
            }, done -> {
                committed = true;
                showSummary(done);
                moveTo(WizardStep.SUMMARY);
                stepDone = true;
                loadHistory();
                return true;
            });
            case SUMMARY -> { }
        }
    }

    /** Goes back one step where that undoes nothing: from the new key to the preflight. */
    public void back() {
        if (!canBack.get()) {
            return;
        }
        shownKey.set("");
        moveTo(WizardStep.PREFLIGHT);
        stepDone = preflighted.get();
        update();
    }

    /** Generates a new key (shown on this step only). */
    public void generateKey() {
        if (current.get() != WizardStep.NEW_KEY || running.get()) {
            return;
        }
        start(() -> {
            KeyRotation.NewKey key = rotation.generateKey();
            return new Chosen(key, rotation.revealNewKey());
        }, chosen -> {
            afterKey(chosen.key());
            shownKey.set(chosen.value());
            return true;
        });
    }

    /**
     * Stops the rotation before its commit and undoes whatever it did (the running step stops at its next
     * row); the key and every credential are as before, and the wizard starts over.
     */
    public void cancel() {
        if (!canCancel.get()) {
            return;
        }
        undo("Cancelled");
    }

    /** Rolls back everything this rotation did before its commit, from the backup step on. */
    public void rollback() {
        if (!canRollback.get()) {
            return;
        }
        undo("Rolled back");
    }

    /** Shows the new key on a later step, at the operator's request. */
    public void revealKey() {
        KeyRotation held = rotation;
        if (held == null || newKeyId.get().isEmpty()) {
            return;
        }
        executor.run(held::revealNewKey, shownKey::set, failure -> error.set(ErrorMessages.oneLine(failure)));
    }

    /** Hides the new key again. */
    public void hideKey() {
        shownKey.set("");
    }

    /** Puts the new key on the clipboard through the clipboard guard, without showing it. */
    public void copyNewKey() {
        KeyRotation held = rotation;
        if (held == null || newKeyId.get().isEmpty()) {
            return;
        }
        String what = environmentVariable.get().isEmpty() ? "new credential key" : environmentVariable.get();
        executor.run(held::revealNewKey, value -> clipboard.copy(what, value), failure -> error.set(ErrorMessages.oneLine(failure)));
    }

    /** Ends the grace period once the environment variable holds the new key and the console was restarted. */
    public void confirmRestart() {
        running.set(true);
        update();
        executor.run(() -> service().confirm(), confirmation -> {
            running.set(false);
            confirmable.set(false);
            message.set("Confirmed: key " + confirmation.keyId() + " is the only key now; removed "
                    + confirmation.removed().size() + " old key file(s).");
            error.set("");
            update();
        }, failure -> {
            running.set(false);
            error.set(ErrorMessages.oneLine(failure));
            update();
        });
    }

    /** Reads the History section again (in the background); keeps what is shown until it arrives. */
    public void loadHistory() {
        int started = generation;
        executor.run(() -> service().history(), past -> {
            if (started == generation) {
                showHistory(past);
                update();
            }
        }, failure -> error.set("Could not read the rotation history: " + ErrorMessages.oneLine(failure)));
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
        error.set("");
        pendingRollback.set(row);
        if (!row.mustSetFirst().isEmpty()) {
            rollbackConfirmText.set(row.mustSetFirst());
        } else {
            rollbackConfirmText.set("Roll back to the backup taken " + row.when() + "? The database and the credential key "
                    + "are restored from " + row.folder() + ". Changes made after the backup was taken are lost: "
                    + "credentials and provider settings saved since then, and later key rotations. The key in use now "
                    + "is kept decrypt-only until you confirm.");
        }
        update();
    }

    /** Drops a rollback that waits for confirmation. */
    public void cancelRollbackTo() {
        pendingRollback.set(null);
        rollbackConfirmText.set("");
        update();
    }

    /** Rolls back to the backup {@link #askRollbackTo} named, in the background with progress, and says what it did. */
    public void confirmRollbackToBackup() {
        HistoryRow row = pendingRollback.get();
        if (row == null || !canConfirmRollback.get()) {
            return;
        }
        pendingRollback.set(null);
        rollbackConfirmText.set("");
        restoring = true;
        running.set(true);
        error.set("");
        message.set("");
        progress.set(-1);
        String name = row.folder().getFileName().toString();
        progressText.set("Rolling back to " + name + "\u2026");
        update();
        executor.run(() -> {
            KeyRotations service = service();
            KeyRotations.RollbackResult result = service.rollbackTo(row.folder().toString(), (step, done, total) ->
                    fx.execute(() -> {
                        if (restoring) {
                            progress.set((double) done / total);
                            progressText.set("Rolling back to " + name + ": " + rollbackPart(done));
                        }
                    }));
            return new RolledBackTo(result, service.status(), service.history());
        }, done -> {
            restoring = false;
            reset(); // whatever the wizard showed is out of date now
            showStatus(done.status());
            showHistory(done.history());
            message.set(rolledBackLine(row, done.result()));
            update();
        }, failure -> {
            restoring = false;
            running.set(false);
            // Core messages are written for people and may carry a shell line to copy: show them whole.
            error.set(failure instanceof RotationException ? failure.getMessage() : ErrorMessages.oneLine(failure));
            update();
            loadHistory();
        });
    }

    /** Starts a new rotation after a summary. */
    public void startOver() {
        if (running.get()) {
            return;
        }
        reset();
    }

    // ---- properties ----

    public ReadOnlyObjectProperty<WizardStep> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** The side list: every step with its state; replaced as a whole on each change. */
    public ObservableList<StepItem> steps() {
        return stepsView;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1, or -1 while the size of the work is not known yet. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The last failure, one line; empty when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** What happened that the operator should know (a recovered rotation, a cancel, a rollback); empty when none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether an earlier rotation waits for the operator to confirm the restart. */
    public ReadOnlyBooleanProperty confirmableProperty() {
        return confirmable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty preflightedProperty() {
        return preflighted.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty keySourceProperty() {
        return keySource.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty preflightTextProperty() {
        return preflightText.getReadOnlyProperty();
    }

    public ObservableList<String> notices() {
        return noticesView;
    }

    /** Credentials that do not decrypt, as provider/name. */
    public ObservableList<String> undecryptable() {
        return undecryptableView;
    }

    public ObjectProperty<UndecryptableChoice> undecryptableChoiceProperty() {
        return undecryptableChoice;
    }

    public ObjectProperty<KeyMode> keyModeProperty() {
        return keyMode;
    }

    /** The key the operator pastes; cleared once it is taken. */
    public StringProperty pastedKeyProperty() {
        return pastedKey;
    }

    /** Why the pasted key is refused, or empty. */
    public ReadOnlyStringProperty pastedKeyProblemProperty() {
        return pastedKeyProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty newKeyIdProperty() {
        return newKeyId.getReadOnlyProperty();
    }

    /** The new key while it may be seen (its step, or revealed on request); empty otherwise. */
    public ReadOnlyStringProperty shownKeyProperty() {
        return shownKey.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty backupFolderProperty() {
        return backupFolder.getReadOnlyProperty();
    }

    /** What the last work step did, one line. */
    public ReadOnlyStringProperty resultTextProperty() {
        return resultText.getReadOnlyProperty();
    }

    /** The final summary, one fact a line (never key material). */
    public ObservableList<String> summary() {
        return summaryView;
    }

    /** The variable the operator must set after the rotation, or empty when the key is in a key file. */
    public ReadOnlyStringProperty environmentVariableProperty() {
        return environmentVariable.getReadOnlyProperty();
    }

    /** A shell line that sets the variable from the owner-only pending key file. */
    public ReadOnlyStringProperty environmentCommandProperty() {
        return environmentCommand.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canNextProperty() {
        return canNext.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canBackProperty() {
        return canBack.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRollbackProperty() {
        return canRollback.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nextLabelProperty() {
        return nextLabel.getReadOnlyProperty();
    }

    /** The past rotations whose backups can be rolled back to, newest first. */
    public ObservableList<HistoryRow> history() {
        return historyView;
    }

    /** Whether the history has been read at least once (so an empty list means there is none). */
    public ReadOnlyBooleanProperty historyLoadedProperty() {
        return historyLoaded.getReadOnlyProperty();
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

    // ---- internals ----

    private record RolledBackTo(KeyRotations.RollbackResult result, KeyRotations.Status status,
                                List<KeyRotations.PastRotation> history) {
    }

    private record Opened(Optional<KeyRotations.Recovery> recovery, KeyRotations.Status status,
                          List<KeyRotations.PastRotation> history) {
    }

    /** A generated key; the value only travels from the worker to {@link #shownKey}. */
    private record Chosen(KeyRotation.NewKey key, String value) {
        @Override
        public String toString() {
            return "Chosen[" + key.keyId() + "]";
        }
    }

    /** What a result does to the model; returns whether the current step is now done. */
    @FunctionalInterface
    private interface Apply<T> {
        boolean apply(T result);
    }

    private KeyRotations service() throws Exception {
        if (rotations == null) {
            rotations = Objects.requireNonNull(service.call(), "rotation service");
        }
        return rotations;
    }

    private <T> void start(Callable<T> work, Apply<T> apply) {
        int started = generation;
        running.set(true);
        failed.set(false);
        error.set("");
        progress.set(-1);
        progressText.set("");
        update();
        executor.run(work, result -> {
            if (started != generation) {
                return;
            }
            running.set(false);
            if (apply.apply(result)) {
                stepDone = true;
            }
            update();
        }, failure -> {
            if (started != generation) {
                return; // a cancel started over meanwhile; its own message says what happened
            }
            running.set(false);
            failed.set(true);
            error.set(ErrorMessages.oneLine(failure));
            update();
        });
    }

    private void enterWork(WizardStep step) {
        moveTo(step);
        switch (step) {
            case BACKUP -> start(() -> rotation.backup(), backup -> {
                backedUp = true;
                backupFolder.set(backup.folder().toString());
                resultText.set("Backup written to " + backup.folder());
                return true;
            });
            case REENCRYPT -> start(() -> rotation.reencrypt(), done -> {
                resultText.set("Re-encrypted " + done.reencrypted() + " credentials in one transaction ("
                        + done.alreadyCurrent() + " already on the new key, " + done.leftUntouched() + " left untouched).");
                return true;
            });
            case VERIFY -> start(() -> rotation.verify(), done -> {
                resultText.set(done.verified() + " credentials decrypt with the new key alone to their previous values ("
                        + done.leftUntouched() + " left untouched, " + done.writtenMeanwhile() + " written meanwhile).");
                return true;
            });
            default -> throw new IllegalArgumentException("no work on entering " + step);
        }
    }

    private void moveTo(WizardStep step) {
        current.set(step);
        stepDone = false;
        failed.set(false);
        shownKey.set(""); // the new key is never shown again after its step unless asked
        resultText.set("");
        progress.set(0);
        progressText.set("");
        update();
    }

    private void afterKey(KeyRotation.NewKey key) {
        newKeyId.set(key.keyId());
        stepDone = true;
    }

    private void showSummary(KeyRotation.Summary done) {
        List<String> lines = new ArrayList<>();
        lines.add("Credentials: " + done.credentials() + " stored, " + done.reencrypted() + " re-encrypted, "
                + done.untouched().size() + " left untouched");
        lines.add("Key id: " + done.fromKeyId() + " \u2192 " + done.toKeyId());
        lines.add("Backup folder: " + done.backupFolder());
        done.keyFile().ifPresent(file -> lines.add("Key file: " + file));
        done.previousKeyFile().ifPresent(file -> lines.add("Previous key (decrypt-only until confirmed): " + file));
        if (!done.untouched().isEmpty()) {
            lines.add("Left untouched: " + String.join(", ", done.untouched().stream().map(Object::toString).toList()));
        }
        summary.setAll(lines);
        done.environmentChange().ifPresent(change -> {
            environmentVariable.set(change.variable());
            environmentCommand.set(change.shellCommand());
        });
        confirmable.set(done.environmentChange().isPresent() || done.previousKeyFile().isPresent());
        keySource.set("Current key: " + done.keySource() + " (now encrypting with id " + done.toKeyId() + ")");
        message.set(done.environmentChange().isPresent()
                ? "The rotation is committed. Both keys keep working until you set the variable, restart and confirm."
                : "The rotation is committed; the previous key stays decrypt-only until you confirm.");
    }

    private void undo(String what) {
        KeyRotation held = rotation;
        generation++;
        held.requestCancel();
        running.set(true);
        progress.set(-1);
        progressText.set(what.equals("Cancelled") ? "Cancelling\u2026" : "Rolling back\u2026");
        update();
        int started = generation;
        executor.run(() -> {
            try {
                return held.rollback(); // waits for the running step to stop
            } finally {
                held.close();
            }
        }, undone -> {
            if (started != generation) {
                return;
            }
            reset();
            message.set(what + ": " + undone.message());
            loadHistory();
        }, failure -> {
            if (started != generation) {
                return;
            }
            reset();
            error.set(ErrorMessages.oneLine(failure));
        });
    }

    private void reset() {
        generation++;
        rotation = null;
        backedUp = false;
        committed = false;
        stepDone = false;
        running.set(false);
        failed.set(false);
        preflighted.set(false);
        preflightText.set("");
        notices.clear();
        undecryptable.clear();
        undecryptableChoice.set(UndecryptableChoice.UNDECIDED);
        keyMode.set(KeyMode.GENERATE);
        pastedKey.set("");
        newKeyId.set("");
        shownKey.set("");
        backupFolder.set("");
        resultText.set("");
        summary.clear();
        environmentVariable.set("");
        environmentCommand.set("");
        error.set("");
        message.set("");
        progress.set(0);
        progressText.set("");
        pendingRollback.set(null);
        rollbackConfirmText.set("");
        current.set(WizardStep.PREFLIGHT);
        update();
    }

    /** Called on the worker thread: keeps the latest figures and queues one FX update at a time. */
    private void reportProgress(KeyRotation.Step step, int done, int total) {
        latestProgress.set(new int[] {step.ordinal(), done, total});
        if (progressQueued.compareAndSet(false, true)) {
            fx.execute(() -> {
                progressQueued.set(false);
                int[] latest = latestProgress.get();
                if (latest == null || !running.get()) {
                    return;
                }
                KeyRotation.Step reported = KeyRotation.Step.values()[latest[0]];
                progress.set(latest[2] <= 0 ? -1 : (double) latest[1] / latest[2]);
                progressText.set(verb(reported) + " " + latest[1] + " of " + latest[2]);
            });
        }
    }

    private static String verb(KeyRotation.Step step) {
        return switch (step) {
            case PREFLIGHT -> "Checked";
            case BACKUP -> "Backup part";
            case REENCRYPT -> "Re-encrypted";
            case VERIFY -> "Verified";
            case COMMIT -> "Commit part";
            case ROLLBACK -> "Restored";
            case NEW_KEY -> "Key";
        };
    }

    private static String problemOf(String pasted) {
        if (pasted == null || pasted.isBlank()) {
            return "";
        }
        try {
            KeyRotation.checkStrength(pasted.strip());
            return "";
        } catch (IllegalArgumentException weak) {
            String text = weak.getMessage();
            return Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".";
        }
    }

    private static String recoveryLine(KeyRotations.Recovery recovery) {
        String what = switch (recovery.outcome()) {
            case FINISHED -> "An interrupted key rotation was finished.";
            case ROLLED_BACK -> "An interrupted key rotation was rolled back.";
            case CLEANED -> "Files an interrupted key rotation left behind were removed.";
        };
        return what + " " + recovery.message();
    }

    private void showStatus(KeyRotations.Status status) {
        confirmable.set(status.environmentChange().isPresent() || status.previousKeyFile().isPresent());
        keySource.set("Current key: " + status.keySource() + " (id " + status.keyId() + ")");
    }

    private void showHistory(List<KeyRotations.PastRotation> past) {
        List<HistoryRow> rows = new ArrayList<>();
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
            rows.add(new HistoryRow(backup.folder(), WHEN.format(backup.takenAt()), keys, standing,
                    each.standing() == KeyRotations.PastRotation.Standing.AWAITING_CONFIRMATION,
                    each.mustSetFirst().orElse(""), each.environmentChange().map(EnvironmentChange::shellCommand).orElse("")));
        }
        if (!rows.equals(history)) {
            history.setAll(rows);
        }
        historyLoaded.set(true);
        HistoryRow pending = pendingRollback.get();
        if (pending != null && rows.stream().noneMatch(row -> row.folder().equals(pending.folder()))) {
            cancelRollbackTo();
        }
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

    private static String startupLine(KeyRotations.Recovery recovery) {
        boolean rollback = recovery.entry() != null && recovery.entry().kind() == RotationJournal.Kind.ROLLBACK;
        return switch (recovery.outcome()) {
            case FINISHED -> rollback ? "At start-up, an interrupted rollback to a backup was finished; see Key rotation."
                    : "At start-up, an interrupted key rotation was finished: the new key is in use; see Key rotation.";
            case ROLLED_BACK -> "At start-up, an interrupted key rotation was rolled back: the key is unchanged; see Key rotation.";
            case CLEANED -> "At start-up, files an interrupted key rotation left behind were removed; nothing had changed.";
        };
    }

    private static String waitingLine(EnvironmentChange change) {
        return "A rotation waits for " + change.variable() + " to be set to the new key (" + change.shellCommand()
                + "). Set it, restart SimpleTuner and SecretDesk, then confirm.";
    }

    /** Recomputes the step list and which commands are enabled. */
    private void update() {
        WizardStep at = current.get();
        List<StepItem> items = new ArrayList<>();
        for (WizardStep step : WizardStep.values()) {
            StepState state;
            if (step.ordinal() < at.ordinal()) {
                state = StepState.DONE;
            } else if (step.ordinal() > at.ordinal()) {
                state = StepState.WAITING;
            } else if (running.get()) {
                state = StepState.RUNNING;
            } else if (failed.get()) {
                state = StepState.FAILED;
            } else if (stepDone && at != WizardStep.PREFLIGHT && at != WizardStep.NEW_KEY) {
                state = StepState.DONE;
            } else {
                state = StepState.CURRENT;
            }
            items.add(new StepItem(step, state));
        }
        if (!items.equals(steps)) {
            steps.setAll(items);
        }
        boolean idle = !running.get();
        boolean valid = switch (at) {
            case PREFLIGHT -> preflighted.get() && (undecryptable.isEmpty()
                    || undecryptableChoice.get() == UndecryptableChoice.LEAVE_UNTOUCHED);
            case NEW_KEY -> keyMode.get() == KeyMode.GENERATE ? !newKeyId.get().isEmpty()
                    : !pastedKey.get().isBlank() && pastedKeyProblem.get().isEmpty();
            case BACKUP, REENCRYPT, VERIFY -> stepDone;
            case COMMIT -> rotation != null && !failed.get();
            case SUMMARY -> false;
        };
        canNext.set(idle && valid && rotation != null);
        canBack.set(idle && at == WizardStep.NEW_KEY);
        canCancel.set(rotation != null && !committed && at != WizardStep.SUMMARY && !(running.get() && at == WizardStep.COMMIT)
                && !progressText.get().startsWith("Cancelling") && !progressText.get().startsWith("Rolling back"));
        canRollback.set(idle && backedUp && !committed && rotation != null);
        nextLabel.set(at == WizardStep.COMMIT ? "Commit" : "Next");
        // A rotation in progress holds the rotation lock; after its commit the lock is released.
        canRollbackToBackup.set(idle && (rotation == null || committed));
        canConfirmRollback.set(canRollbackToBackup.get() && pendingRollback.get() != null
                && pendingRollback.get().mustSetFirst().isEmpty());
    }

    @Override
    public String toString() {
        return "RotationViewModel[" + current.get() + "]";
    }
}
