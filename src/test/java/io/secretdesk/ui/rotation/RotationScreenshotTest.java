package io.secretdesk.ui.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.testing.Screenshots;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.rotation.WizardViewModel.UndecryptableChoice;
import io.secretdesk.ui.shell.ThemeChoice;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
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
 * Saves PNGs of the wizard in Primer light and dark to target/screenshots/ (rotation-STEP-THEME.png), for
 * people to look at: the preflight with an undecryptable row and the notices of an environment key, the new
 * key step, the summary with what to set, and the history with a rollback waiting for confirmation; and checks in
 * each picture that the dark theme draws the page darker than the light one.
 */
@Tag("fx")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class RotationScreenshotTest {

    static final List<ThemeChoice> THEMES = List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK);

    @TempDir
    Path userHome;

    private final ExecutorService background = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "rotation-screenshot-test");
        thread.setDaemon(true);
        return thread;
    });
    private RotationFixture fx;
    private RotationViewModel model;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        fx = new RotationFixture(userHome);
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", MasterSecret.generateValue());
        fx.seed(240);
        fx.addStray("vast", "api_key");
        ThemeChoice.PRIMER_LIGHT.apply();
        model = new RotationViewModel(UiExecutor.onFxThread(background), Platform::runLater, fx.guard,
                fx.wizardStore()::keyRotations);
        Parent root = new ViewLoader(type -> new RotationController(model)).load(RotationController.class).root();
        scene = new Scene(root, 1024, 700);
        stage.setScene(scene);
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
    void savesThePreflightKeyAndSummaryStepsInLightAndDark(FxRobot robot) throws Exception {
        await(() -> !model.runningProperty().get());
        robot.interact(model.wizard()::runPreflight);
        await(() -> model.wizard().preflightedProperty().get());
        double[] light = shoot(robot, "preflight");
        assertThat(model.wizard().undecryptable()).containsExactly("vast/api_key");

        robot.interact(() -> model.wizard().undecryptableChoiceProperty().set(UndecryptableChoice.LEAVE_UNTOUCHED));
        robot.interact(model.wizard()::next);
        await(() -> !model.wizard().newKey().newKeyIdProperty().get().isEmpty());
        shoot(robot, "newkey");

        for (int i = 0; i < 4; i++) {
            robot.interact(model.wizard()::next);
            await(() -> model.wizard().canNextProperty().get());
        }
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.COMMIT);
        robot.interact(model.wizard()::next);
        await(() -> model.wizard().currentProperty().get() == WizardStep.SUMMARY && !model.runningProperty().get());
        double[] summary = shoot(robot, "summary");
        // The summary with its toast and the waiting rotation in the header, large, where the screen allows it (the
        // fx tier's headless screen is 1280x800; screenshots take -Dheadless.geometry=1700x1100-32).
        if (Screen.getPrimary().getBounds().getWidth() >= 1600 && Screen.getPrimary().getBounds().getHeight() >= 1000) {
            robot.interact(() -> {
                stage.setWidth(1600);
                stage.setHeight(1000);
            });
            shoot(robot, "summary-1600");
            robot.interact(() -> {
                stage.setWidth(1024);
                stage.setHeight(700);
            });
        }

        // The page after the summary: the history of rotations, with a rollback waiting for confirmation.
        robot.interact(model.wizard()::startOver);
        robot.interact(model.history()::load);
        await(() -> !model.history().rows().isEmpty() && !model.runningProperty().get());
        robot.interact(() -> model.history().askRollbackTo(model.history().rows().get(0)));
        assertThat(model.history().rollbackConfirmTextProperty().get()).contains("Changes made after the backup was taken are lost");
        double[] history = shoot(robot, "history");
        assertThat(history[1]).isLessThan(history[0] - 0.3);

        assertThat(light[1]).as("the dark theme is darker than the light one").isLessThan(light[0] - 0.3);
        assertThat(summary[1]).isLessThan(summary[0] - 0.3);
    }

    /** Saves the scene in each theme; returns the luminance of a background point per theme. */
    private double[] shoot(FxRobot robot, String step) throws IOException {
        double[] luminance = new double[THEMES.size()];
        for (int i = 0; i < THEMES.size(); i++) {
            ThemeChoice theme = THEMES.get(i);
            robot.interact(theme::apply);
            BufferedImage image = Screenshots.save(scene, "rotation-" + step + "-" + (theme.dark() ? "dark" : "light"));
            luminance[i] = Screenshots.luminance(image, image.getWidth() - 20, image.getHeight() / 2);
        }
        robot.interact(ThemeChoice.PRIMER_LIGHT::apply);
        return luminance;
    }

    private static void await(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.getAsBoolean();
        });
    }

}
