package io.secretdesk.ui.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * Every place the console shows a secret in clear, with one timeout: a {@link Reveal} is masked again when its time
 * is up, and {@link #hideAll()} masks every one at once (the idle lock). One instance serves the whole console, so a
 * secret revealed on any page is covered by the same timeout and the same lock.
 *
 * <p>Only revealed reveals are held (strongly, until they hide), so a row or field nobody shows any more is never kept
 * alive by this. The clock and the ticking are passed in, so it is tested without a toolkit and without waiting.
 * Call everything on the FX thread.
 */
public final class Reveals {

    /** How long a revealed value stays visible unless configured otherwise. */
    public static final Duration DEFAULT_REVEAL_FOR = Duration.ofSeconds(10);

    static final Duration TICK = Duration.ofMillis(250);

    private final LongSupplier nanoTime;
    private final ClipboardGuard.Repeater repeater;
    private final Duration revealFor;
    private final List<Reveal> shown = new ArrayList<>();
    private Runnable stopTicking;

    /**
     * @param nanoTime  a monotonic clock in nanoseconds ({@code System::nanoTime} in the console)
     * @param repeater  ticks the countdowns on the FX thread
     * @param revealFor how long a reveal lasts; positive
     */
    public Reveals(LongSupplier nanoTime, ClipboardGuard.Repeater repeater, Duration revealFor) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.repeater = Objects.requireNonNull(repeater, "repeater");
        this.revealFor = Objects.requireNonNull(revealFor, "revealFor");
        if (revealFor.isNegative() || revealFor.isZero()) {
            throw new IllegalArgumentException("The reveal time must be positive, got " + revealFor.toSeconds() + " s");
        }
    }

    /** The console's: system time, ticking on a JavaFX timeline. */
    public static Reveals onFxThread(Duration revealFor) {
        return new Reveals(System::nanoTime, FxClipboard::every, revealFor);
    }

    /** A new reveal, masked. */
    public Reveal create() {
        return new Reveal();
    }

    /** The clock the reveals are timed by, for other console timers (the idle lock). */
    public LongSupplier clock() {
        return nanoTime;
    }

    /** The ticking the reveals use, for other console timers (the idle lock). */
    public ClipboardGuard.Repeater repeater() {
        return repeater;
    }

    /** A page's {@link Notice}, timed by the same clock and ticking. */
    public Notice newNotice() {
        return new Notice(nanoTime, repeater);
    }

    /** How long a reveal lasts. */
    public Duration revealFor() {
        return revealFor;
    }

    /** Masks every revealed value now (the idle lock, a window minimised); returns how many were shown. */
    public int hideAll() {
        List<Reveal> all = List.copyOf(shown);
        all.forEach(Reveal::hide);
        return all.size();
    }

    /** How many values are shown in clear now. */
    public int shownCount() {
        return shown.size();
    }

    void tick() {
        long now = nanoTime.getAsLong();
        for (Reveal reveal : List.copyOf(shown)) {
            reveal.tick(now);
        }
    }

    private void started(Reveal reveal) {
        if (!shown.contains(reveal)) {
            shown.add(reveal);
        }
        if (stopTicking == null) {
            stopTicking = repeater.every(TICK, this::tick);
        }
    }

    private void ended(Reveal reveal) {
        shown.remove(reveal);
        if (shown.isEmpty() && stopTicking != null) {
            stopTicking.run();
            stopTicking = null;
        }
    }

    /** One secret's shown-or-masked state with its countdown; holds no value (its owner swaps the text). */
    public final class Reveal {
        private final ReadOnlyBooleanWrapper revealed = new ReadOnlyBooleanWrapper(this, "revealed", false);
        private final ReadOnlyIntegerWrapper secondsLeft = new ReadOnlyIntegerWrapper(this, "secondsLeft", 0);
        private long hideAt;

        private Reveal() {
        }

        /** Shows the value for {@link #revealFor()} from now (again from now if it is shown). */
        public void show() {
            long now = nanoTime.getAsLong();
            hideAt = now + revealFor.toNanos();
            revealed.set(true);
            started(this);
            tick(now);
        }

        /** Masks the value now. */
        public void hide() {
            ended(this);
            secondsLeft.set(0);
            revealed.set(false);
        }

        /** Shows a masked value, masks a shown one. */
        public void toggle() {
            if (revealed.get()) {
                hide();
            } else {
                show();
            }
        }

        void tick(long now) {
            if (!revealed.get()) {
                return;
            }
            long left = hideAt - now;
            if (left <= 0) {
                hide();
            } else {
                secondsLeft.set((int) Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L));
            }
        }

        /** How long a reveal lasts. */
        public Duration lasts() {
            return revealFor;
        }

        /** Whether the value is shown in clear. */
        public ReadOnlyBooleanProperty revealedProperty() {
            return revealed.getReadOnlyProperty();
        }

        public boolean isRevealed() {
            return revealed.get();
        }

        /** Whole seconds until the value is masked again, rounded up; 0 while masked. */
        public ReadOnlyIntegerProperty secondsLeftProperty() {
            return secondsLeft.getReadOnlyProperty();
        }
    }
}
