package io.secretdesk.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.remote.ApiKey;
import io.secretdesk.core.remote.ServerSettings;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.LocalTarget;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.Screenshots;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.testing.SimpleTunerApiServer;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.health.HealthController;
import io.secretdesk.ui.health.HealthViewModel;
import io.secretdesk.ui.shell.ThemeChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Saves PNGs of the Fleet page (three servers: one down, one open, one with drift) and of the Health page on a server,
 * in Primer light and dark. A tool, not a test: no tier runs it; {@code surefire:test@screenshots} does.
 */
@ExtendWith(ApplicationExtension.class)
class FleetScreenshots {

    private final SimpleTunerApiServer gpu1 = SimpleTunerApiServer.start();
    private final SimpleTunerApiServer gpu2 = SimpleTunerApiServer.start();
    private final SimpleTunerApiServer gpu3 = SimpleTunerApiServer.start();
    private final ExecutorService background = Executors.newCachedThreadPool();
    private Path home;
    private ConsoleStore store;
    private ShellFixture shell;
    private TargetSwitch targets;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        home = Files.createTempDirectory("fleet-shots");
        store = ConsoleStore.open(Map.of(), SimpleTunerHome.underUserHome(home));
        Servers servers = new Servers(store.servers(), HostLookup.system(), Clock.systemUTC());
        servers.add(ServerSettings.of("gpu1", gpu1.url()), ApiKey.of(gpu1.adminApiKey()), false);
        servers.add(ServerSettings.of("gpu2", gpu2.url()), ApiKey.of(gpu2.adminApiKey()), false);
        servers.add(ServerSettings.of("gpu3", gpu3.url()), ApiKey.of(gpu3.adminApiKey()), false);
        gpu1.seedProviderConfig("replicate", Map.of("cost_limit_amount", 50.0, "hardware_info",
                Map.of("gpu-a100", Map.of("name", "A100 (80GB)", "cost_per_second", 0.0014))));
        gpu2.seedProviderConfig("replicate", Map.of("cost_limit_amount", 20.0));
        gpu2.removeAllUsers();
        gpu3.refuseConnections();
        UiExecutor executor = UiExecutor.onFxThread(background);
        shell = new ShellFixture(stage, executor, ClipboardGuard.onFxThread(Duration.ofSeconds(20)), List::of);
        targets = new TargetSwitch(() -> new LocalTarget(store, new HardwareInfo(store.configs())), () -> servers, executor);
        shell.model.useTargets(targets);
        shell.model.themeProperty().set(ThemeChoice.PRIMER_LIGHT);
        shell.model.show("fleet");
        shell.page("fleet", FleetController.class, () -> new FleetController(new FleetViewModel(() -> servers, background,
                executor, targets::reload)));
        shell.page("health", HealthController.class, () -> new HealthController(new HealthViewModel(targets, executor)));
        scene = shell.show();
        targets.reload();
    }

    @AfterEach
    void stop() throws Exception {
        shell.close();
        store.close();
        gpu1.close();
        gpu2.close();
        gpu3.close();
        background.shutdownNow();
    }

    @Test
    void savesTheFleetAndAServersHealth(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1260);
            stage.setHeight(780);
        });
        FxSteps.untilAsserted(() -> assertThat(robot.lookup(".drift-table").queryAs(TableView.class).getItems()).isNotEmpty());
        for (ThemeChoice theme : List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK)) {
            robot.interact(() -> shell.model.themeProperty().set(theme));
            Screenshots.save(scene, "fleet-" + Screenshots.slug(theme));
        }
        // The smallest window the console supports: a word per cell, gpu3's whole line in the box under the table.
        robot.interact(() -> {
            shell.model.themeProperty().set(ThemeChoice.PRIMER_LIGHT);
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        FxSteps.untilAsserted(() -> assertThat(robot.lookup(".server-detail").queryLabeled().getText()).startsWith("gpu3"));
        Screenshots.save(scene, "fleet-1024x700-" + Screenshots.slug(ThemeChoice.PRIMER_LIGHT));
        robot.interact(() -> {
            shell.model.themeProperty().set(ThemeChoice.PRIMER_LIGHT);
            shell.model.show("health");
            targets.chosenProperty().set("gpu2");
        });
        FxSteps.untilAsserted(() -> assertThat(robot.lookup(".check-table").queryAs(TableView.class).getItems()).hasSizeGreaterThan(4));
        Screenshots.save(scene, "health-gpu2-" + Screenshots.slug(ThemeChoice.PRIMER_LIGHT));
    }
}
