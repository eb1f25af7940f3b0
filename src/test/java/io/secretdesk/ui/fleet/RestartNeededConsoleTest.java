package io.secretdesk.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.remote.ApiKey;
import io.secretdesk.core.remote.ServerSettings;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.target.LocalTarget;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.MutableClock;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.testing.SimpleTunerApiServer;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.health.CheckRow;
import io.secretdesk.ui.health.HealthController;
import io.secretdesk.ui.health.HealthViewModel;
import io.secretdesk.ui.providers.ProvidersController;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * "Restart needed" in the console (issue 16, item 5): saving the Replicate token to this machine's secrets file on
 * Provider Config marks the SimpleTuner server on this machine (a loopback URL; wired as App wires it), the status line
 * says so, and the Fleet and Health pages show it until the server's uptime shows a restart. A token saved on a server
 * through its API asks no restart.
 */
@Tag("fx")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class RestartNeededConsoleTest {

    private final MutableClock time = new MutableClock(Instant.now());
    private final SimpleTunerApiServer local = SimpleTunerApiServer.start(time);
    private final ExecutorService background = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "restart-test");
        thread.setDaemon(true);
        return thread;
    });
    private ConsoleFixture console;
    private Servers servers;
    private ShellFixture shell;
    private TargetSwitch targets;

    @Start
    void start(Stage stage) throws Exception {
        console = ConsoleFixture.inNewTempDir("restart-needed", Map.of());
        console.services.providerConfigs().saveProviderConfig("replicate", Map.of("cost_limit_amount", 10.0));
        local.seedProviderConfig("replicate", Map.of("cost_limit_amount", 20.0));
        servers = new Servers(console.services.store().servers(), HostLookup.system(), Clock.systemUTC());
        servers.add(ServerSettings.of("local", local.url()), ApiKey.of(local.adminApiKey()), false);
        servers.target("local").check(); // its uptime counts from its first health call ...
        time.advance(Duration.ofMinutes(30)); // ... and it has been up a while
        UiExecutor executor = UiExecutor.onFxThread(background);
        shell = new ShellFixture(stage, executor, ClipboardGuard.onFxThread(Duration.ofSeconds(20)), List::of);
        targets = new TargetSwitch(() -> new LocalTarget(console.services.store(),
                new HardwareInfo(console.services.providerConfigs())), () -> servers, executor);
        shell.model.useTargets(targets);
        LocalRestarts restarts = new LocalRestarts(() -> servers, executor, shell.model::say);
        shell.page("providers", ProvidersController.class, () -> {
            var model = console.providersModel(executor, restarts::secretsFileChanged);
            model.followTarget(targets);
            return new ProvidersController(model);
        });
        shell.page("fleet", FleetController.class, () -> new FleetController(new FleetViewModel(() -> servers, background,
                executor, targets::reload)));
        shell.page("health", HealthController.class, () -> new HealthController(new HealthViewModel(targets, executor)));
        shell.show();
        stage.setWidth(1100);
        stage.setHeight(760);
        targets.reload();
    }

    @AfterEach
    void stop() throws Exception {
        shell.close();
        console.close();
        local.close();
        background.shutdownNow();
    }

    @SuppressWarnings("unchecked")
    private static ServerRow localRow(FxRobot robot) {
        return ((TableView<ServerRow>) robot.lookup(".server-table").queryAs(TableView.class)).getItems().stream()
                .filter(row -> row.name().equals("local")).findFirst().orElseThrow();
    }

    private void saveToken(FxRobot robot, String token) {
        FxSteps.onFx(() -> {
            shell.model.show("providers");
            return null;
        });
        FxSteps.untilAsserted(() -> assertThat(robot.lookup("#tokenKeyLabel").queryLabeled().getText())
                .isEqualTo("REPLICATE_API_TOKEN"));
        FxSteps.scrollIntoView(robot, "#tokenField");
        robot.clickOn("#tokenField").write(token);
        robot.clickOn("#saveTokenButton");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTokenSavedToThisMachinesFileMarksItsServerUntilTheServerRestarts(FxRobot robot) {
        saveToken(robot, "r8_localRestart0123456789");
        Label status = robot.lookup(".status-message").queryAs(Label.class);
        FxSteps.untilAsserted(() -> assertThat(status.getText())
                .isEqualTo("local (on this machine) needs a restart to see the change; the Fleet page says when it has "
                        + "restarted"));
        assertThat(servers.restartNotice("local")).hasValueSatisfying(notice -> assertThat(notice.reason())
                .isEqualTo("this machine's secrets file changed"));

        FxSteps.onFx(() -> {
            shell.model.show("fleet");
            return null;
        });
        FxSteps.untilAsserted(() -> assertThat(localRow(robot).restartCell()).isEqualTo("needed"));
        FxSteps.untilAsserted(() -> assertThat(robot.lookup(".server-detail").queryLabeled().getText())
                .startsWith("local — ").endsWith("RESTART NEEDED: this machine's secrets file changed"));
        robot.clickOn("Check all");
        FxSteps.untilAsserted(() -> assertThat(robot.lookup(".fleet-message").queryLabeled().getText())
                .startsWith("1 server"));
        assertThat(localRow(robot).restartCell()).as("still up since before the change").isEqualTo("needed");

        FxSteps.onFx(() -> {
            shell.model.show("health");
            robot.lookup(".target-box").queryAs(ComboBox.class).setValue("local");
            return null;
        });
        TableView<CheckRow> checks = robot.lookup(".check-table").queryAs(TableView.class);
        FxSteps.untilAsserted(() -> assertThat(checks.getItems()).anySatisfy(check -> assertThat(check.name())
                .isEqualTo("restart")));

        local.restart();
        FxSteps.onFx(() -> {
            shell.model.show("fleet");
            return null;
        });
        robot.clickOn("Check all");
        FxSteps.untilAsserted(() -> assertThat(localRow(robot).restartCell()).isEmpty());
        assertThat(servers.restartNotice("local")).isEmpty();

        // On the server itself, through its API, the token takes effect at once: nothing to restart.
        FxSteps.onFx(() -> {
            shell.model.say("");
            return null;
        });
        saveToken(robot, "r8_onTheServer0123456789");
        FxSteps.untilAsserted(() -> assertThat(local.secretsFileOnDisk()).containsKey("REPLICATE_API_TOKEN"));
        assertThat(servers.restartNotice("local")).isEmpty();
    }
}
