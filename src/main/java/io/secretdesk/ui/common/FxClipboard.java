package io.secretdesk.ui.common;

import java.time.Duration;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * The system clipboard and a timeline ticker, as {@link ClipboardGuard} uses them in the running console (and
 * TestFX tests that drive a guard with their own clock). Call on the FX thread.
 */
public final class FxClipboard implements ClipboardGuard.TextClipboard {

    @Override
    public String text() {
        Clipboard system = Clipboard.getSystemClipboard();
        return system.hasString() ? system.getString() : null;
    }

    @Override
    public void put(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    @Override
    public void clear() {
        Clipboard.getSystemClipboard().clear();
    }

    /** Runs {@code tick} every {@code period} on the FX thread until the returned action runs; a {@link ClipboardGuard.Repeater}. */
    public static Runnable every(Duration period, Runnable tick) {
        Timeline timeline = new Timeline(new KeyFrame(javafx.util.Duration.millis(period.toMillis()), event -> tick.run()));
        timeline.setCycleCount(Animation.INDEFINITE);
        timeline.play();
        return timeline::stop;
    }
}
