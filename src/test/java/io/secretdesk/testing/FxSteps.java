package io.secretdesk.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Steps the view tests share: run queued background work to the end, wait until the view shows a state, replace a
 * field's text by typing.
 */
public final class FxSteps {

    /**
     * The most a step waits for the view to reach a state before the test fails. A bound, never a pause: the
     * step returns as soon as the state is there.
     */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private FxSteps() {
    }

    /**
     * Runs {@code assertion} on the FX thread until it passes, then returns; rethrows its last failure after
     * {@link #PATIENCE}. For what the view shows only after a pulse: a table whose items changed creates and fills
     * its cells in its next layout pass, which comes at the next frame and, on a loaded machine, well after the
     * change. Reading a cell straight after a click or a settle races that pass (the cause of "no node matching
     * .id-cell"). The assertion must not block on the FX thread itself (no {@link #onFx}, no robot clicks).
     */
    public static void untilAsserted(Runnable assertion) {
        await(() -> {
            assertion.run();
            return Boolean.TRUE;
        });
    }

    /**
     * Reads {@code read} on the FX thread until it returns a value without throwing (a lookup that finds its node,
     * say), and returns that value; rethrows the last failure after {@link #PATIENCE}. See {@link #untilAsserted}.
     */
    public static <T> T await(Callable<T> read) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        try {
            // TestFX's own wait for a condition: polls it until it holds or the bound passes.
            WaitForAsyncUtils.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS, () -> {
                outcome.set(onFx(() -> {
                    try {
                        T value = read.call();
                        return value == null ? new AssertionError("nothing to read yet") : value;
                    } catch (AssertionError | RuntimeException e) {
                        return e;
                    }
                }));
                return !(outcome.get() instanceof Throwable);
            });
        } catch (TimeoutException e) {
            Throwable failure = (Throwable) outcome.get();
            if (failure instanceof AssertionError error) {
                throw error;
            }
            throw new AssertionError("still failing after " + PATIENCE.toSeconds() + " s: " + failure, failure);
        }
        @SuppressWarnings("unchecked")
        T value = (T) outcome.get();
        return value;
    }

    /**
     * Runs the queued background work on the FX thread, then the callbacks it posted, until neither queues
     * more. The work is real (SQLite, the secrets file); only its thread is the test's choice.
     */
    public static void settle(FxRobot robot, QueuedExecutor background) {
        for (int round = 0; round < 50; round++) {
            WaitForAsyncUtils.waitForFxEvents();
            int ran = onFx(background::drain);
            WaitForAsyncUtils.waitForFxEvents();
            if (ran == 0 && onFx(background::pending) == 0) {
                return;
            }
        }
        throw new AssertionError("background work kept queuing more work after 50 rounds");
    }

    /** Clicks the field, selects everything in it and types {@code text} over it. */
    public static void replaceText(FxRobot robot, String query, String text) {
        robot.clickOn(query);
        robot.push(KeyCode.CONTROL, KeyCode.A);
        if (text.isEmpty()) {
            robot.push(KeyCode.BACK_SPACE);
        } else {
            robot.write(text);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Scrolls the scroll pane around the node so the node is in view, as a user would before clicking it. */
    public static void scrollIntoView(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        robot.interact(() -> {
            for (Parent parent = node.getParent(); parent != null; parent = parent.getParent()) {
                if (parent instanceof ScrollPane pane) {
                    Node content = pane.getContent();
                    Bounds bounds = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
                    double overflow = content.getLayoutBounds().getHeight() - pane.getViewportBounds().getHeight();
                    if (overflow > 0) {
                        pane.setVvalue(Math.max(0, Math.min(1, (bounds.getMinY() - 40) / overflow)));
                    }
                    return;
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    public static <T> T onFx(Callable<T> work) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(work));
    }
}
