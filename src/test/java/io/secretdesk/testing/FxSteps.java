package io.secretdesk.testing;

import java.util.concurrent.Callable;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Steps the view tests share: run queued background work to the end, replace a field's text by typing. */
public final class FxSteps {

    private FxSteps() {
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
