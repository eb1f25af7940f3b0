package io.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.testing.MemoryClipboard;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClipboardGuardTest {

    /** Ticks only when the test says so, and remembers whether it is running. */
    static final class ManualRepeater implements ClipboardGuard.Repeater {
        Runnable tick;
        Duration period;
        int started;

        @Override
        public Runnable every(Duration period, Runnable tick) {
            this.period = period;
            this.tick = tick;
            started++;
            return () -> this.tick = null;
        }

        boolean running() {
            return tick != null;
        }
    }

    private static final String SECRET = "hf_abcdefghijklmnop";

    private final MemoryClipboard clipboard = new MemoryClipboard();
    private final ManualRepeater repeater = new ManualRepeater();
    private long now = 1_000_000_000L;
    private final ClipboardGuard guard = new ClipboardGuard(clipboard, Duration.ofSeconds(20), () -> now, repeater);

    private void advance(Duration by) {
        now += by.toNanos();
        if (repeater.running()) {
            repeater.tick.run();
        }
    }

    private boolean clipboardHolds(String value) {
        return value.equals(clipboard.text());
    }

    @Test
    void copiesTheValueAndStartsATwentySecondCountdown() {
        guard.copy("HF_TOKEN", SECRET);

        assertThat(clipboardHolds(SECRET)).as("clipboard holds the copied value").isTrue();
        assertThat(guard.secondsLeftProperty().get()).isEqualTo(20);
        assertThat(guard.pendingProperty().get()).isTrue();
        assertThat(guard.whatProperty().get()).isEqualTo("HF_TOKEN");
        assertThat(repeater.running()).isTrue();
    }

    @Test
    void countsDownInWholeSecondsRoundedUp() {
        guard.copy("HF_TOKEN", SECRET);

        advance(Duration.ofMillis(250));
        assertThat(guard.secondsLeftProperty().get()).isEqualTo(20);
        advance(Duration.ofMillis(750));
        assertThat(guard.secondsLeftProperty().get()).isEqualTo(19);
        advance(Duration.ofMillis(18_500));
        assertThat(guard.secondsLeftProperty().get()).isEqualTo(1);
        assertThat(clipboardHolds(SECRET)).as("not cleared before the time is up").isTrue();
    }

    @Test
    void clearsTheClipboardWhenTheTimeIsUp() {
        guard.copy("HF_TOKEN", SECRET);

        advance(Duration.ofSeconds(20));

        assertThat(clipboard.text()).as("clipboard cleared").isNull();
        assertThat(guard.secondsLeftProperty().get()).isZero();
        assertThat(guard.pendingProperty().get()).isFalse();
        assertThat(guard.whatProperty().get()).isEmpty();
        assertThat(repeater.running()).as("stops ticking when nothing is pending").isFalse();
    }

    @Test
    void aLateTickStillClearsOnTime() {
        guard.copy("HF_TOKEN", SECRET);

        // The FX thread was busy: the next tick comes a minute late.
        advance(Duration.ofSeconds(60));

        assertThat(clipboard.text()).isNull();
    }

    @Test
    void leavesTheClipboardAloneWhenTheUserCopiedSomethingElse() {
        guard.copy("HF_TOKEN", SECRET);
        clipboard.put("a shopping list");

        advance(Duration.ofSeconds(20));

        assertThat(clipboard.text()).isEqualTo("a shopping list");
        assertThat(guard.pendingProperty().get()).isFalse();
    }

    @Test
    void clearNowClearsAndEndsTheCountdown() {
        guard.copy("HF_TOKEN", SECRET);
        advance(Duration.ofSeconds(3));

        assertThat(guard.clearNow()).isTrue();

        assertThat(clipboard.text()).isNull();
        assertThat(guard.secondsLeftProperty().get()).isZero();
        assertThat(repeater.running()).isFalse();
    }

    @Test
    void clearNowWithNothingPendingTouchesNothing() {
        clipboard.put("someone else's text");

        assertThat(guard.clearNow()).isFalse();

        assertThat(clipboard.text()).isEqualTo("someone else's text");
    }

    @Test
    void aSecondCopyReplacesTheFirstAndRestartsTheCountdown() {
        guard.copy("HF_TOKEN", SECRET);
        advance(Duration.ofSeconds(15));
        guard.copy("REPLICATE_API_TOKEN", "r8_0123456789");

        assertThat(guard.secondsLeftProperty().get()).isEqualTo(20);
        assertThat(guard.whatProperty().get()).isEqualTo("REPLICATE_API_TOKEN");
        assertThat(repeater.started).as("one ticker for both copies").isEqualTo(1);
        advance(Duration.ofSeconds(10));
        assertThat(clipboardHolds("r8_0123456789")).isTrue();
        advance(Duration.ofSeconds(10));
        assertThat(clipboard.text()).isNull();
    }

    @Test
    void theClearAfterTimeIsConfigurable() {
        ClipboardGuard quick = new ClipboardGuard(clipboard, Duration.ofSeconds(5), () -> now, repeater);
        quick.copy("HF_TOKEN", SECRET);
        assertThat(quick.secondsLeftProperty().get()).isEqualTo(5);

        advance(Duration.ofSeconds(5));

        assertThat(clipboard.text()).isNull();
    }

    @Test
    void ticksOftenEnoughForASmoothCountdown() {
        guard.copy("HF_TOKEN", SECRET);
        assertThat(repeater.period).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesANonPositiveClearAfterTime() {
        assertThatThrownBy(() -> new ClipboardGuard(clipboard, Duration.ZERO, () -> now, repeater))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }
}
