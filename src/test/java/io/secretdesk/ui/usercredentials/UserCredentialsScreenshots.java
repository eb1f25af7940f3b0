package io.secretdesk.ui.usercredentials;

import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.Screenshots;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.shell.MainViewModel;
import io.secretdesk.ui.shell.SourceStatus;
import io.secretdesk.ui.shell.SourceStatusFeed;
import io.secretdesk.ui.shell.ThemeChoice;
import java.time.Duration;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Saves PNGs of the User Credentials page inside the shell at 1024×700, over a state folder SimpleTuner's layout
 * script made, to target/screenshots/ in Primer light and dark: the table (a stale, an inactive and a current
 * credential) with a user chosen in the form, and the delete confirmation.
 *
 * <p>A tool, not a test: it asserts nothing about the picture, so no test tier runs it (its name does not end in
 * Test). {@code mvn -B -o test-compile surefire:test@screenshots} runs it with the other screenshots
 * (docs/development.md).
 */
@ExtendWith(ApplicationExtension.class)
class UserCredentialsScreenshots {

    private final QueuedExecutor background = new QueuedExecutor();
    private CredentialsUnderTest simpleTuner;
    private ShellFixture shell;
    private MainViewModel model;
    private UserCredentialsViewModel credentials;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        simpleTuner = CredentialsUnderTest.inNewTempDir();
        simpleTuner.stored("user2", "replicate", "api_token", "r8_x", CredentialsUnderTest.OLD, null);
        simpleTuner.stored("user2", "huggingface", "api_token", "hf_x", CredentialsUnderTest.OLD, CredentialsUnderTest.RECENT);
        simpleTuner.stored("admin", "replicate", "api_token", "r8_y", CredentialsUnderTest.RECENT, null);
        simpleTuner.store().deactivate("admin", "replicate", "api_token");
        simpleTuner.sql("UPDATE provider_credentials SET last_used_at = '" + CredentialsUnderTest.RECENT
                + "' WHERE provider = 'huggingface'");
        simpleTuner.sql("UPDATE provider_credentials SET updated_at = '2026-04-28T16:05:00+00:00' WHERE is_active = 0");

        UiExecutor executor = UiExecutor.onFxThread(background);
        SourceStatusFeed feed = () -> List.of(new SourceStatus("env", true, "0 keys"), new SourceStatus("file", true, "secrets.json"));
        shell = new ShellFixture(stage, executor, ClipboardGuard.onFxThread(Duration.ofSeconds(20)), feed);
        model = shell.model;
        model.themeProperty().set(ThemeChoice.PRIMER_LIGHT);
        model.show("usercredentials");
        credentials = simpleTuner.model(executor);
        scene = shell.page("usercredentials", UserCredentialsController.class, () -> new UserCredentialsController(credentials, model.reveals(), shell.guard)).show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        shell.close();
        simpleTuner.close();
    }

    @Test
    void savesThePageInLightAndDark(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1024);
            stage.setHeight(700);
            model.refreshSources();
        });
        FxSteps.settle(robot, background);
        robot.interact(() -> credentials.userProperty().set("user2"));
        for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
            robot.interact(() -> model.themeProperty().set(theme));
            Screenshots.save(scene, "usercredentials-" + Screenshots.slug(theme));
        }
        robot.interact(() -> credentials.askDelete(credentials.rows().get(1)));
        for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
            robot.interact(() -> model.themeProperty().set(theme));
            Screenshots.save(scene, "usercredentials-confirm-" + Screenshots.slug(theme));
        }
        robot.interact(credentials::cancel);
        // What Set said, as a toast over the table's foot; a theme change dismisses toasts, so Set runs after it.
        List<double[]> sizes = javafx.stage.Screen.getPrimary().getBounds().getWidth() >= 1600
                ? List.of(new double[] {1024, 700}, new double[] {1600, 1000}) : List.<double[]>of(new double[] {1024, 700});
        for (double[] size : sizes) {
            for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
                robot.interact(() -> {
                    model.themeProperty().set(theme);
                    stage.setWidth(size[0]);
                    stage.setHeight(size[1]);
                    credentials.userProperty().set("user2");
                    credentials.providerProperty().set("replicate");
                    credentials.nameProperty().set("api_token");
                    credentials.valueProperty().set("r8_screenshotValue");
                    credentials.set();
                });
                FxSteps.settle(robot, background);
                Screenshots.save(scene, "usercredentials-toast-" + (int) size[0] + "-" + Screenshots.slug(theme));
            }
        }
        robot.interact(() -> {
            stage.setWidth(1100);
            stage.setHeight(720);
        });
    }
}
