package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.ConsoleFixture;
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
import java.util.Map;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves PNGs of the Provider Config view inside the shell, over a real store, to target/screenshots/ in
 * Primer light and dark: the form with an unsaved change, the form with errors, and the audit log after a
 * verification that passed and one that found a tampered entry.
 *
 * <p>A tool, not a test: it asserts nothing about the picture, so no test tier runs it (its name does not
 * end in Test). {@code mvn -B -o test-compile surefire:test@screenshots} runs it with the other screenshots
 * (docs/development.md).
 */
@ExtendWith(ApplicationExtension.class)
class ProvidersScreenshots {

    static final List<ThemeChoice> THEMES = List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK);

    private final QueuedExecutor background = new QueuedExecutor();
    private ConsoleFixture console;
    private ShellFixture shell;
    private MainViewModel model;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        console = ConsoleFixture.inNewTempDir("providers-shots", Map.of("REPLICATE_API_TOKEN", "r8_fromTheEnvironment"));
        console.services.providerConfigs().saveProviderConfig("replicate", Map.of(
                "webhook_url", "https://hooks.example.com/replicate",
                "webhook_secret", "whsec_screenshot",
                "webhook_allowed_ips", List.of("203.0.113.7", "10.0.0.0/8"),
                "cost_limit_enabled", true, "cost_limit_amount", 250, "cost_limit_period", "monthly",
                "region", "us-east", "max_concurrent_jobs", 4));
        console.services.providerConfigs().saveProviderConfig("modal", Map.of("region", "eu"));
        console.services.providerConfigs().saveProviderConfig("lambda-labs", Map.of("region", "us-west"));
        console.services.credentials().set("replicate", "api_token", "r8_encryptedForScreenshot");

        UiExecutor executor = UiExecutor.onFxThread(background);
        SourceStatusFeed feed = () -> List.of(new SourceStatus("env", true, "1 key"),
                new SourceStatus("file", true, "secrets.json"), new SourceStatus("aws", false, "not configured"));
        shell = new ShellFixture(stage, executor, ClipboardGuard.onFxThread(Duration.ofSeconds(20)), feed);
        model = shell.model;
        model.themeProperty().set(ThemeChoice.PRIMER_LIGHT);
        model.show("providers");
        scene = shell.page("providers", ProvidersController.class,
                () -> new ProvidersController(console.providersModel(executor, () -> { }))).show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        shell.close();
        console.close();
    }

    @Test
    void savesTheFormAndTheAuditLogInLightAndDark(FxRobot robot) throws Exception {
        robot.interact(() -> {
            // Inside Monocle's 1280x800 headless screen: a window past its edge makes it print buffer overflows.
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1180);
            stage.setHeight(780);
            model.refreshSources();
        });
        FxSteps.settle(robot, background);
        FxSteps.replaceText(robot, "#webhookUrlField", "https://hooks.example.com/replicate/v2");

        for (ThemeChoice theme : THEMES) {
            robot.interact(() -> model.themeProperty().set(theme));
            save(robot, "providers-" + name(theme));
        }

        // Errors and the question asked before leaving unsaved changes.
        FxSteps.replaceText(robot, "#webhookUrlField", "ftp://hooks.example.com");
        FxSteps.scrollIntoView(robot, "#jsonArea");
        FxSteps.replaceText(robot, "#jsonArea", "{\"region\": \"us-east\", }");
        robot.clickOn("modal");
        FxSteps.settle(robot, background);
        for (ThemeChoice theme : THEMES) {
            robot.interact(() -> model.themeProperty().set(theme));
            save(robot, "providers-invalid-" + name(theme));
        }
        robot.clickOn("#cancelSwitchButton");
        robot.clickOn("#discardButton");

        robot.clickOn("Audit log");
        FxSteps.settle(robot, background);
        robot.clickOn("#verifyButton");
        FxSteps.settle(robot, background);
        for (ThemeChoice theme : THEMES) {
            robot.interact(() -> model.themeProperty().set(theme));
            save(robot, "providers-audit-" + name(theme));
        }

        try (var raw = console.rawAudit(); var edit = raw.createStatement()) {
            edit.executeUpdate("UPDATE audit_log SET details = '{}' WHERE id = 2");
        }
        robot.clickOn("#verifyButton");
        FxSteps.settle(robot, background);
        assertThat(robot.lookup("#verdictLabel").queryLabeled().getText()).startsWith("Chain broken at entry 2");
        for (ThemeChoice theme : THEMES) {
            robot.interact(() -> model.themeProperty().set(theme));
            save(robot, "providers-audit-broken-" + name(theme));
        }
    }

    /**
     * The form at 1024x700 and 1600x1000 in each theme: with an unsaved edit, with the Saved toast over its foot, with an
     * error that blocks Save, and with the question asked before leaving unsaved edits. The theme is set first: changing
     * it removes the page's toasts and questions, as the console does.
     */
    @Test
    void savesTheFormAtTwoSizesInLightAndDark(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            model.refreshSources();
        });
        FxSteps.settle(robot, background);
        int round = 0;
        for (ThemeChoice theme : THEMES) {
            robot.interact(() -> model.themeProperty().set(theme));
            clickProvider(robot, "replicate");
            FxSteps.replaceText(robot, "#webhookUrlField", "https://hooks.example.com/replicate/v" + (++round));
            shootAtSizes(robot, "providers-unsaved-" + name(theme));
            robot.clickOn("#saveButton");
            FxSteps.settle(robot, background);
            shootAtSizes(robot, "providers-saved-" + name(theme));
            clickProvider(robot, "modal");
            FxSteps.replaceText(robot, "#webhookUrlField", "ftp://modal.example.com");
            shootAtSizes(robot, "providers-error-" + name(theme));
            clickProvider(robot, "replicate");
            shootAtSizes(robot, "providers-switch-" + name(theme));
            robot.clickOn("#confirmSwitchButton");
            FxSteps.settle(robot, background);
        }
    }

    private void clickProvider(FxRobot robot, String provider) {
        robot.clickOn((javafx.scene.Node) FxSteps.await(() -> robot.lookup(".list-cell").match(
                (javafx.scene.control.ListCell<?> cell) -> provider.equals(cell.getText())).query()));
        FxSteps.settle(robot, background);
    }

    private void shootAtSizes(FxRobot robot, String prefix) throws Exception {
        for (double[] size : List.of(new double[] {1024, 700}, new double[] {1600, 1000})) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            save(robot, prefix + "-" + (int) size[0]);
        }
    }

    private void save(FxRobot robot, String file) throws Exception {
        Screenshots.save(scene, file);
    }

    static String name(ThemeChoice theme) {
        return Screenshots.slug(theme);
    }
}
