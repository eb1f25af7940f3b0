package io.secretdesk.ui.common;

import io.secretdesk.core.secrets.Masking;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One secret as the console shows it, read-only: masked by default, shown in clear only while its {@link Reveals.Reveal}
 * lasts, its whole value in a popover only while revealed, and copied only through the {@link ClipboardGuard}. What
 * {@link io.secretdesk.ui.common.SecretField} displays; tested without a toolkit.
 *
 * <p>{@link #toString()} never includes the value. Call on the FX thread.
 */
public final class SecretValue {

    private final String what;
    private final String value;
    private final String masked;
    private final Reveals.Reveal reveal;
    private final ClipboardGuard clipboard;
    private final ReadOnlyStringWrapper shown;
    private final ReadOnlyBooleanWrapper wholeShown = new ReadOnlyBooleanWrapper(this, "wholeShown", false);
    private Runnable onUse = () -> { };

    /**
     * @param what      names the secret for the clipboard countdown (a key, "webhook secret"); never the value
     * @param value     the value; null when there is none (nothing to reveal or copy)
     * @param reveals   the console's reveals
     * @param clipboard the console's clipboard guard
     */
    public SecretValue(String what, String value, Reveals reveals, ClipboardGuard clipboard) {
        this.what = Objects.requireNonNull(what, "what");
        this.value = value;
        this.masked = value == null ? "—" : Masking.mask(value);
        this.reveal = reveals.create();
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
        this.shown = new ReadOnlyStringWrapper(this, "shown", masked);
        reveal.revealedProperty().addListener((obs, was, now) -> {
            shown.set(now ? value : masked);
            if (!now) {
                wholeShown.set(false);
            }
        });
    }

    /** The name given for the clipboard countdown. */
    public String what() {
        return what;
    }

    /** Whether there is a value to reveal or copy. */
    public boolean hasValue() {
        return value != null;
    }

    /** The masked form, e.g. {@code hf_••••••••}; "—" when there is no value. */
    public String masked() {
        return masked;
    }

    /** What to show: the mask, or the value while revealed. */
    public ReadOnlyStringProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The reveal with its countdown. */
    public Reveals.Reveal reveal() {
        return reveal;
    }

    /** Runs {@code action} after each reveal and copy (the Secrets page checks the value is still current). */
    public void onUse(Runnable action) {
        this.onUse = action == null ? () -> { } : action;
    }

    /** Shows the value for the reveal time, or masks it at once if shown. */
    public void toggleReveal() {
        if (value != null) {
            reveal.toggle();
            if (reveal.isRevealed()) {
                onUse.run();
            }
        }
    }

    /**
     * Shows the whole value in a popover (revealing it, for the reveal time, if masked); the popover goes when the
     * value is masked again, by its timeout, a click on the eye, or the idle lock.
     */
    public void showWhole() {
        if (value == null) {
            return;
        }
        if (!reveal.isRevealed()) {
            reveal.show();
            onUse.run();
        }
        wholeShown.set(true);
    }

    /** Closes the whole-value popover; the value stays revealed until its countdown ends. */
    public void closeWhole() {
        wholeShown.set(false);
    }

    /** Whether the whole-value popover is open. */
    public ReadOnlyBooleanProperty wholeShownProperty() {
        return wholeShown.getReadOnlyProperty();
    }

    /** Puts the value on the clipboard, without showing it, for the guard's countdown; returns false with no value. */
    public boolean copy() {
        if (value == null) {
            return false;
        }
        clipboard.copy(what, value);
        onUse.run();
        return true;
    }

    /** The value, for the one caller that must hand it on (the table's row); package-private. */
    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "SecretValue[" + what + " " + masked + (reveal.isRevealed() ? " revealed" : "") + "]";
    }
}
