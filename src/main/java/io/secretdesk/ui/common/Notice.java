package io.secretdesk.ui.common;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A page's one-line notice (what the last action did, or why it failed), shown as a toast that never moves the page:
 * one at a time (a new one replaces the old), gone by itself after a while unless it is an error, and gone when the page
 * is left or the theme changes ({@link #dismiss()}). Toolkit-free; the clock and ticking are passed in. FX thread only.
 */
public final class Notice {

    /** How a notice is coloured, and how long it stays. */
    public enum Kind {
        NONE(Duration.ZERO), INFO(Duration.ofSeconds(6)), SUCCESS(Duration.ofSeconds(6)),
        WARNING(Duration.ofSeconds(15)), ERROR(Duration.ZERO);

        private final Duration stays;

        Kind(Duration stays) {
            this.stays = stays;
        }

        /** How long a notice of this kind stays; zero for one that stays until dismissed (an error). */
        public Duration stays() {
            return stays;
        }

        public String styleClass() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final LongSupplier nanoTime;
    private final ClipboardGuard.Repeater repeater;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyObjectWrapper<Kind> kind = new ReadOnlyObjectWrapper<>(this, "kind", Kind.NONE);
    private long goesAt;
    private Runnable stopTicking;

    public Notice(LongSupplier nanoTime, ClipboardGuard.Repeater repeater) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.repeater = Objects.requireNonNull(repeater, "repeater");
    }

    /** Shows {@code message} (replacing any notice); an empty message or {@link Kind#NONE} dismisses. */
    public void say(Kind kind, String message) {
        stop();
        if (kind == Kind.NONE || message == null || message.isEmpty()) {
            text.set("");
            this.kind.set(Kind.NONE);
            return;
        }
        text.set(message);
        this.kind.set(kind);
        if (!kind.stays().isZero()) {
            goesAt = nanoTime.getAsLong() + kind.stays().toNanos();
            stopTicking = repeater.every(Duration.ofMillis(500), this::tick);
        }
    }

    /** Removes the notice now. */
    public void dismiss() {
        say(Kind.NONE, "");
    }

    void tick() {
        if (stopTicking != null && nanoTime.getAsLong() - goesAt >= 0) {
            dismiss();
        }
    }

    private void stop() {
        if (stopTicking != null) {
            stopTicking.run();
            stopTicking = null;
        }
    }

    /** The notice; empty when there is none. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Kind> kindProperty() {
        return kind.getReadOnlyProperty();
    }
}
