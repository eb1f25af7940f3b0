package io.secretdesk.ui.rotation;

import static io.secretdesk.testing.FxSteps.untilAsserted;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.ThemeChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Pane;
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
 * Regressions of issue 15's stale Key Rotation page, on the real FXML: after Confirm rotation the summary still listed
 * {@code credential.key.previous} and History said "not confirmed yet"; the New key step showed the generated key's
 * id while "use a key I paste" was chosen and empty; opening the page on an empty home wrote a {@code credential.key}.
 * Also Esc on the "roll back to this backup?" question. The view models' side is in {@link RotationStalenessTest}.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class RotationStalenessViewTest {

    @TempDir
    Path userHome;

    private final ExecutorService background = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "rotation-staleness-view-test");
        thread.setDaemon(true);
        return thread;
    });
    private RotationFixture fx;
    private RotationViewModel model;
    private RotationController controller;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        ThemeChoice.PRIMER_LIGHT.apply();
    }

    @AfterEach
    void cleanUp() throws Exception {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(stage::hide));
        background.shutdown();
        background.awaitTermination(30, TimeUnit.SECONDS);
        if (fx != null) {
            fx.close();
        }
        Application.setUserAgentStylesheet(null);
    }

    private void open(FxRobot robot, int credentials) throws Exception {
        fx = new RotationFixture(userHome);
        if (credentials > 0) {
            fx.seed(credentials);
        }
        robot.interact(() -> {
            model = new RotationViewModel(UiExecutor.onFxThread(background), Platform::runLater, fx.guard,
                    fx.wizardStore()::keyRotations);
            controller = new RotationController(model);
            Parent root = new ViewLoader(type -> controller).load(RotationController.class).root();
            stage.setScene(new Scene(root, 1024, 700));
            stage.show();
        });
        await(() -> !model.runningProperty().get());
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static List<String> texts(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Pane.class).getChildrenUnmodifiable().stream()
                .flatMap(node -> node instanceof Label label ? java.util.stream.Stream.of(label.getText())
                        : node.lookupAll(".label").stream().map(inner -> ((Label) inner).getText()))
                .toList();
    }

    @Test
    void openingThePageAndF5OnAnEmptyHomeWriteNoCredentialKey(FxRobot robot) throws Exception {
        open(robot, 0);
        robot.interact(controller::refresh); // F5
        await(() -> !model.runningProperty().get());

        assertThat(text(robot, "#keySourceLabel")).startsWith("Current key: none yet");
        assertThat(Files.exists(fx.keyFile())).as("no credential.key written by looking").isFalse();
        assertThat(robot.lookup("#toast").query().getStyleClass()).doesNotContain("error");
        assertThat(robot.lookup("#historyEmptyLabel").query().isVisible()).isTrue();
    }

    @Test
    void pasteModeShowsNoKeyIdAndAfterConfirmNeitherSummaryNorHistorySayTheOldKeyIsKept(FxRobot robot) throws Exception {
        open(robot, 20);
        robot.clickOn("#preflightButton");
        await(() -> model.wizard().canNextProperty().get());
        robot.clickOn("#nextButton");
        await(() -> !model.wizard().newKey().newKeyIdProperty().get().isEmpty());
        assertThat(text(robot, "#keyIdLabel")).startsWith("New key id: ");
        robot.clickOn("#pasteMode");
        untilAsserted(() -> assertThat(text(robot, "#keyIdLabel")).as("nothing pasted: no key id").isEmpty());
        assertThat(robot.lookup("#generatedBox").query().isVisible()).as("nor the generated key").isFalse();
        robot.clickOn("#generateMode");
        untilAsserted(() -> assertThat(text(robot, "#keyIdLabel")).startsWith("New key id: "));

        for (int i = 0; i < 3; i++) {
            robot.clickOn("#nextButton");
            await(() -> model.wizard().canNextProperty().get());
        }
        robot.clickOn("#nextButton");
        robot.clickOn("#nextButton"); // Commit
        await(() -> model.wizard().currentProperty().get() == WizardStep.SUMMARY && !model.runningProperty().get()
                && !model.history().rows().isEmpty());
        untilAsserted(() -> assertThat(texts(robot, "#summaryBox")).anyMatch(line -> line.contains("credential.key.previous")));
        untilAsserted(() -> assertThat(texts(robot, "#historyList")).anyMatch(line -> line.contains("not confirmed yet")));

        // Esc on the "roll back to this backup?" question keeps everything as it is.
        String newKey = fx.keyFileText();
        Node rollBack = robot.lookup(".history-row .button").query();
        untilAsserted(() -> assertThat(rollBack.getLayoutBounds().getWidth()).as("laid out").isPositive());
        robot.clickOn(rollBack);
        assertThat(robot.lookup("#rollbackConfirmBox").query().isVisible()).isTrue();
        robot.type(KeyCode.ESCAPE);
        untilAsserted(() -> assertThat(robot.lookup("#rollbackConfirmBox").query().isVisible()).as("Esc backs out").isFalse());
        assertThat(fx.keyFileText().equals(newKey)).as("nothing rolled back").isTrue();

        robot.clickOn("#confirmButton");
        await(() -> model.report().messageProperty().get().startsWith("Confirmed") && !model.runningProperty().get());
        untilAsserted(() -> {
            assertThat(texts(robot, "#summaryBox")).as("credential.key.previous was deleted")
                    .noneMatch(line -> line.contains("credential.key.previous"));
            assertThat(texts(robot, "#historyList")).as("History agrees with rotate-key --status")
                    .noneMatch(line -> line.contains("not confirmed")).anyMatch(line -> line.contains("confirmed"));
        });
        assertThat(robot.lookup("#confirmBox").query().isVisible()).isFalse();

        robot.clickOn("#startOverButton");
        await(() -> !model.runningProperty().get() && !model.history().rows().isEmpty());
        robot.interact(controller::refresh); // F5 on the first step
        await(() -> !model.runningProperty().get());
        untilAsserted(() -> assertThat(texts(robot, "#historyList")).noneMatch(line -> line.contains("not confirmed")));
    }

    /** Waits (bounded) for work on the real background thread to come back to the FX thread. */
    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
    }
}
