package io.secretdesk.ui.rotation;

import io.secretdesk.core.rotation.KeyRotation;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Key Rotation wizard: which step is current and how it stands, what each step found, and the Back /
 * Next / Cancel / Roll back commands, over one {@link KeyRotation} at a time. Part of the page's
 * {@link RotationViewModel}; running, progress and errors are the page's.
 *
 * <p>Every call into core runs through the page's executor; progress reported by the rotation's listener
 * on the worker thread reaches the page through a {@link ProgressRelay}. Properties change only on the FX
 * thread. The new key is held only by the rotation: this model
 * shows it while its step is current or when the operator asks, and never puts it in a message.
 */
public final class WizardViewModel {

    /** How a step stands, as the side list shows it. */
    public enum StepState { WAITING, CURRENT, RUNNING, DONE, FAILED }

    /** One row of the side list. */
    public record StepItem(WizardStep step, StepState state) {
    }

    /** What the operator chose for credentials that do not decrypt with the current key. */
    public enum UndecryptableChoice { UNDECIDED, STOP, LEAVE_UNTOUCHED }

    /** How the new key is chosen. */
    public enum KeyMode { GENERATE, PASTE }

    static final String PREVIOUS_KEY_LINE = "Previous key (decrypt-only until confirmed): ";

    private final RotationPage page;
    private final ClipboardGuard clipboard;

    private final ReadOnlyObjectWrapper<WizardStep> current = new ReadOnlyObjectWrapper<>(this, "current", WizardStep.PREFLIGHT);
    private final ObservableList<StepItem> steps = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed", false);

    private final ReadOnlyBooleanWrapper preflighted = new ReadOnlyBooleanWrapper(this, "preflighted", false);
    private final ReadOnlyStringWrapper preflightText = new ReadOnlyStringWrapper(this, "preflightText", "");
    private final ObservableList<String> notices = FXCollections.observableArrayList();
    private final ObservableList<String> undecryptable = FXCollections.observableArrayList();
    private final ObjectProperty<UndecryptableChoice> undecryptableChoice =
            new SimpleObjectProperty<>(this, "undecryptableChoice", UndecryptableChoice.UNDECIDED);

    private final NewKeyChoice newKey;
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

    // Made once and kept: an unmodifiable view holds only a weak listener on its list, so a view made per
    // call could be collected along with the listeners the controller added to it.
    private final ObservableList<StepItem> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final ObservableList<String> noticesView = FXCollections.unmodifiableObservableList(notices);
    private final ObservableList<String> undecryptableView = FXCollections.unmodifiableObservableList(undecryptable);
    private final ObservableList<String> summaryView = FXCollections.unmodifiableObservableList(summary);

    /** Takes the rotation's progress from its worker thread to the page. */
    private final ProgressRelay progressRelay;

    private KeyRotation rotation;
    private boolean stepDone;
    private boolean backedUp;
    private boolean committed;

    WizardViewModel(RotationPage page, ClipboardGuard clipboard) {
        this.page = page;
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
        this.progressRelay = new ProgressRelay(page);
        this.newKey = new NewKeyChoice(page::update, () -> {
            page.error.set("");
            page.update();
        });
        undecryptableChoice.addListener((obs, old, now) -> {
            if (now == UndecryptableChoice.STOP) {
                cancel();
            } else {
                page.update();
            }
        });
    }

    // ---- commands ----

    /** Runs the preflight (starting a rotation, which holds the rotation lock until it ends). */
    public void runPreflight() {
        if (page.running.get() || current.get() != WizardStep.PREFLIGHT) {
            return;
        }
        start(() -> {
            if (rotation == null) {
                rotation = page.service().begin(progressRelay);
            }
            return rotation.preflight();
        }, preflight -> {
            rotation.recovered().ifPresent(recovery -> page.say(Notice.Kind.WARNING,
                    RecoveryReportViewModel.recoveryLine(recovery)));
            preflighted.set(true);
            newKey.forget();
            page.keySource.set("Current key: " + preflight.keySource() + " (id " + preflight.keyId() + ")");
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
                    if (!newKey.chosen() && !newKey.pasting()) {
                        generateKey();
                    } else {
                        stepDone = newKey.chosen();
                    }
                    return false;
                });
            }
            case NEW_KEY -> {
                if (newKey.pasting()) {
                    String pasted = newKey.pasted();
                    start(() -> rotation.useKey(pasted), key -> {
                        newKey.clearPasted();
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
                page.loadHistory();
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
        newKey.hide();
        moveTo(WizardStep.PREFLIGHT);
        stepDone = preflighted.get();
        page.update();
    }

    /** Generates a new key (shown on this step only). */
    public void generateKey() {
        if (current.get() != WizardStep.NEW_KEY || page.running.get()) {
            return;
        }
        start(() -> {
            KeyRotation.NewKey key = rotation.generateKey();
            return new Chosen(key, rotation.revealNewKey());
        }, chosen -> {
            afterKey(chosen.key());
            newKey.show(chosen.value());
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
        if (held == null || !newKey.chosen()) {
            return;
        }
        page.executor.run(held::revealNewKey, newKey::show, failure -> page.error.set(ErrorMessages.oneLine(failure)));
    }

    /** Hides the new key again. */
    public void hideKey() {
        newKey.hide();
    }

    /** Puts the new key on the clipboard through the clipboard guard, without showing it. */
    public void copyNewKey() {
        KeyRotation held = rotation;
        if (held == null || !newKey.chosen()) {
            return;
        }
        String what = environmentVariable.get().isEmpty() ? "new credential key" : environmentVariable.get();
        page.executor.run(held::revealNewKey, value -> clipboard.copy(what, value),
                failure -> page.error.set(ErrorMessages.oneLine(failure)));
    }

    /** Starts a new rotation after a summary. */
    public void startOver() {
        if (page.running.get()) {
            return;
        }
        page.startOver();
    }

    // ---- properties ----

    public ReadOnlyObjectProperty<WizardStep> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** The side list: every step with its state; replaced as a whole on each change. */
    public ObservableList<StepItem> steps() {
        return stepsView;
    }

    public ReadOnlyBooleanProperty preflightedProperty() {
        return preflighted.getReadOnlyProperty();
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

    /** The New key step: generate or paste, the chosen key's id, the key while it may be seen. */
    public NewKeyChoice newKey() {
        return newKey;
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

    // ---- for the page ----

    /** Whether a rotation has begun and not committed: it holds the rotation lock then. */
    boolean holdsRotationLock() {
        return rotation != null && !committed;
    }

    /** Forgets the rotation and everything chosen or found, back at the first step; see {@link RotationPage#startOver()}. */
    void clear() {
        rotation = null;
        backedUp = false;
        committed = false;
        stepDone = false;
        failed.set(false);
        preflighted.set(false);
        preflightText.set("");
        notices.clear();
        undecryptable.clear();
        undecryptableChoice.set(UndecryptableChoice.UNDECIDED);
        newKey.clear();
        backupFolder.set("");
        resultText.set("");
        summary.clear();
        environmentVariable.set("");
        environmentCommand.set("");
        current.set(WizardStep.PREFLIGHT);
    }

    /** The rotation shown in the summary was confirmed: its replaced key files are gone, and nothing waits. */
    void confirmed() {
        summary.removeIf(line -> line.startsWith(PREVIOUS_KEY_LINE));
        environmentVariable.set("");
        environmentCommand.set("");
    }

    /** Recomputes the step list and which of the wizard's commands are enabled. */
    void update() {
        WizardStep at = current.get();
        boolean running = page.running.get();
        List<StepItem> items = new ArrayList<>();
        for (WizardStep step : WizardStep.values()) {
            StepState state;
            if (step.ordinal() < at.ordinal()) {
                state = StepState.DONE;
            } else if (step.ordinal() > at.ordinal()) {
                state = StepState.WAITING;
            } else if (running) {
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
        boolean idle = !running;
        boolean valid = switch (at) {
            case PREFLIGHT -> preflighted.get() && (undecryptable.isEmpty()
                    || undecryptableChoice.get() == UndecryptableChoice.LEAVE_UNTOUCHED);
            case NEW_KEY -> newKey.ready();
            case BACKUP, REENCRYPT, VERIFY -> stepDone;
            case COMMIT -> rotation != null && !failed.get();
            case SUMMARY -> false;
        };
        String progressText = page.progressText.get();
        canNext.set(idle && valid && rotation != null);
        canBack.set(idle && at == WizardStep.NEW_KEY);
        canCancel.set(rotation != null && !committed && at != WizardStep.SUMMARY && !(running && at == WizardStep.COMMIT)
                && !progressText.startsWith("Cancelling") && !progressText.startsWith("Rolling back"));
        canRollback.set(idle && backedUp && !committed && rotation != null);
        nextLabel.set(at == WizardStep.COMMIT ? "Commit" : "Next");
    }

    // ---- internals ----

    /** A generated key; the value only travels from the worker to the New key step's shown key. */
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

    private <T> void start(Callable<T> work, Apply<T> apply) {
        int started = page.generation;
        page.running.set(true);
        failed.set(false);
        page.error.set("");
        page.progress.set(-1);
        page.progressText.set("");
        page.update();
        page.executor.run(work, result -> {
            if (started != page.generation) {
                return;
            }
            page.running.set(false);
            if (apply.apply(result)) {
                stepDone = true;
            }
            page.update();
        }, failure -> {
            if (started != page.generation) {
                return; // a cancel started over meanwhile; its own message says what happened
            }
            page.running.set(false);
            failed.set(true);
            page.error.set(ErrorMessages.oneLine(failure));
            page.update();
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
        newKey.hide(); // the new key is never shown again after its step unless asked
        resultText.set("");
        page.progress.set(0);
        page.progressText.set("");
        page.update();
    }

    private void afterKey(KeyRotation.NewKey key) {
        newKey.took(key);
        stepDone = true;
    }

    private void showSummary(KeyRotation.Summary done) {
        List<String> lines = new ArrayList<>();
        lines.add("Credentials: " + done.credentials() + " stored, " + done.reencrypted() + " re-encrypted, "
                + done.untouched().size() + " left untouched");
        lines.add("Key id: " + done.fromKeyId() + " \u2192 " + done.toKeyId());
        lines.add("Backup folder: " + done.backupFolder());
        done.keyFile().ifPresent(file -> lines.add("Key file: " + file));
        done.previousKeyFile().ifPresent(file -> lines.add(PREVIOUS_KEY_LINE + file));
        if (!done.untouched().isEmpty()) {
            lines.add("Left untouched: " + String.join(", ", done.untouched().stream().map(Object::toString).toList()));
        }
        summary.setAll(lines);
        done.environmentChange().ifPresent(change -> {
            environmentVariable.set(change.variable());
            environmentCommand.set(change.shellCommand());
        });
        page.confirmable.set(done.environmentChange().isPresent() || done.previousKeyFile().isPresent());
        page.keySource.set("Current key: " + done.keySource() + " (now encrypting with id " + done.toKeyId() + ")");
        page.say(Notice.Kind.SUCCESS, done.environmentChange().isPresent()
                ? "The rotation is committed. Both keys keep working until you set the variable, restart and confirm."
                : "The rotation is committed; the previous key stays decrypt-only until you confirm.");
    }

    private void undo(String what) {
        KeyRotation held = rotation;
        page.generation++;
        held.requestCancel();
        page.running.set(true);
        page.progress.set(-1);
        page.progressText.set(what.equals("Cancelled") ? "Cancelling\u2026" : "Rolling back\u2026");
        page.update();
        int started = page.generation;
        page.executor.run(() -> {
            try {
                return held.rollback(); // waits for the running step to stop
            } finally {
                held.close();
            }
        }, undone -> {
            if (started != page.generation) {
                return;
            }
            page.startOver();
            page.say(Notice.Kind.INFO, what + ": " + undone.message());
            page.loadHistory();
        }, failure -> {
            if (started != page.generation) {
                return;
            }
            page.startOver();
            page.error.set(ErrorMessages.oneLine(failure));
        });
    }

    @Override
    public String toString() {
        return "WizardViewModel[" + current.get() + "]";
    }
}
