package io.secretdesk.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.testing.TickingClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RevealsTest {

    private static final String CANARY = "hf_CANARYcanary0123456789";

    private final TickingClock time = new TickingClock();
    private final Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));
    private final MemoryClipboard clipboard = new MemoryClipboard();
    private final ClipboardGuard guard = new ClipboardGuard(clipboard, Duration.ofSeconds(20), time::nanoTime, time);

    @Test
    void aRevealCountsDownAndMasksItselfWhenItsTimeIsUp() {
        Reveals.Reveal reveal = reveals.create();
        reveal.show();
        assertThat(reveal.isRevealed()).isTrue();
        assertThat(reveal.secondsLeftProperty().get()).isEqualTo(10);
        time.advance(Duration.ofMillis(9_500));
        assertThat(reveal.secondsLeftProperty().get()).isEqualTo(1);
        time.advance(Duration.ofMillis(500));
        assertThat(reveal.isRevealed()).isFalse();
        assertThat(reveal.secondsLeftProperty().get()).isZero();
        assertThat(time.ticking()).as("nothing ticks once nothing is revealed").isZero();
    }

    @Test
    void hideAllMasksEveryRevealOnEveryPageAndHoldsNoneAfterwards() {
        Reveals.Reveal one = reveals.create();
        Reveals.Reveal two = reveals.create();
        Reveals.Reveal masked = reveals.create();
        one.show();
        two.show();
        assertThat(reveals.shownCount()).isEqualTo(2);
        assertThat(reveals.hideAll()).isEqualTo(2);
        assertThat(one.isRevealed()).isFalse();
        assertThat(two.isRevealed()).isFalse();
        assertThat(masked.isRevealed()).isFalse();
        assertThat(reveals.shownCount()).isZero();
        assertThat(time.ticking()).isZero();
    }

    @Test
    void toggleMasksAShownValueAtOnce() {
        Reveals.Reveal reveal = reveals.create();
        reveal.toggle();
        assertThat(reveal.isRevealed()).isTrue();
        reveal.toggle();
        assertThat(reveal.isRevealed()).isFalse();
        assertThat(reveals.shownCount()).isZero();
    }

    @Test
    void aRevealTimeMustBePositive() {
        assertThatThrownBy(() -> new Reveals(time::nanoTime, time, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void aSecretValueIsMaskedUntilRevealedAndNeverInItsToString() {
        SecretValue value = new SecretValue("HF_TOKEN", CANARY, reveals, guard);
        assertThat(value.shownProperty().get()).isEqualTo("hf_••••••••");
        value.toggleReveal();
        assertThat(value.shownProperty().get().equals(CANARY)).isTrue();
        assertThat(value.toString()).doesNotContain("CANARY");
        time.advance(Duration.ofSeconds(10));
        assertThat(value.shownProperty().get()).isEqualTo("hf_••••••••");
    }

    @Test
    void theWholeValuePopoverRevealsAndGoesWhenTheValueIsMaskedAgain() {
        SecretValue value = new SecretValue("HF_TOKEN", CANARY, reveals, guard);
        value.showWhole();
        assertThat(value.wholeShownProperty().get()).isTrue();
        assertThat(value.reveal().isRevealed()).isTrue();
        time.advance(Duration.ofSeconds(10));
        assertThat(value.wholeShownProperty().get()).as("the popover times out with the reveal").isFalse();

        value.showWhole();
        reveals.hideAll();
        assertThat(value.wholeShownProperty().get()).as("and goes with the idle lock").isFalse();
    }

    @Test
    void aCopyGoesThroughTheClipboardGuardAndIsClearedAfterItsCountdown() {
        SecretValue value = new SecretValue("HF_TOKEN", CANARY, reveals, guard);
        assertThat(value.copy()).isTrue();
        assertThat(clipboard.holds(CANARY)).isTrue();
        assertThat(guard.whatProperty().get()).isEqualTo("HF_TOKEN");
        assertThat(value.reveal().isRevealed()).as("copying never shows it").isFalse();
        time.advance(Duration.ofSeconds(20));
        assertThat(clipboard.empty()).isTrue();
    }

    @Test
    void aMissingValueHasNothingToRevealOrCopy() {
        SecretValue value = new SecretValue("EMPTY", null, reveals, guard);
        value.toggleReveal();
        value.showWhole();
        assertThat(value.reveal().isRevealed()).isFalse();
        assertThat(value.copy()).isFalse();
        assertThat(value.shownProperty().get()).isEqualTo("—");
    }

    @Test
    void noticesOfSuccessGoByThemselvesErrorsStayAndANewOneReplacesTheOld() {
        Notice notice = reveals.newNotice();
        notice.say(Notice.Kind.SUCCESS, "Saved HF_TOKEN.");
        time.advance(Duration.ofSeconds(5));
        assertThat(notice.textProperty().get()).isEqualTo("Saved HF_TOKEN.");
        time.advance(Duration.ofSeconds(1));
        assertThat(notice.textProperty().get()).isEmpty();
        assertThat(notice.kindProperty().get()).isEqualTo(Notice.Kind.NONE);

        notice.say(Notice.Kind.ERROR, "Not saved: disk full");
        time.advance(Duration.ofMinutes(10));
        assertThat(notice.textProperty().get()).isEqualTo("Not saved: disk full");
        notice.say(Notice.Kind.INFO, "Copied.");
        assertThat(notice.kindProperty().get()).isEqualTo(Notice.Kind.INFO);
        notice.dismiss();
        assertThat(notice.textProperty().get()).isEmpty();
        assertThat(time.ticking()).isZero();
    }
}
