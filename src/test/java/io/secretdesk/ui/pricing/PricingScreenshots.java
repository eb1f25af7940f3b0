package io.secretdesk.ui.pricing;

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
import java.util.LinkedHashMap;
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

/**
 * Saves PNGs of the Hardware Pricing view inside the shell, over a real store, to target/screenshots/ in
 * Primer light and dark: a configured table with an unsaved edit, and one with an invalid cell.
 *
 * <p>A tool, not a test: it asserts nothing about the picture, so no test tier runs it (its name does not
 * end in Test). {@code mvn -B -o test-compile surefire:test@screenshots} runs it with the other screenshots
 * (docs/development.md).
 */
@ExtendWith(ApplicationExtension.class)
class PricingScreenshots {

    private final QueuedExecutor background = new QueuedExecutor();
    private ConsoleFixture console;
    private ShellFixture shell;
    private MainViewModel model;
    private PricingViewModel pricing;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        console = ConsoleFixture.inNewTempDir("pricing-shots", Map.of());
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("gpu-l40s", Map.of("name", "L40S (48GB)", "cost_per_second", 0.000975));
        table.put("gpu-a100-large", Map.of("name", "A100 (80GB)", "cost_per_second", 0.0014));
        table.put("gpu-h100", Map.of("name", "H100 (80GB)", "cost_per_second", 0.001525));
        table.put("gpu-t4", Map.of("name", "T4 (16GB)", "cost_per_second", 0.000225));
        console.services.hardware().set(table);

        UiExecutor executor = UiExecutor.onFxThread(background);
        SourceStatusFeed feed = () -> List.of(new SourceStatus("env", true, "0 keys"), new SourceStatus("file", true, "secrets.json"));
        shell = new ShellFixture(stage, executor, ClipboardGuard.onFxThread(Duration.ofSeconds(20)), feed);
        model = shell.model;
        model.themeProperty().set(ThemeChoice.PRIMER_LIGHT);
        model.show("pricing");
        pricing = console.pricingModel(executor);
        scene = shell.page("pricing", PricingController.class, () -> new PricingController(pricing)).show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        shell.close();
        console.close();
    }

    @Test
    void savesTheTableInLightAndDark(FxRobot robot) throws Exception {
        robot.interact(() -> {
            // Inside Monocle's 1280x800 headless screen: a window past its edge makes it print buffer overflows.
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1180);
            stage.setHeight(780);
            model.refreshSources();
        });
        FxSteps.settle(robot, background);
        robot.interact(() -> pricing.rows().get(2).costPerSecondProperty().set("0.0016"));
        for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
            robot.interact(() -> model.themeProperty().set(theme));
            save("pricing-" + name(theme));
        }

        robot.interact(() -> pricing.rows().get(3).costPerSecondProperty().set("-0.0002"));
        for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
            robot.interact(() -> model.themeProperty().set(theme));
            save("pricing-invalid-" + name(theme));
        }
    }

    @Test
    void savesANewRowWithoutAPriceAt1024InLightAndDark(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1024);
            stage.setHeight(700);
            model.refreshSources();
        });
        FxSteps.settle(robot, background);
        robot.interact(() -> {
            PriceRow added = pricing.addRow();
            added.idProperty().set("gpu-a10g");
            added.nameProperty().set("A10G (24GB)");
        });
        for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
            robot.interact(() -> model.themeProperty().set(theme));
            save("pricing-new-row-1024-" + name(theme));
        }
    }

    private void save(String file) throws Exception {
        Screenshots.save(scene, file);
    }

    private static String name(ThemeChoice theme) {
        return Screenshots.slug(theme);
    }
}
