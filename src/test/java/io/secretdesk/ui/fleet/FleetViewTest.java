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
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.testing.SimpleTunerApiServer;
import io.secretdesk.testing.SimpleTunerApiServer.Fault;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.health.CheckRow;
import io.secretdesk.ui.health.HealthController;
import io.secretdesk.ui.health.HealthViewModel;
import io.secretdesk.ui.usercredentials.CredentialRow;
import io.secretdesk.ui.usercredentials.UserCredentialsController;
import io.secretdesk.ui.usercredentials.UserCredentialsViewModel;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.testing.TickingClock;
import java.time.ZoneOffset;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Fleet and Health pages and the shell's target switch, on the real FXML, against two SimpleTuner stand-ins. */
@Tag("fx")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class FleetViewTest {

    @TempDir
    static Path home;

    private final SimpleTunerApiServer gpu1 = SimpleTunerApiServer.start();
    private final SimpleTunerApiServer gpu2 = SimpleTunerApiServer.start();
    private final SimpleTunerApiServer gpu3 = SimpleTunerApiServer.start();
    private final ExecutorService background = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "fleet-test");
        thread.setDaemon(true);
        return thread;
    });
    private ConsoleStore store;
    private Servers servers;
    private ShellFixture shell;
    private TargetSwitch targets;

    @Start
    void start(Stage stage) {
        Map<String, String> env = Map.of();
        store = ConsoleStore.open(env, SimpleTunerHome.underUserHome(home.resolve("user-" + System.nanoTime())));
        servers = new Servers(store.servers(), HostLookup.system(), Clock.systemUTC());
        servers.add(ServerSettings.of("gpu1", gpu1.url()), ApiKey.of(gpu1.adminApiKey()), false);
        servers.add(ServerSettings.of("gpu2", gpu2.url()), ApiKey.of(gpu2.adminApiKey()), false);
        servers.add(new ServerSettings("gpu3", URI.create(gpu3.url()), null, false, Duration.ofSeconds(1),
                Duration.ofSeconds(1)), ApiKey.of(gpu3.adminApiKey()), false);
        UiExecutor executor = UiExecutor.onFxThread(background);
        shell = new ShellFixture(stage, executor, ClipboardGuard.onFxThread(Duration.ofSeconds(20)), List::of);
        targets = new TargetSwitch(() -> new LocalTarget(store, new HardwareInfo(store.configs())), () -> servers, executor);
        shell.model.useTargets(targets);
        shell.page("fleet", FleetController.class, () -> new FleetController(new FleetViewModel(() -> servers, background,
                executor, targets::reload)));
        shell.page("usercredentials", UserCredentialsController.class, () -> {
            UserCredentialsViewModel credentials = new UserCredentialsViewModel(store::userCredentials, executor,
                    Clock.systemUTC(), ZoneOffset.UTC);
            credentials.followTarget(targets);
            TickingClock time = new TickingClock();
            return new UserCredentialsController(credentials, new Reveals(time::nanoTime, time, Duration.ofSeconds(10)),
                    shell.guard);
        });
        shell.page("health", HealthController.class, () -> new HealthController(new HealthViewModel(targets, executor)));
        shell.show();
        targets.reload(); // as App does after the first frame
    }

    @AfterEach
    void stop() throws Exception {
        gpu1.close();
        gpu2.close();
        gpu3.close();
        shell.close();
        background.shutdownNow();
        store.close();
    }

    @SuppressWarnings("unchecked")
    private static TableView<ServerRow> serverTable(FxRobot robot) {
        return (TableView<ServerRow>) robot.lookup(".server-table").queryAs(TableView.class);
    }

    private static ServerRow row(FxRobot robot, String name) {
        return serverTable(robot).getItems().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /** The labels under {@code query} whose drawn text is not their whole text (an ellipsis took its end). */
    private static List<String> clipped(FxRobot robot, String query) {
        return robot.lookup(query).queryAll().stream().map(node -> (javafx.scene.control.Labeled) node)
                .filter(label -> label.getText() != null && !label.getText().isEmpty())
                .filter(label -> label.lookupAll(".text").stream().filter(t -> t instanceof javafx.scene.text.Text)
                        .noneMatch(t -> label.getText().equals(((javafx.scene.text.Text) t).getText())))
                .map(javafx.scene.control.Labeled::getText).toList();
    }

    private static List<String> cellTexts(FxRobot robot) {
        return FxSteps.onFx(() -> robot.lookup(".server-table .table-cell").queryAll().stream()
                .map(cell -> String.valueOf(((javafx.scene.control.Labeled) cell).getText())).toList());
    }

    @Test
    void showsEveryServerSideBySideWithOneDownOneOpenOneHangingAndTheirDrift(FxRobot robot) throws Exception {
        robot.interact(() -> {
            shell.stage.setWidth(1024);
            shell.stage.setHeight(700);
        });
        gpu1.seedProviderConfig("replicate", Map.of("cost_limit_amount", 50.0));
        gpu2.seedProviderConfig("replicate", Map.of("cost_limit_amount", 20.0));
        gpu2.removeAllUsers();
        gpu3.fail(Route.HEALTH, Fault.hang());
        SimpleTunerApiServer.Gate held = gpu1.hold(Route.HEALTH);

        FxSteps.onFx(() -> {
            shell.model.show("fleet");
            return null;
        });
        assertThat(held.awaitHeld(1, Duration.ofSeconds(10))).isTrue();
        // While gpu1 is held and gpu3 hangs, the FX thread answers and the page says it is checking.
        Label message = robot.lookup(".fleet-message").queryAs(Label.class);
        assertThat(FxSteps.onFx(message::getText)).startsWith("Checking");
        held.release();

        FxSteps.untilAsserted(() -> assertThat(serverTable(robot).getItems()).hasSize(3));
        assertThat(row(robot, "gpu1").reachable()).isTrue();
        assertThat(row(robot, "gpu1").version()).startsWith("4.8.0");
        assertThat(row(robot, "gpu2").open()).isTrue();
        assertThat(row(robot, "gpu2").access()).contains("OPEN: the server has no users");
        // A word per cell; the dead server's whole line (why, without the key) in the box under the table.
        FxSteps.untilAsserted(() -> assertThat(cellTexts(robot)).contains("UNREACHABLE", "OPEN, no users", "set")
                .noneSatisfy(text -> assertThat(text).contains("/api/cloud/health")));
        Label detail = robot.lookup(".server-detail").queryAs(Label.class);
        FxSteps.untilAsserted(() -> assertThat(detail.getText()).startsWith("gpu3 — UNREACHABLE: GET /api/cloud/health")
                .contains("did not answer within 1 s"));
        assertThat(cellTexts(robot)).noneSatisfy(text -> assertThat(text).contains(gpu1.adminApiKey())
                .contains(gpu2.adminApiKey()));
        assertThat(detail.getText()).doesNotContain(gpu3.adminApiKey());
        assertThat(row(robot, "gpu3").reachable()).isFalse();
        assertThat(row(robot, "gpu3").problem()).contains("did not answer within 1 s");
        FxSteps.untilAsserted(() -> assertThat(robot.lookup(".drift-table").queryAs(TableView.class).getItems())
                .anySatisfy(d -> assertThat(((DriftRow) d).valuesText()).contains("gpu1: 50.0").contains("gpu2: 20.0")));
        assertThat(FxSteps.onFx(message::getText)).contains("3 servers, 1 unreachable, 1 open to others, 1 difference");
        // A clipped label draws its text with an ellipsis: every cell and column header draws its whole text.
        FxSteps.untilAsserted(() -> assertThat(FxSteps.onFx(() -> clipped(robot, ".server-table .table-cell")))
                .as("at 1024x700 every cell's words fit").isEmpty());
        assertThat(FxSteps.onFx(() -> clipped(robot, ".server-table .column-header .label"))).isEmpty();
        assertThat(FxSteps.onFx(() -> serverTable(robot).lookupAll(".table-row-cell").stream()
                .filter(row -> ((javafx.scene.control.TableRow<?>) row).getItem() != null)
                .filter(row -> row.localToScene(row.getBoundsInLocal()).getMaxY()
                        <= serverTable(robot).localToScene(serverTable(robot).getBoundsInLocal()).getMaxY() + 0.5)
                .count())).as("all three servers in sight").isEqualTo(3);

        FxSteps.onFx(() -> {
            TableView<ServerRow> table = serverTable(robot);
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(table.getItems().indexOf(row(robot, "gpu2")));
            return null;
        });
        assertThat(detail.getText()).startsWith("gpu2 — degraded, up ").contains("access: OPEN: the server has no users")
                .doesNotContain(gpu2.adminApiKey());
        assertThat(detail.getPseudoClassStates()).contains(javafx.css.PseudoClass.getPseudoClass("attention"));

        gpu1.refuseConnections();
        robot.clickOn(".fleet-toolbar .button");
        FxSteps.untilAsserted(() -> assertThat(row(robot, "gpu1").problem()).contains("refused the connection"));
        assertThat(row(robot, "gpu2").reachable()).as("the others are unaffected").isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void appliesOneServersKeysToTheSelectedServersWithAResultEach(FxRobot robot) throws Exception {
        gpu3.close();
        gpu1.seedProviderConfig("replicate", Map.of("cost_limit_amount", 50.0, "webhook_url", "https://hooks.example.com/a"));
        gpu2.seedProviderConfig("replicate", Map.of("cost_limit_amount", 20.0));
        FxSteps.onFx(() -> {
            shell.model.show("fleet");
            return null;
        });
        FxSteps.untilAsserted(() -> assertThat(serverTable(robot).getItems()).hasSize(3));

        FxSteps.onFx(() -> {
            TableView<ServerRow> table = serverTable(robot);
            table.getSelectionModel().clearSelection();
            for (int i = 0; i < table.getItems().size(); i++) {
                if (!table.getItems().get(i).name().equals("gpu1")) {
                    table.getSelectionModel().select(i);
                }
            }
            ComboBox<String> source = robot.lookup("#sourceBox").queryAs(ComboBox.class);
            source.setValue("gpu1");
            return null;
        });
        robot.clickOn("#keysField").write("cost_limit_amount");
        robot.clickOn("to selected servers");

        ListView<String> results = robot.lookup(".apply-results").queryAs(ListView.class);
        FxSteps.untilAsserted(() -> assertThat(results.getItems()).hasSize(2));
        assertThat(results.getItems()).anySatisfy(line -> assertThat(line).startsWith("OK  gpu2: applied 1 key"));
        assertThat(results.getItems()).anySatisfy(line -> assertThat(line).startsWith("FAILED  gpu3"));
        assertThat(gpu2.providerConfig("replicate")).containsEntry("cost_limit_amount", 50.0)
                .doesNotContainKey("webhook_url");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTargetSwitchNamesTheTargetInTitleAndStatusBarAndTheHealthPageFollowsIt(FxRobot robot) {
        FxSteps.untilAsserted(() -> assertThat(targets.choices()).contains("gpu2"));
        assertThat(shell.stage.getTitle()).isEqualTo("SecretDesk — this machine");
        FxSteps.onFx(() -> {
            shell.model.show("health");
            robot.lookup(".target-box").queryAs(ComboBox.class).setValue("gpu2");
            return null;
        });
        FxSteps.untilAsserted(() -> assertThat(shell.stage.getTitle()).isEqualTo("SecretDesk — gpu2 (" + gpu2.url() + ")"));
        assertThat(robot.lookup(".target-label").queryAs(Label.class).getText()).isEqualTo("Changing: gpu2 · " + gpu2.url());
        TableView<CheckRow> checks = robot.lookup(".check-table").queryAs(TableView.class);
        FxSteps.untilAsserted(() -> assertThat(checks.getItems()).anySatisfy(c -> assertThat(c.detail())
                .startsWith("SimpleTuner 4.8.0")));
        // Open routes reached over loopback: a warning (fine if it listens on 127.0.0.1 only), not a failure.
        assertThat(checks.getItems()).anySatisfy(c -> assertThat(c.name() + " " + c.state()).isEqualTo("access WARNING"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void onAServerUserCredentialsAsksForAUserIdListsByItAndOffersNoChanges(FxRobot robot) {
        int alice = gpu1.addUser("alice", false, "researcher");
        gpu1.addCredential(alice, "replicate", "api_token");
        gpu1.credentialsAnswerAsDeclared(true);
        FxSteps.untilAsserted(() -> assertThat(targets.choices()).contains("gpu1"));
        FxSteps.onFx(() -> {
            shell.model.show("usercredentials");
            robot.lookup(".target-box").queryAs(ComboBox.class).setValue("gpu1");
            return null;
        });
        TextField id = robot.lookup(".server-user-field").queryAs(TextField.class);
        FxSteps.untilAsserted(() -> assertThat(id.isVisible()).isTrue());
        assertThat(robot.lookup(".user-filter").queryAs(ComboBox.class).isVisible()).isFalse();
        assertThat(robot.lookup(".set-form").query().isDisabled()).as("no route changes them").isTrue();
        assertThat(robot.lookup(".problem").queryAs(Label.class).getText()).contains("Type a user id");

        robot.clickOn(id).write(String.valueOf(alice)).type(KeyCode.ENTER);
        TableView<CredentialRow> table = robot.lookup(".credentials-table").queryAs(TableView.class);
        FxSteps.untilAsserted(() -> assertThat(table.getItems()).extracting(CredentialRow::label)
                .containsExactly("user #" + alice + ": replicate/api_token"));
        FxSteps.onFx(() -> {
            table.getSelectionModel().select(0);
            return null;
        });
        assertThat(robot.lookup("Delete").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("Deactivate").queryButton().isDisabled()).isTrue();
    }
}
