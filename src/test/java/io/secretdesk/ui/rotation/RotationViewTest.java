package io.secretdesk.ui.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.FxSteps;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.ThemeChoice;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
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
 * Drives the real wizard FXML with TestFX over a real console database of a few hundred credentials: the
 * whole walk to the summary, a cancel midway and a roll back, the work running on a real background thread.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class RotationViewTest {

    static final int ROWS = 300;

    @TempDir
    Path userHome;

    private final ExecutorService background = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "rotation-view-test");
        thread.setDaemon(true);
        return thread;
    });
    private RotationFixture fx;
    private RotationViewModel model;
    private Stage stage;
    private String oldSecret;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        fx = new RotationFixture(userHome).seed(ROWS);
        oldSecret = fx.keyFileText();
        ThemeChoice.PRIMER_LIGHT.apply();
        model = new RotationViewModel(UiExecutor.onFxThread(background), Platform::runLater, fx.guard,
                fx.wizardStore()::keyRotations);
        Parent root = new ViewLoader(type -> new RotationController(model)).load(RotationController.class).root();
        stage.setScene(new Scene(root, 1000, 720));
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
    void walksTheWholeWizardToTheSummary(FxRobot robot) throws Exception {
        idle(robot);
        assertThat(robot.lookup("#nextButton").queryButton().isDisabled()).as("Next before the preflight").isTrue();
        robot.clickOn("#preflightButton");
        await(() -> model.wizard().preflightedProperty().get());
        assertThat(robot.lookup("#preflightLabel").queryAs(Label.class).getText()).startsWith(ROWS + " stored credentials");
        assertThat(robot.lookup("#undecryptableBox").query().isVisible()).isFalse();
        assertThat(stepState(robot, "preflight")).isEqualTo("current");

        next(robot);
        await(() -> !model.wizard().newKey().newKeyIdProperty().get().isEmpty());
        String shown = FxSteps.onFx(() -> model.wizard().newKey().shownKeyProperty().get());
        assertThat(shown.matches("[A-Za-z0-9_-]{43}")).as("the generated key is offered on its step").isTrue();
        assertThat(robot.lookup("#shownKeyField .secret-value").queryAs(Label.class).getText())
                .as("masked until the eye is pressed").isEqualTo("••••••••");
        robot.clickOn("#shownKeyField .reveal-button");
        assertThat(robot.lookup("#shownKeyField .secret-value").queryAs(Label.class).getText().equals(shown))
                .as("the eye shows it").isTrue();
        assertThat(robot.lookup("#keyIdLabel").queryAs(Label.class).getText()).startsWith("New key id: ");
        assertThat(stepState(robot, "preflight")).isEqualTo("done");

        next(robot);
        await(() -> model.wizard().canNextProperty().get());
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.BACKUP);
        assertThat(robot.lookup("#keyPane").query().isVisible()).isFalse();
        assertThat(FxSteps.onFx(() -> model.wizard().newKey().shownKeyProperty().get())).as("key hidden after its step").isEmpty();
        assertThat(robot.lookup("#shownKeyField .secret-value").queryAs(Label.class).getText()).isEqualTo("—");
        assertThat(robot.lookup("#revealedKeyField .secret-value").queryAs(Label.class).getText()).isEqualTo("—");
        assertThat(robot.lookup("#workHelp").queryAs(Label.class).getText()).contains(fx.home.backupsDir().toString());
        assertThat(robot.lookup("#rollbackButton").query().isVisible()).isTrue();
        assertThat(stepState(robot, "backup")).isEqualTo("done");

        next(robot);
        await(() -> model.wizard().canNextProperty().get());
        assertThat(robot.lookup("#resultLabel").queryAs(Label.class).getText()).startsWith("Re-encrypted " + ROWS);
        next(robot);
        await(() -> model.wizard().canNextProperty().get());
        assertThat(robot.lookup("#resultLabel").queryAs(Label.class).getText()).startsWith(ROWS + " credentials decrypt");
        next(robot);
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.COMMIT);
        assertThat(robot.lookup("#nextButton").queryButton().getText()).isEqualTo("Commit");
        robot.clickOn("#revealButton");
        await(() -> !model.wizard().newKey().shownKeyProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#revealedKeyField .secret-value").queryAs(Label.class).getText().equals(shown))
                .as("revealed on request").isTrue();

        next(robot);
        await(() -> model.wizard().currentProperty().get() == WizardStep.SUMMARY && !model.runningProperty().get());
        assertThat(robot.lookup("#summaryBox").queryAs(javafx.scene.layout.VBox.class).getChildren())
                .map(node -> ((Label) node).getText())
                .contains("Credentials: " + ROWS + " stored, " + ROWS + " re-encrypted, 0 left untouched")
                .noneMatch(text -> text.contains(shown) || text.contains(oldSecret));
        assertThat(robot.lookup("#cancelButton").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#environmentBox").query().isVisible()).isFalse();
        assertThat(fx.keyFileText().equals(shown)).as("key file holds the new key").isTrue();
        fx.assertEverySeededRowDecryptsWith(shown);
    }

    @Test
    void cancelMidwayLeavesTheKeyAndEveryRowAsTheyWere(FxRobot robot) throws Exception {
        idle(robot);
        robot.clickOn("#preflightButton");
        await(() -> model.wizard().preflightedProperty().get());
        next(robot);
        await(() -> !model.wizard().newKey().newKeyIdProperty().get().isEmpty());
        next(robot);
        await(() -> model.wizard().canNextProperty().get());
        next(robot);
        await(() -> model.wizard().canNextProperty().get());
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.REENCRYPT);

        robot.clickOn("#cancelButton");
        await(() -> model.report().messageProperty().get().startsWith("Cancelled"));

        assertThat(robot.lookup("#messageLabel").queryAs(Label.class).getText()).startsWith("Cancelled: ");
        assertThat(robot.lookup("#preflightPane").query().isVisible()).isTrue();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(robot.lookup("#toast").query().getStyleClass()).doesNotContain("error");
        assertThat(fx.keyFileText().equals(oldSecret)).as("same key file").isTrue();
        assertThat(fx.rotationLeftovers()).isEmpty();
        fx.assertEverySeededRowDecryptsWith(oldSecret);
    }

    @Test
    void rollBackBeforeTheCommitRestoresEverything(FxRobot robot) throws Exception {
        idle(robot);
        robot.clickOn("#preflightButton");
        await(() -> model.wizard().preflightedProperty().get());
        for (int i = 0; i < 4; i++) {
            next(robot);
            await(() -> model.wizard().canNextProperty().get());
        }
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.VERIFY);

        robot.clickOn("#rollbackButton");
        await(() -> model.report().messageProperty().get().startsWith("Rolled back"));

        assertThat(robot.lookup("#rollbackButton").query().isVisible()).isFalse();
        assertThat(stepState(robot, "preflight")).isEqualTo("current");
        assertThat(fx.keyFileText().equals(oldSecret)).as("same key file").isTrue();
        assertThat(fx.rotationLeftovers()).isEmpty();
        fx.assertEverySeededRowDecryptsWith(oldSecret);
    }

    @Test
    void commitsARotationThenRollsBackToItsBackupFromTheHistory(FxRobot robot) throws Exception {
        idle(robot);
        assertThat(robot.lookup("#historyEmptyLabel").query().isVisible()).as("no backups yet").isTrue();
        robot.clickOn("#preflightButton");
        await(() -> model.wizard().canNextProperty().get()); // the step's result and the buttons, set in one FX turn
        next(robot);
        await(() -> !model.wizard().newKey().newKeyIdProperty().get().isEmpty());
        for (int i = 0; i < 3; i++) {
            next(robot);
            await(() -> model.wizard().canNextProperty().get());
        }
        next(robot);
        next(robot); // Commit
        await(() -> model.wizard().currentProperty().get() == WizardStep.SUMMARY && !model.runningProperty().get()
                && !model.history().rows().isEmpty());
        String newSecret = fx.keyFileText();
        String backupName = Path.of(model.wizard().backupFolderProperty().get()).getFileName().toString();
        assertThat(robot.lookup("#historyPane").query().isVisible()).as("history under the summary").isTrue();
        Button rollBack = robot.lookup("#rollbackTo-" + backupName).queryButton();
        assertThat(rollBack.isDisabled()).isFalse();
        // Drawn when the history changed: click it once a layout pass has placed it.
        FxSteps.untilAsserted(() -> assertThat(rollBack.getWidth()).as("laid out").isPositive());

        robot.clickOn(rollBack);
        assertThat(robot.lookup("#rollbackConfirmBox").query().isVisible()).isTrue();
        assertThat(robot.lookup("#rollbackConfirmLabel").queryAs(Label.class).getText())
                .contains("Changes made after the backup was taken are lost");
        assertThat(fx.keyFileText().equals(newSecret)).as("nothing happens before confirming").isTrue();
        robot.clickOn("#confirmRollbackButton");
        await(() -> model.report().messageProperty().get().startsWith("Rolled back to the backup taken"));

        assertThat(robot.lookup("#messageLabel").queryAs(Label.class).getText()).startsWith("Rolled back to the backup taken");
        assertThat(robot.lookup("#rollbackConfirmBox").query().isVisible()).isFalse();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(robot.lookup("#toast").query().getStyleClass()).doesNotContain("error");
        assertThat(stepState(robot, "preflight")).isEqualTo("current");
        assertThat(robot.lookup("#confirmButton").query().isVisible()).as("the replaced key awaits confirmation").isTrue();
        assertThat(fx.keyFileText().equals(oldSecret)).as("key file restored").isTrue();
        fx.assertEverySeededRowDecryptsWith(oldSecret);
    }

    private void next(FxRobot robot) {
        Button next = robot.lookup("#nextButton").queryButton();
        assertThat(next.isDisabled()).as("Next enabled on %s", model.wizard().currentProperty().get()).isFalse();
        robot.clickOn(next);
    }

    private void idle(FxRobot robot) throws TimeoutException {
        await(() -> !model.runningProperty().get());
    }

    /** Waits (bounded) for work on the real background thread to come back to the FX thread. */
    private static void await(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
    }

    /** The state a step's row in the side list shows. */
    private static String stepState(FxRobot robot, String step) {
        Node row = robot.lookup("#step-" + step).query();
        for (String state : new String[] {"running", "failed", "done", "current", "waiting"}) {
            if (row.getStyleClass().contains(state)) {
                return state;
            }
        }
        return "none";
    }
}
