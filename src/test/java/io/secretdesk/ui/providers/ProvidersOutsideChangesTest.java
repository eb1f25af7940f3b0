package io.secretdesk.ui.providers;

import static io.secretdesk.testing.FxSteps.replaceText;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.services.Services;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.common.StoreWatch;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.ThemeChoice;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
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
 * The real ProvidersView.fxml while another process (its own SQLite connections, as SimpleTuner's server or
 * {@code secretdesk config set} holds them) changes jobs.db and audit.db, seen through the console's watch of them.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class ProvidersOutsideChangesTest {

    private final QueuedExecutor background = new QueuedExecutor();
    private ConsoleFixture console;
    private ProvidersViewModel model;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        stage.setOnHidden(null);
        console = ConsoleFixture.inNewTempDir("providers-outside", Map.of());
        console.services.providerConfigs().saveProviderConfig("replicate", ProvidersViewTest.replicateConfig());
        ThemeChoice.PRIMER_LIGHT.apply();
        model = console.providersModel(UiExecutor.onFxThread(background), () -> { });
        ViewLoader views = new ViewLoader(type -> new ProvidersController(model));
        ProvidersController controller = views.load(ProvidersController.class).controller();
        stage.setScene(new Scene((Parent) controller.view(), 1000, 760));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(stage::hide));
        console.close();
        Application.setUserAgentStylesheet(null);
    }

    private void settle(FxRobot robot) {
        FxSteps.settle(robot, background);
    }

    /** The console's watch, wired as App wires it, polled once so it starts from what the view shows. */
    private StoreWatch watching() {
        StoreWatch watch = console.storeWatch();
        watch.subscribe(changed -> {
            if (changed.contains(console.services.files().jobsDb())) {
                model.changedOutside("jobs.db");
            }
            if (changed.contains(console.services.files().auditDb())) {
                model.auditChangedOutside("audit.db");
            }
        });
        watch.poll();
        return watch;
    }

    /** One run of the console's 2 s poll, and the reloads it starts. */
    private void pollAndSettle(FxRobot robot, StoreWatch watch) {
        watch.poll();
        WaitForAsyncUtils.waitForFxEvents();
        settle(robot);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }

    private static String field(FxRobot robot, String query) {
        return robot.lookup(query).queryTextInputControl().getText();
    }

    private static boolean shown(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node.isVisible() && node.isManaged();
    }

    @Test
    void aConfigChangedOutsideIsReloadedWithANoticeAndItsAuditEntryAppears(FxRobot robot) {
        settle(robot);
        assertThat(field(robot, "#webhookUrlField")).isEqualTo("https://hooks.example.com/replicate");
        int entriesBefore = FxSteps.onFx(() -> robot.lookup("#auditTable").queryAs(TableView.class).getItems().size());
        try (StoreWatch watch = watching(); Services terminal = console.anotherProcess()) {
            terminal.providerConfigs().updateProviderConfig("replicate", Map.of("webhook_url", "https://hooks.example.com/outside"));
            terminal.providerConfigs().saveProviderConfig("vastai", Map.of("region", "eu"));
            pollAndSettle(robot, watch);

            FxSteps.untilAsserted(() -> assertThat(field(robot, "#webhookUrlField")).isEqualTo("https://hooks.example.com/outside"));
            assertThat(text(robot, "#messageLabel")).isEqualTo("jobs.db changed outside the console; replicate's config was reloaded.");
            assertThat(model.providers()).contains("vastai");
            assertThat(shown(robot, "#unsavedLabel")).isFalse();
            FxSteps.untilAsserted(() -> {
                assertThat(robot.lookup("#auditTable").queryAs(TableView.class).getItems()).hasSize(entriesBefore + 2);
                assertThat(text(robot, "#auditSummaryLabel")).endsWith("2 new entries: audit.db changed outside the console.");
            });

            replaceText(robot, "#webhookUrlField", "https://hooks.example.com/mine");
            robot.clickOn("#saveButton");
            settle(robot);
            String saved = text(robot, "#messageLabel");
            assertThat(saved).startsWith("Saved replicate");
            pollAndSettle(robot, watch); // the console's own commit, seen by the watch like any other

            assertThat(text(robot, "#messageLabel")).as("our own save is not news").isEqualTo(saved);
            assertThat(text(robot, "#auditSummaryLabel")).doesNotContain("changed outside");
        }
    }

    @Test
    void withUnsavedEditsAnOutsideChangeAsksReloadAndNeverDropsTheEdits(FxRobot robot) {
        settle(robot);
        replaceText(robot, "#webhookUrlField", "https://hooks.example.com/typed");
        try (StoreWatch watch = watching(); Services terminal = console.anotherProcess()) {
            terminal.providerConfigs().updateProviderConfig("replicate", Map.of("region", "eu-west"));
            pollAndSettle(robot, watch);

            FxSteps.untilAsserted(() -> assertThat(shown(robot, "#reloadOutsideButton")).isTrue());
            assertThat(text(robot, "#messageLabel")).isEqualTo("jobs.db changed outside the console: replicate's stored "
                    + "config is not the one you started editing. Reload? (Reload drops your unsaved edits; Save keeps "
                    + "yours and merges.)");
            assertThat(field(robot, "#webhookUrlField")).as("the edit is kept").isEqualTo("https://hooks.example.com/typed");
            assertThat(shown(robot, "#unsavedLabel")).isTrue();

            robot.clickOn("#reloadOutsideButton");

            assertThat(field(robot, "#webhookUrlField")).isEqualTo("https://hooks.example.com/replicate");
            assertThat(field(robot, "#jsonArea")).contains("eu-west");
            assertThat(shown(robot, "#unsavedLabel")).isFalse();
            assertThat(shown(robot, "#reloadOutsideButton")).isFalse();
            assertThat(text(robot, "#messageLabel")).isEqualTo("Reloaded replicate's stored config; your unsaved edits were dropped.");
        }
    }
}
