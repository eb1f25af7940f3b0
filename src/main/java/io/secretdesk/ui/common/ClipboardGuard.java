package io.secretdesk.ui.common;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The console's way to put a secret on the system clipboard: copies without showing it, counts down, and
 * clears the clipboard when the time is up, but only if the clipboard still holds what was copied (so it
 * never wipes something the user copied since).
 *
 * <p>One instance serves the whole console, so a second copy replaces the first and restarts the countdown.
 * The clipboard, the clock and the ticking are passed in, so the logic is tested without a toolkit and
 * without waiting. All methods are called on the FX thread, as are the ticks.
 */
public final class ClipboardGuard {

    /** How long a copied secret stays on the clipboard unless configured otherwise. */
    public static final Duration DEFAULT_CLEAR_AFTER = Duration.ofSeconds(20);

    static final Duration TICK = Duration.ofMillis(250);

    /** The text clipboard the guard writes to and clears. */
    public interface TextClipboard {
        /** The clipboard's current text, or null when it holds none. */
        String text();

        void put(String text);

        void clear();
    }

    /** Runs {@code tick} every {@code period} on the FX thread until the returned action is run. */
    @FunctionalInterface
    public interface Repeater {
        Runnable every(Duration period, Runnable tick);
    }

    private final TextClipboard clipboard;
    private final long clearAfterNanos;
    private final LongSupplier nanoTime;
    private final Repeater repeater;

    private final ReadOnlyIntegerWrapper secondsLeft = new ReadOnlyIntegerWrapper(this, "secondsLeft", 0);
    private final ReadOnlyBooleanWrapper pending = new ReadOnlyBooleanWrapper(this, "pending", false);
    private final ReadOnlyStringWrapper what = new ReadOnlyStringWrapper(this, "what", "");

    private String copied;
    private long deadline;
    private Runnable stopTicking;

    /**
     * @param clipboard  where copies go
     * @param clearAfter how long a copy stays; positive
     * @param nanoTime   a monotonic clock in nanoseconds ({@code System::nanoTime} in the console)
     * @param repeater   what drives the countdown
     */
    public ClipboardGuard(TextClipboard clipboard, Duration clearAfter, LongSupplier nanoTime, Repeater repeater) {
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
        Objects.requireNonNull(clearAfter, "clearAfter");
        if (clearAfter.isNegative() || clearAfter.isZero()) {
            throw new IllegalArgumentException("The clipboard clear-after time must be positive, got " + clearAfter.toSeconds() + " s");
        }
        this.clearAfterNanos = clearAfter.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.repeater = Objects.requireNonNull(repeater, "repeater");
    }

    /** A guard over the system clipboard, ticking with a JavaFX timeline. */
    public static ClipboardGuard onFxThread(Duration clearAfter) {
        return new ClipboardGuard(new FxClipboard(), clearAfter, System::nanoTime, FxClipboard::every);
    }

    /**
     * Puts {@code value} on the clipboard and starts (or restarts) the countdown. {@code what} names the
     * copy for the status bar, for example the key; it must not be the value.
     */
    public void copy(String what, String value) {
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(value, "value");
        clipboard.put(value);
        copied = value;
        deadline = nanoTime.getAsLong() + clearAfterNanos;
        this.what.set(what);
        pending.set(true);
        if (stopTicking == null) {
            stopTicking = repeater.every(TICK, this::tick);
        }
        tick();
    }

    /**
     * Clears the clipboard now if it still holds the last copy, and ends the countdown either way.
     * Returns whether the clipboard was cleared. Also the console's clear-on-exit.
     */
    public boolean clearNow() {
        boolean cleared = false;
        if (copied != null && copied.equals(clipboard.text())) {
            clipboard.clear();
            cleared = true;
        }
        reset();
        return cleared;
    }

    void tick() {
        if (copied == null) {
            return;
        }
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
            clearNow();
        } else {
            secondsLeft.set((int) Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L));
        }
    }

    private void reset() {
        copied = null;
        if (stopTicking != null) {
            stopTicking.run();
            stopTicking = null;
        }
        secondsLeft.set(0);
        pending.set(false);
        what.set("");
    }

    /** Whole seconds until the clipboard is cleared, rounded up; 0 when nothing is pending. */
    public ReadOnlyIntegerProperty secondsLeftProperty() {
        return secondsLeft.getReadOnlyProperty();
    }

    /** Whether a copy is waiting to be cleared. */
    public ReadOnlyBooleanProperty pendingProperty() {
        return pending.getReadOnlyProperty();
    }

    /** What the pending copy is, as given to {@link #copy}; empty when nothing is pending. */
    public ReadOnlyStringProperty whatProperty() {
        return what.getReadOnlyProperty();
    }
}
