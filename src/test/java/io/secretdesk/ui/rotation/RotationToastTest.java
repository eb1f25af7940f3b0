package io.secretdesk.ui.rotation;

import static io.secretdesk.testing.FxSteps.onFx;
import static io.secretdesk.testing.FxSteps.untilAsserted;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.ThemeChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Regression (issue 15): what the Key Rotation page's last action said was a banner in its header that pushed the
 * steps down under the pointer and never went. It is a toast over the page's foot now, on the console's notice: it
 * goes by itself (the clock here is moved by the test), with its x and when the page is left; a rotation that waits
 * for confirmation stays said in the header.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class RotationToastTest {

    @TempDir
    Path userHome;

    private final ExecutorService background = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "rotation-toast-test");
        thread.setDaemon(true);
        return thread;
    });
    private final TickingClock time = new TickingClock();
    private RotationFixture fx;
    private RotationViewModel model;
    private RotationController controller;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        fx = new RotationFixture(userHome).seed(20);
        ThemeChoice.PRIMER_LIGHT.apply();
        Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));
        model = new RotationViewModel(UiExecutor.onFxThread(background), Platform::runLater, fx.guard, reveals,
                fx.wizardStore()::keyRotations);
        controller = new RotationController(model);
        Parent root = new ViewLoader(type -> controller).load(RotationController.class).root();
        stage.setScene(new Scene(root, 1024, 700));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(stage::hide));
        background.shutdown();
        background.awaitTermination(30, TimeUnit.SECONDS);
        fx.close();
        Application.setUserAgentStylesheet(null);
    }

    @Test
    void aCancelSaysSoInAToastThatNeverMovesThePageAndGoesByItself(FxRobot robot) throws Exception {
        await(() -> !model.runningProperty().get());
        Node preflightButton = robot.lookup("#preflightButton").query();
        double buttonTop = onFx(() -> preflightButton.localToScene(0, 0).getY());
        robot.clickOn("#preflightButton");
        await(() -> model.wizard().canNextProperty().get());
        robot.clickOn("#nextButton");
        await(() -> !model.wizard().newKey().newKeyIdProperty().get().isEmpty());
        robot.clickOn("#nextButton");
        await(() -> model.wizard().canNextProperty().get() && model.wizard().currentProperty().get() == WizardStep.BACKUP);

        robot.clickOn("#cancelButton");
        await(() -> model.report().messageProperty().get().startsWith("Cancelled"));

        untilAsserted(() -> assertThat(robot.lookup("#toast").query().isVisible()).isTrue());
        assertThat(robot.lookup("#messageLabel").queryAs(Label.class).getText()).startsWith("Cancelled: ");
        assertThat(robot.lookup("#toast").query().getStyleClass()).contains("info");
        untilAsserted(() -> assertThat(preflightButton.localToScene(0, 0).getY())
                .as("the preflight step is where it was: nothing pushed it down").isEqualTo(buttonTop));
        Bounds toast = onFx(() -> robot.lookup("#toast").query().localToScene(robot.lookup("#toast").query().getBoundsInLocal()));
        Bounds steps = onFx(() -> robot.lookup("#stepScroll").query().localToScene(robot.lookup("#stepScroll").query().getBoundsInLocal()));
        assertThat(toast.getMaxY()).as("over the page's foot").isLessThanOrEqualTo(steps.getMaxY());
        assertThat(toast.getMinY()).as("at the foot, not the top").isGreaterThan(steps.getMinY() + steps.getHeight() / 2);

        robot.interact(() -> time.advance(Duration.ofSeconds(5)));
        assertThat(robot.lookup("#toast").query().isVisible()).as("still there after 5 s").isTrue();
        robot.interact(() -> time.advance(Duration.ofSeconds(2)));
        untilAsserted(() -> assertThat(robot.lookup("#toast").query().isVisible()).as("gone by itself after 6 s").isFalse());
        assertThat(time.ticking()).as("and its timer with it").isZero();
    }

    @Test
    void aCommitsToastGoesWithItsXAndThePageWhileTheWaitingRotationStaysInTheHeader(FxRobot robot) throws Exception {
        await(() -> !model.runningProperty().get());
        robot.clickOn("#preflightButton");
        await(() -> model.wizard().canNextProperty().get());
        robot.clickOn("#nextButton");
        await(() -> !model.wizard().newKey().newKeyIdProperty().get().isEmpty());
        for (int i = 0; i < 3; i++) {
            robot.clickOn("#nextButton");
            await(() -> model.wizard().canNextProperty().get());
        }
        robot.clickOn("#nextButton");
        robot.clickOn("#nextButton"); // Commit
        await(() -> model.wizard().currentProperty().get() == WizardStep.SUMMARY && !model.runningProperty().get());

        untilAsserted(() -> assertThat(robot.lookup("#toast").query().isVisible()).isTrue());
        assertThat(robot.lookup("#messageLabel").queryAs(Label.class).getText()).startsWith("The rotation is committed");
        assertThat(robot.lookup("#toast").query().getStyleClass()).contains("success");
        assertThat(robot.lookup("#confirmBox").query().isVisible()).as("the rotation waits for its confirmation").isTrue();
        assertThat(robot.lookup("#confirmLabel").queryAs(Label.class).getText()).startsWith("The last rotation is not confirmed yet");

        robot.clickOn("#dismissButton");
        untilAsserted(() -> assertThat(robot.lookup("#toast").query().isVisible()).as("gone with its x").isFalse());
        assertThat(robot.lookup("#confirmBox").query().isVisible()).as("the waiting rotation is still said").isTrue();

        robot.clickOn("#confirmButton");
        await(() -> model.report().messageProperty().get().startsWith("Confirmed"));
        untilAsserted(() -> assertThat(robot.lookup("#toast").query().isVisible()).isTrue());
        assertThat(robot.lookup("#confirmBox").query().isVisible()).as("nothing waits any more").isFalse();
        robot.interact(controller::dismissNotices);
        assertThat(robot.lookup("#toast").query().isVisible()).as("gone when the page is left").isFalse();
    }

    /** Waits (bounded) for work on the real background thread to come back to the FX thread. */
    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
    }
}
