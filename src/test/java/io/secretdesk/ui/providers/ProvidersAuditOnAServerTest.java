package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.remote.ApiKey;
import io.secretdesk.core.remote.ServerSettings;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.target.LocalTarget;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.Screenshots;
import io.secretdesk.testing.SimpleTunerApiServer;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.shell.ThemeChoice;
import java.time.Clock;
import java.util.Map;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableView;
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
 * Provider Config's Audit tab on the real FXML at 1024x700, on two SimpleTuner stand-ins chosen with the target switch:
 * gpu1's figures and event types from {@code /api/audit/stats}, one type asked of {@code /api/audit}; gpu2's key lacks
 * {@code admin.audit}, which is one red line (also after Verify) with no rows of gpu1 under it.
 */
@Tag("fx")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class ProvidersAuditOnAServerTest {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    private final SimpleTunerApiServer gpu1 = SimpleTunerApiServer.start();
    private final SimpleTunerApiServer gpu2 = SimpleTunerApiServer.start();
    private final QueuedExecutor background = new QueuedExecutor();
    private ConsoleFixture console;
    private TargetSwitch targets;
    private Stage stage;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        stage.setOnHidden(null);
        console = ConsoleFixture.inNewTempDir("providers-audit", Map.of());
        Servers servers = new Servers(console.services.store().servers(), HostLookup.system(), Clock.systemUTC());
        servers.add(ServerSettings.of("gpu1", gpu1.url()), ApiKey.of(gpu1.adminApiKey()), false);
        int rita = gpu2.addUser("rita", false, "researcher");
        servers.add(ServerSettings.of("gpu2", gpu2.url()), ApiKey.of(gpu2.addApiKey(rita)), false);
        gpu1.appendAuditEvent("config.changed", "changed on gpu1", null, Map.of());
        gpu1.appendAuditEvent("job.submitted", "job 1", null, Map.of());
        gpu1.appendAuditEvent("config.changed", "changed again", null, Map.of());
        ThemeChoice.PRIMER_LIGHT.apply();
        UiExecutor executor = UiExecutor.onFxThread(background);
        targets = new TargetSwitch(() -> new LocalTarget(console.services.store(),
                new HardwareInfo(console.services.providerConfigs())), () -> servers, executor);
        ProvidersViewModel model = console.providersModel(executor, () -> { });
        model.followTarget(targets);
        ViewLoader views = new ViewLoader(type -> new ProvidersController(model));
        scene = new Scene((Parent) views.load(ProvidersController.class).controller().view(), 1024, 700);
        stage.setScene(scene);
        stage.show();
        targets.reload();
    }

    @AfterEach
    void cleanUp() throws Exception {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(stage::hide));
        console.close();
        gpu1.close();
        gpu2.close();
        Application.setUserAgentStylesheet(null);
    }

    @SuppressWarnings("unchecked")
    private static TableView<AuditRow> auditTable(FxRobot robot) {
        return robot.lookup("#auditTable").queryAs(TableView.class);
    }

    private static Label label(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class);
    }

    private static boolean shown(Node node) {
        return node.isVisible() && node.isManaged();
    }

    private void choose(FxRobot robot, String target) {
        FxSteps.settle(robot, background);
        FxSteps.onFx(() -> {
            targets.chosenProperty().set(target);
            return null;
        });
        FxSteps.settle(robot, background);
    }

    @Test
    @SuppressWarnings("unchecked")
    void figuresAndOneEventTypeFromTheServerAndARefusedPermissionAsOneRedLine(FxRobot robot) throws Exception {
        choose(robot, "gpu1");
        robot.clickOn("Audit log");
        FxSteps.settle(robot, background);

        assertThat(label(robot, "#auditFiguresLabel").getText()).endsWith(", 3 event types.");
        ComboBox<String> types = robot.lookup("#eventTypeBox").queryAs(ComboBox.class);
        robot.clickOn(types);
        ListCell<?> configChanged = FxSteps.await(() -> robot.lookup(".combo-box-popup .list-cell")
                .match((ListCell<?> cell) -> "config.changed (2)".equals(cell.getText())).query());
        robot.clickOn(configChanged);
        FxSteps.settle(robot, background);

        assertThat(gpu1.requests(Route.AUDIT_LIST)).last().satisfies(request -> assertThat(request.query())
                .contains("event_type=config.changed"));
        FxSteps.untilAsserted(() -> assertThat(auditTable(robot).getItems()).extracting(AuditRow::action)
                .containsExactly("changed again", "changed on gpu1"));
        assertThat(label(robot, "#auditSummaryLabel").getText()).isEqualTo("Showing 2 entries of type config.changed.");
        assertThat(shown(label(robot, "#auditProblemLabel"))).isFalse();
        Screenshots.save(scene, "providers-audit-gpu1-1024x700");

        choose(robot, "gpu2");
        Label problem = label(robot, "#auditProblemLabel");
        assertThat(shown(problem)).isTrue();
        assertThat(problem.getText()).startsWith("The audit log could not be read: gpu2: GET /api/audit").contains("403")
                .contains("admin.audit").doesNotContain("\n").doesNotContain("Exception");
        assertThat(problem.getPseudoClassStates()).contains(ERROR);
        assertThat(auditTable(robot).getItems()).as("no rows of gpu1 under gpu2's failure").isEmpty();
        assertThat(label(robot, "#auditFiguresLabel").getText()).isEmpty();

        robot.clickOn("#verifyButton");
        FxSteps.settle(robot, background);
        assertThat(shown(label(robot, "#verdictLabel"))).as("one red line, not two").isFalse();
        assertThat(problem.getText()).startsWith("The chain could not be verified: gpu2: GET /api/audit/verify")
                .contains("403");
        assertThat(robot.lookup(".verdict").queryAll().stream().filter(ProvidersAuditOnAServerTest::shown)).hasSize(1);
        Screenshots.save(scene, "providers-audit-gpu2-403-1024x700");

        choose(robot, "gpu1");
        assertThat(shown(problem)).isFalse();
        FxSteps.untilAsserted(() -> assertThat(auditTable(robot).getItems()).hasSize(2));
    }
}
