package io.secretdesk.ui.shell;

import io.secretdesk.ui.common.ClipboardGuard;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.prefs.Preferences;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The console's lock: after a configurable time without keyboard or mouse input, or when the window is minimised,
 * it runs the lock action (every revealed value masked, the clipboard cleared, notices dismissed) and stays locked until
 * {@link #unlock()}, which only a deliberate action calls (the lock screen's Unlock button). Remembered in the console's
 * settings: {@code lock.idleMinutes} (0 turns the idle lock off) and {@code lock.onMinimise}.
 *
 * <p>Toolkit-free: the clock and the ticking are passed in, so tests drive it with a fake clock. FX thread only.
 */
public final class IdleLock {

    static final String KEY_IDLE_MINUTES = "lock.idleMinutes";
    static final String KEY_ON_MINIMISE = "lock.onMinimise";
    /** The idle time of a first run. */
    public static final int DEFAULT_IDLE_MINUTES = 5;
    /** The longest idle time the settings accept (a day). */
    public static final int MAX_IDLE_MINUTES = 24 * 60;
    static final Duration TICK = Duration.ofSeconds(1);

    private final Preferences prefs;
    private final LongSupplier nanoTime;
    private final Runnable onLock;
    private final IntegerProperty idleMinutes = new SimpleIntegerProperty(this, "idleMinutes");
    private final BooleanProperty lockOnMinimise = new SimpleBooleanProperty(this, "lockOnMinimise");
    private final ReadOnlyBooleanWrapper locked = new ReadOnlyBooleanWrapper(this, "locked", false);
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper(this, "reason", "");
    private long lastActivity;

    /**
     * @param prefs    where the settings are remembered
     * @param nanoTime a monotonic clock in nanoseconds
     * @param repeater ticks the idle check on the FX thread (every second, for as long as the console runs)
     * @param onLock   what locking does besides showing the lock screen; runs on the FX thread
     */
    public IdleLock(Preferences prefs, LongSupplier nanoTime, ClipboardGuard.Repeater repeater, Runnable onLock) {
        this.prefs = Objects.requireNonNull(prefs, "prefs");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.onLock = Objects.requireNonNull(onLock, "onLock");
        idleMinutes.set(clamp(prefs.getInt(KEY_IDLE_MINUTES, DEFAULT_IDLE_MINUTES)));
        lockOnMinimise.set(prefs.getBoolean(KEY_ON_MINIMISE, true));
        idleMinutes.addListener((obs, old, now) -> {
            int clamped = clamp(now.intValue());
            if (clamped != now.intValue()) {
                idleMinutes.set(clamped);
                return;
            }
            remember(() -> prefs.putInt(KEY_IDLE_MINUTES, clamped));
            activity();
        });
        lockOnMinimise.addListener((obs, old, now) -> remember(() -> prefs.putBoolean(KEY_ON_MINIMISE, now)));
        lastActivity = nanoTime.getAsLong();
        repeater.every(TICK, this::tick);
    }

    private static int clamp(int minutes) {
        return Math.max(0, Math.min(MAX_IDLE_MINUTES, minutes));
    }

    private static void remember(Runnable write) {
        try {
            write.run();
        } catch (IllegalStateException removed) {
            // the settings node was removed (a test's clean-up): the setting still holds for this run
        }
    }

    /** Keyboard or mouse input: the idle time starts again. Input while locked does not unlock. */
    public void activity() {
        lastActivity = nanoTime.getAsLong();
    }

    /** The window was minimised (iconified): locks when {@link #lockOnMinimiseProperty()} is set. */
    public void windowMinimised() {
        if (lockOnMinimise.get()) {
            lock("Locked when the window was minimised.");
        }
    }

    /** Locks now (the lock button and Ctrl+L). */
    public void lock() {
        lock("Locked on request.");
    }

    private void lock(String why) {
        if (!locked.get()) {
            reason.set(why + " Every revealed value was masked and a copied secret cleared from the clipboard.");
            locked.set(true);
        }
        onLock.run(); // again on a second lock: something may have been revealed behind the lock screen since
    }

    /** Unlocks, after the deliberate action on the lock screen; the idle time starts again. */
    public void unlock() {
        activity();
        locked.set(false);
        reason.set("");
    }

    void tick() {
        int minutes = idleMinutes.get();
        if (locked.get() || minutes <= 0) {
            return;
        }
        if (nanoTime.getAsLong() - lastActivity >= Duration.ofMinutes(minutes).toNanos()) {
            lock("Locked after " + (minutes == 1 ? "1 minute" : minutes + " minutes") + " without input.");
        }
    }

    /** Why the console locked, for the lock screen; empty while unlocked. */
    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    /** Minutes without input before the console locks; 0 never locks for idleness. Remembered. */
    public IntegerProperty idleMinutesProperty() {
        return idleMinutes;
    }

    /** Whether minimising the window locks the console. Remembered. */
    public BooleanProperty lockOnMinimiseProperty() {
        return lockOnMinimise;
    }

    /** Whether the console is locked. */
    public ReadOnlyBooleanProperty lockedProperty() {
        return locked.getReadOnlyProperty();
    }
}
