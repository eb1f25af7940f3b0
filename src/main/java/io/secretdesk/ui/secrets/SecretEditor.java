package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.core.services.SecretWrites;
import io.secretdesk.ui.common.UiExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The add/edit form of the Secrets view: a key and a value for the secrets file, checked as they are typed, with
 * a warning when a source ahead of the file (an environment variable) would keep winning, and the save itself. Adding a
 * key that a source already holds asks first ("replace?") and says where it is; the write is then based on what that
 * check read, so a key someone else wrote meanwhile is a conflict, never replaced unseen.
 *
 * <p>The value is held only while the form is open; closing it clears the field. Call on the FX thread.
 */
public final class SecretEditor {

    /** Whether the form is closed, adding a new key, or setting a new value for a known key. */
    public enum Mode { CLOSED, ADD, EDIT }

    /** A save that went through: what it wrote, and why its audit entry is missing (null when it was appended). */
    record Saved(SecretsManager.WriteOutcome outcome, String auditProblem) {
    }

    private final UiExecutor executor;
    private final Supplier<SecretsManager> secrets;
    private final SecretWrites writes;
    private final Function<String, SecretRow> rowByKey;
    private final Consumer<Saved> onSaved;

    private final ReadOnlyObjectWrapper<Mode> mode = new ReadOnlyObjectWrapper<>(this, "mode", Mode.CLOSED);
    private final StringProperty key = new SimpleStringProperty(this, "key", "");
    private final StringProperty value = new SimpleStringProperty(this, "value", "");
    private final ReadOnlyStringWrapper keyProblem = new ReadOnlyStringWrapper(this, "keyProblem", "");
    private final ReadOnlyStringWrapper valueProblem = new ReadOnlyStringWrapper(this, "valueProblem", "");
    private final ObservableList<String> hints = FXCollections.observableArrayList();
    private final ObservableList<String> hintsView = FXCollections.unmodifiableObservableList(hints);
    private final ReadOnlyStringWrapper shadowWarning = new ReadOnlyStringWrapper(this, "shadowWarning", "");
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving", false);
    private final ReadOnlyStringWrapper replaceQuestion = new ReadOnlyStringWrapper(this, "replaceQuestion", "");
    /** What the existence check read, while {@link #replaceQuestion} asks; the basis of the write if confirmed. */
    private SecretWrites.Existing asked;
    private final BooleanBinding canSave;

    private boolean keyTouched;
    private boolean valueTouched;
    /** Set when the key changed while a shadow check was running: check again for the newest key when it ends. */
    private boolean checkAgain;
    /** Set when Save was asked for while the shadow check ran: it goes ahead once the check ends, unless it warns. */
    private boolean saveAfterCheck;

    SecretEditor(UiExecutor executor, Supplier<SecretsManager> secrets, SecretWrites writes,
                 Function<String, SecretRow> rowByKey, Consumer<Saved> onSaved) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.rowByKey = Objects.requireNonNull(rowByKey, "rowByKey");
        this.onSaved = Objects.requireNonNull(onSaved, "onSaved");
        // Not while the shadow check runs: its warning must be on screen before anything is written.
        canSave = Bindings.createBooleanBinding(
                () -> mode.get() != Mode.CLOSED && !saving.get() && !checking.get() && replaceQuestion.get().isEmpty()
                        && TokenHints.keyProblem(key.get()) == null && TokenHints.valueProblem(value.get()) == null,
                mode, saving, checking, replaceQuestion, key, value);
        key.addListener((obs, old, now) -> {
            if (mode.get() == Mode.CLOSED) {
                return;
            }
            keyTouched = true;
            error.set("");
            dropQuestion(); // asked about another key
            validate();
            shadowWarning.set("");
            if (TokenHints.keyProblem(now) == null) {
                checkShadow();
            }
        });
        value.addListener((obs, old, now) -> {
            if (mode.get() == Mode.CLOSED) {
                return;
            }
            valueTouched = true;
            error.set("");
            dropQuestion();
            validate();
        });
    }

    void openAdd() {
        open(Mode.ADD, "");
    }

    void openEdit(SecretRow row) {
        open(Mode.EDIT, row.key());
    }

    private void open(Mode newMode, String newKey) {
        close();
        mode.set(newMode);
        keyTouched = false;
        valueTouched = false;
        key.set(newKey); // an edit's key starts the shadow check through the listener
        validate();
    }

    /** Closes the form and forgets what was typed, the value first. */
    public void cancel() {
        close();
    }

    private void close() {
        mode.set(Mode.CLOSED);
        value.set("");
        key.set("");
        keyProblem.set("");
        valueProblem.set("");
        hints.clear();
        shadowWarning.set("");
        error.set("");
        dropQuestion();
        checkAgain = false;
        saveAfterCheck = false;
    }

    private void dropQuestion() {
        asked = null;
        replaceQuestion.set("");
    }

    private void validate() {
        String k = key.get();
        String v = value.get();
        keyProblem.set(keyTouched ? nullToEmpty(TokenHints.keyProblem(k)) : "");
        valueProblem.set(valueTouched ? nullToEmpty(TokenHints.valueProblem(v)) : "");
        List<String> now = new ArrayList<>(TokenHints.hints(k, v));
        SecretRow row = TokenHints.keyProblem(k) == null ? rowByKey.apply(k) : null;
        if (row != null && ProviderId.of(row.source()).filter(ProviderId::remote).isPresent()) {
            now.add("Saving here overrides the value from " + row.source() + ": the file comes before it in the chain.");
        }
        if (!now.equals(hints)) {
            hints.setAll(now);
        }
    }

    /** Asks, in the background, whether a source ahead of the file holds the key; the newest key wins, one check at a time. */
    private void checkShadow() {
        if (checking.get()) {
            checkAgain = true;
            return;
        }
        String asked = key.get();
        checking.set(true);
        executor.run(() -> secrets.get().winnerAbove(asked, ProviderId.FILE), shadow -> {
            checking.set(false);
            if (mode.get() != Mode.CLOSED && asked.equals(key.get())) {
                shadowWarning.set(shadow.map(s -> warning(asked, s)).orElse(""));
            }
            recheckIfChanged(asked);
            saveIfWaiting();
        }, failure -> {
            checking.set(false);
            if (mode.get() != Mode.CLOSED && asked.equals(key.get())) {
                shadowWarning.set("Could not check whether another source overrides " + asked + ": "
                        + ErrorMessages.oneLine(failure));
            }
            recheckIfChanged(asked);
            saveIfWaiting();
        });
    }

    /**
     * Runs a save asked for during the check once the check for the current key is done. When the check warns
     * (another source wins, or it could not tell), the save is dropped instead: the user reads the warning and
     * saves again.
     */
    private void saveIfWaiting() {
        if (!saveAfterCheck || checking.get()) {
            return;
        }
        saveAfterCheck = false;
        if (shadowWarning.get().isEmpty()) {
            save();
        }
    }

    private void recheckIfChanged(String asked) {
        boolean again = checkAgain;
        checkAgain = false;
        if (again && mode.get() != Mode.CLOSED && !asked.equals(key.get()) && TokenHints.keyProblem(key.get()) == null) {
            checkShadow();
        }
    }

    /** What the form says when {@code shadow}, a source ahead of the file, holds {@code key} (core's winnerAbove). */
    static String warning(String key, Resolution.Outcome shadow) {
        if (shadow.is(ProviderId.ENV)) {
            String variable = shadow.location().replaceFirst("^variable ", "");
            return "The environment variable " + variable + " is set and wins over the secrets file: saving here "
                    + "changes the file, but " + key + " keeps its environment value until " + variable + " is unset.";
        }
        return "The " + shadow.provider() + " source (" + shadow.location() + ") comes before the secrets file and holds "
                + key + ": it keeps winning after you save.";
    }

    /**
     * Writes the key and value to the secrets file in the background and appends a {@code secret.set} audit entry
     * (key and file, never the value); refuses (and says why) when either is missing or invalid. While the check for
     * a source that would shadow the key runs, the save waits for it, and is dropped if the check warns.
     */
    public void save() {
        if (mode.get() == Mode.CLOSED || saving.get()) {
            return;
        }
        if (checking.get()) {
            saveAfterCheck = true;
            return;
        }
        keyTouched = true;
        valueTouched = true;
        validate();
        if (!keyProblem.get().isEmpty() || !valueProblem.get().isEmpty()) {
            error.set(!keyProblem.get().isEmpty() ? keyProblem.get() : valueProblem.get());
            return;
        }
        String k = key.get();
        String v = value.get();
        saving.set(true);
        error.set("");
        if (mode.get() == Mode.ADD) {
            executor.run(() -> writes.existing(k), existing -> {
                saving.set(false);
                if (mode.get() != Mode.ADD || !k.equals(key.get()) || !v.equals(value.get())) {
                    return; // the form changed while the check ran: the user saves again
                }
                if (existing.exists()) {
                    asked = existing;
                    replaceQuestion.set(question(existing));
                } else {
                    write(k, v, existing);
                }
            }, failure -> {
                saving.set(false);
                error.set("Not saved: " + ErrorMessages.oneLine(failure)); // e.g. the file is malformed: nothing is lost
            });
            return;
        }
        write(k, v, null);
    }

    /** The question an "Add" of a key that exists asks: where it is (never its values), and what saving does. */
    static String question(SecretWrites.Existing existing) {
        String unanswered = existing.unansweredText();
        return existing.key() + " already exists in " + existing.where() + ". Replace it with the value you typed? Saving"
                + " writes it to the secrets file" + (unanswered.isEmpty() ? "." : "; " + unanswered + ".");
    }

    /** Writes after the "replace?" question was answered yes; the write is refused if the key changed since the check. */
    public void confirmReplace() {
        SecretWrites.Existing basis = asked;
        if (basis == null || saving.get() || mode.get() != Mode.ADD) {
            return;
        }
        String k = key.get();
        String v = value.get();
        dropQuestion();
        saving.set(true);
        write(k, v, basis);
    }

    /** Answers the "replace?" question no: nothing is written, the form stays open with what was typed. */
    public void cancelReplace() {
        dropQuestion();
    }

    private void write(String k, String v, SecretWrites.Existing basis) {
        saving.set(true);
        error.set("");
        executor.run(() -> {
            // The core write: refused before anything is written when it could not be audited.
            return new Saved(writes.set(k, v, basis), null);
        }, saved -> {
            saving.set(false);
            close();
            onSaved.accept(saved);
        }, failure -> {
            saving.set(false);
            // Nothing is lost: the form stays open with what was typed.
            error.set("Not saved: " + ErrorMessages.oneLine(failure));
        });
    }

    /** Whether the form is open with a value typed in and not saved yet: quitting would lose it. */
    public boolean hasUnsavedValue() {
        return mode.get() != Mode.CLOSED && value.get() != null && !value.get().isEmpty();
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode.getReadOnlyProperty();
    }

    /** The key; editable only when adding. */
    public StringProperty keyProperty() {
        return key;
    }

    /** The value being typed; cleared when the form closes. */
    public StringProperty valueProperty() {
        return value;
    }

    /** Why the key cannot be saved; empty when it can, or before the key was typed in. */
    public ReadOnlyStringProperty keyProblemProperty() {
        return keyProblem.getReadOnlyProperty();
    }

    /** Why the value cannot be saved; empty when it can, or before the value was typed in. */
    public ReadOnlyStringProperty valueProblemProperty() {
        return valueProblem.getReadOnlyProperty();
    }

    /** Warnings that do not stop a save: token formats, case of known keys, what the file will override. */
    public ObservableList<String> hints() {
        return hintsView;
    }

    /** Says that a source ahead of the file (an environment variable) holds the key and will keep winning; empty when none does. */
    public ReadOnlyStringProperty shadowWarningProperty() {
        return shadowWarning.getReadOnlyProperty();
    }

    /** Whether the shadow check is running. */
    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    /** Why the last save failed, or was refused, in one line; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The "replace?" question of an Add whose key a source holds (where it is, never a value); empty when not asking. */
    public ReadOnlyStringProperty replaceQuestionProperty() {
        return replaceQuestion.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** Whether Save can run now: a valid key and a value, no shadow check running, and no save in flight. */
    public BooleanBinding canSave() {
        return canSave;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    @Override
    public String toString() {
        return "SecretEditor[" + mode.get() + " " + key.get() + "]";
    }
}
