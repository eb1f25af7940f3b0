package io.secretdesk.ui.settings;

import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.Screenshots;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.FxClipboard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.shell.ThemeChoice;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves PNGs of the Settings page (a Vault address set in the environment, a stored token) in both themes at 1024x700
 * and 1600x1000. A tool, not a test: {@code mvn -B -o test-compile surefire:test@screenshots} runs it.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsScreenshots {

    private Stage stage;
    private ConsoleFixture console;
    private ShellFixture shell;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void cleanUp() throws Exception {
        // The stage is shared with the next class in this JVM: give it back at its usual size.
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            stage.setWidth(1100);
            stage.setHeight(720);
        }));
        if (shell != null) {
            shell.close();
        }
        if (console != null) {
            console.close();
        }
        Application.setUserAgentStylesheet(null);
    }

    @Test
    void savesTheSettingsPage(FxRobot robot) throws Exception {
        console = ConsoleFixture.inNewTempDir("settings-shots", Map.of("VAULT_ADDR", "https://vault.example.com:8200"));
        console.services.credentials().set("secretdesk.chain", "VAULT_TOKEN", "hvs.screenshotToken");
        robot.interact(() -> {
            TickingClock time = new TickingClock();
            Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));
            ClipboardGuard guard = new ClipboardGuard(new FxClipboard(), Duration.ofSeconds(20), time::nanoTime, time);
            UiExecutor inline = new UiExecutor(Runnable::run, Runnable::run);
            shell = new ShellFixture(stage, inline, guard, List::of, reveals);
            shell.prefs.put("chain.SIMPLETUNER_AWS_SECRET_NAME", "simpletuner/prod");
            shell.prefs.put("chain.AWS_DEFAULT_REGION", "eu-west-1");
            shell.page("settings", SettingsController.class, () -> new SettingsController(new SettingsViewModel(
                    shell.prefs, console.env, shell.model.lock(), inline, console.services::credentials, () -> { }),
                    reveals, guard));
            shell.show();
            shell.model.show("settings");
        });
        for (double[] size : List.of(new double[] {1024, 700}, new double[] {1600, 1000})) {
            for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
                robot.interact(() -> {
                    shell.model.themeProperty().set(theme);
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                });
                WaitForAsyncUtils.waitForFxEvents();
                Screenshots.save(shell.scene(), "settings-" + (int) size[0] + "-" + Screenshots.slug(theme));
            }
        }
        // Save refused: a Vault address that is not a URL, named on its field and beside Save; nothing saved.
        robot.interact(() -> {
            robot.lookup("#setting-VAULT_ADDR").queryAs(javafx.scene.control.TextField.class).setText("vault.example.com");
            robot.lookup("#saveButton").queryButton().fire();
        });
        for (double[] size : List.of(new double[] {1024, 700}, new double[] {1600, 1000})) {
            for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
                robot.interact(() -> {
                    shell.model.themeProperty().set(theme);
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                });
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(() -> {
                    javafx.scene.Node field = robot.lookup("#setting-VAULT_ADDR").query();
                    javafx.scene.control.ScrollPane page = robot.lookup(".settings-view").queryAs(javafx.scene.control.ScrollPane.class);
                    double y = page.getContent().sceneToLocal(field.localToScene(0, 0)).getY();
                    double overflow = page.getContent().getLayoutBounds().getHeight() - page.getViewportBounds().getHeight();
                    page.setVvalue(overflow <= 0 ? 0 : Math.min(1, Math.max(0, (y - 120) / overflow)));
                });
                WaitForAsyncUtils.waitForFxEvents();
                Screenshots.save(shell.scene(), "settings-refused-" + (int) size[0] + "-" + Screenshots.slug(theme));
            }
        }
    }
}
