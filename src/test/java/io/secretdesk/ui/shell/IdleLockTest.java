package io.secretdesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.SecretValue;
import io.secretdesk.ui.common.UiExecutor;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleLockTest {

    private static final String CANARY = "r8_CANARYcanary0123456789";

    private final Preferences prefs = Preferences.userRoot().node("io/secretdesk/test/" + UUID.randomUUID());
    private final TickingClock time = new TickingClock();
    private final MemoryClipboard clipboard = new MemoryClipboard();
    private final ClipboardGuard guard = new ClipboardGuard(clipboard, Duration.ofSeconds(20), time::nanoTime, time);
    private final Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));

    @AfterEach
    void removeSettings() throws BackingStoreException {
        prefs.removeNode();
    }

    private MainViewModel shell() {
        return new MainViewModel(prefs, UiExecutor.onFxThread(new QueuedExecutor()), guard, List::of, reveals);
    }

    @Test
    void locksAfterTheIdleTimeMaskingEveryValueAndClearingTheClipboard() {
        MainViewModel shell = shell();
        IdleLock lock = shell.lock();
        assertThat(lock.idleMinutesProperty().get()).isEqualTo(IdleLock.DEFAULT_IDLE_MINUTES);
        SecretValue shown = new SecretValue("REPLICATE_API_TOKEN", CANARY, reveals, guard);
        shown.copy();
        int[] dismissed = {0};
        shell.onLock(() -> dismissed[0]++);

        time.advance(Duration.ofMinutes(4));
        lock.activity(); // someone typed
        shown.toggleReveal();
        time.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(lock.lockedProperty().get()).as("input restarts the idle time").isFalse();

        shown.toggleReveal();
        shown.toggleReveal();
        time.advance(Duration.ofSeconds(1));
        assertThat(lock.lockedProperty().get()).isTrue();
        assertThat(lock.reasonProperty().get()).startsWith("Locked after 5 minutes without input.");
        assertThat(shown.reveal().isRevealed()).isFalse();
        assertThat(clipboard.empty()).isTrue();
        assertThat(dismissed[0]).isEqualTo(1);
    }

    @Test
    void inputDoesNotUnlockOnlyTheDeliberateUnlockDoes() {
        IdleLock lock = shell().lock();
        lock.lock();
        lock.activity();
        time.advance(Duration.ofMinutes(1));
        assertThat(lock.lockedProperty().get()).isTrue();
        lock.unlock();
        assertThat(lock.lockedProperty().get()).isFalse();
        assertThat(lock.reasonProperty().get()).isEmpty();
        time.advance(Duration.ofMinutes(4));
        assertThat(lock.lockedProperty().get()).as("the idle time starts again at the unlock").isFalse();
    }

    @Test
    void minimisingLocksUnlessTurnedOffAndZeroMinutesNeverLocksForIdleness() {
        IdleLock lock = shell().lock();
        lock.windowMinimised();
        assertThat(lock.lockedProperty().get()).isTrue();
        assertThat(lock.reasonProperty().get()).startsWith("Locked when the window was minimised.");
        lock.unlock();

        lock.lockOnMinimiseProperty().set(false);
        lock.idleMinutesProperty().set(0);
        lock.windowMinimised();
        time.advance(Duration.ofDays(2));
        assertThat(lock.lockedProperty().get()).isFalse();
    }

    @Test
    void theSettingsAreRememberedForTheNextRunAndKeptInRange() {
        IdleLock lock = shell().lock();
        lock.idleMinutesProperty().set(2);
        lock.lockOnMinimiseProperty().set(false);
        IdleLock next = shell().lock();
        assertThat(next.idleMinutesProperty().get()).isEqualTo(2);
        assertThat(next.lockOnMinimiseProperty().get()).isFalse();

        next.idleMinutesProperty().set(-3);
        assertThat(next.idleMinutesProperty().get()).isZero();
        next.idleMinutesProperty().set(1_000_000);
        assertThat(next.idleMinutesProperty().get()).isEqualTo(IdleLock.MAX_IDLE_MINUTES);
    }

    @Test
    void aValueRevealedBehindTheLockScreenIsMaskedByASecondLock() {
        IdleLock lock = shell().lock();
        lock.lock();
        SecretValue shown = new SecretValue("REPLICATE_API_TOKEN", CANARY, reveals, guard);
        shown.toggleReveal();
        lock.lock();
        assertThat(shown.reveal().isRevealed()).isFalse();
    }
}
