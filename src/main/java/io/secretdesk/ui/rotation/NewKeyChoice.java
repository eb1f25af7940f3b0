package io.secretdesk.ui.rotation;

import io.secretdesk.core.rotation.KeyRotation;
import io.secretdesk.ui.rotation.WizardViewModel.KeyMode;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The wizard's New key step: generate or paste, the pasted key's strength problem, the chosen key's id, and the
 * new key while it may be seen. Part of the {@link WizardViewModel}, which runs the work; call on the FX thread.
 */
public final class NewKeyChoice {

    private final ObjectProperty<KeyMode> keyMode = new SimpleObjectProperty<>(this, "keyMode", KeyMode.GENERATE);
    private final StringProperty pastedKey = new SimpleStringProperty(this, "pastedKey", "");
    private final ReadOnlyStringWrapper pastedKeyProblem = new ReadOnlyStringWrapper(this, "pastedKeyProblem", "");
    private final ReadOnlyStringWrapper newKeyId = new ReadOnlyStringWrapper(this, "newKeyId", "");
    private final ReadOnlyStringWrapper shownKey = new ReadOnlyStringWrapper(this, "shownKey", "");
    private final StringBinding keyIdText = Bindings.createStringBinding(
            () -> keyMode.get() == KeyMode.PASTE || newKeyId.get().isEmpty() ? "" : "New key id: " + newKeyId.get(),
            keyMode, newKeyId);

    /**
     * @param pastedChanged runs after the pasted key changed (and its problem was checked)
     * @param modeChanged   runs after generate/paste was switched
     */
    NewKeyChoice(Runnable pastedChanged, Runnable modeChanged) {
        pastedKey.addListener((obs, old, now) -> {
            pastedKeyProblem.set(problemOf(now));
            pastedChanged.run();
        });
        keyMode.addListener((obs, old, now) -> modeChanged.run());
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

    /**
     * The new key's id as the New key step shows it: the generated key's while generating; nothing while pasting (the
     * pasted key's id is known once Next takes it, and a generated key is not used then).
     */
    public StringBinding keyIdText() {
        return keyIdText;
    }

    /** The new key while it may be seen (its step, or revealed on request); empty otherwise. */
    public ReadOnlyStringProperty shownKeyProperty() {
        return shownKey.getReadOnlyProperty();
    }

    boolean pasting() {
        return keyMode.get() == KeyMode.PASTE;
    }

    boolean chosen() {
        return !newKeyId.get().isEmpty();
    }

    /** Whether Next may leave the step: a generated key exists, or a pasted key passes the strength rules. */
    boolean ready() {
        return pasting() ? !pastedKey.get().isBlank() && pastedKeyProblem.get().isEmpty() : chosen();
    }

    String pasted() {
        return pastedKey.get();
    }

    /** The rotation took the key: remember its id. */
    void took(KeyRotation.NewKey key) {
        newKeyId.set(key.keyId());
    }

    /** A pasted key leaves the field once the rotation has it. */
    void clearPasted() {
        pastedKey.set("");
    }

    /** A new preflight forgets the key chosen before. */
    void forget() {
        newKeyId.set("");
    }

    void show(String value) {
        shownKey.set(value);
    }

    void hide() {
        shownKey.set("");
    }

    void clear() {
        keyMode.set(KeyMode.GENERATE);
        pastedKey.set("");
        newKeyId.set("");
        shownKey.set("");
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
}
