package io.secretdesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.Screenshots;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.UiExecutor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.prefs.BackingStoreException;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves PNGs of the shell in every theme to target/screenshots/, with every part of the status bar showing
 * (sources in each state, clipboard countdown, work in progress, a message), for people to look at; and checks in
 * the pictures that the dark theme draws the sidebar darker than the light one.
 */
@Tag("fx")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class ShellScreenshotTest {

    private final QueuedExecutor background = new QueuedExecutor();
    private ShellFixture shell;
    private UiExecutor executor;
    private MainViewModel model;
    private ClipboardGuard guard;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        SourceStatusFeed feed = () -> List.of(
                new SourceStatus("env", true, "2 keys"),
                new SourceStatus("file", true, "4 keys in ~/.simpletuner/secrets.json"),
                new SourceStatus("aws", false, "connect timed out after 3 s"));
        executor = UiExecutor.onFxThread(background);
        shell = new ShellFixture(stage, executor, ClipboardGuard.onFxThread(Duration.ofSeconds(20)), feed);
        model = shell.model;
        guard = shell.guard;
        scene = shell.show();
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        shell.close();
    }

    @Test
    void savesTheShellInEveryTheme(FxRobot robot) throws IOException {
        robot.interact(() -> {
            stage.setWidth(1100);
            stage.setHeight(720);
            model.refreshSources();
            background.drain();
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            // One task left in flight, so the progress indicator is in the picture too.
            executor.run(() -> "still loading", result -> { }, error -> { });
            guard.copy("HF_TOKEN", "hf_screenshotValue");
            model.say("Clipboard left as it is: it no longer holds the copied secret.");
        });

        double[] sidebarLuminance = new double[ThemeChoice.values().length];
        for (ThemeChoice theme : ThemeChoice.values()) {
            robot.interact(() -> model.themeProperty().set(theme));
            BufferedImage image = Screenshots.save(scene, "shell-" + Screenshots.slug(theme));
            sidebarLuminance[theme.ordinal()] = Screenshots.luminance(image, 100, 400);
        }
        assertThat(sidebarLuminance[ThemeChoice.PRIMER_DARK.ordinal()])
                .as("the dark theme's sidebar is darker than the light theme's")
                .isLessThan(sidebarLuminance[ThemeChoice.PRIMER_LIGHT.ordinal()] - 0.3);
        robot.interact(background::drain);
    }

    @Test
    void savesTheQuestionAskedBeforeQuittingWithUnsavedEdits(FxRobot robot) throws IOException {
        robot.interact(() -> {
            stage.setWidth(1100);
            stage.setHeight(720);
            model.mayQuit(List.of(MainViewModel.PAGES.get(1), MainViewModel.PAGES.get(2)));
        });
        for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
            robot.interact(() -> model.themeProperty().set(theme));
            Screenshots.save(scene, "shell-quit-" + Screenshots.slug(theme));
        }
        assertThat(robot.lookup(".quit-text").queryLabeled().getText())
                .isEqualTo("Discard unsaved changes in Provider Config and Hardware Pricing and quit?");
    }
}
