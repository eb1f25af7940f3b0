package io.secretdesk.ui.providers;

import static io.secretdesk.testing.FxSteps.onFx;
import static io.secretdesk.testing.FxSteps.replaceText;
import static io.secretdesk.testing.FxSteps.scrollIntoView;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.store.ProviderConfigStore;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.ThemeChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
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
 * The real ProvidersView.fxml over a real SQLite database, secrets file and audit log in a temp folder,
 * driven with clicks and typing on a headless (Monocle) stage.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class ProvidersViewTest {

    private final QueuedExecutor background = new QueuedExecutor();
    private ConsoleFixture console;
    private ProvidersController controller;
    private Stage stage;

    static Map<String, Object> replicateConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("webhook_url", "https://hooks.example.com/replicate");
        config.put("webhook_allowed_ips", List.of("203.0.113.7", "10.0.0.0/8"));
        config.put("region", "us-east");
        return config;
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        // TestFX reuses one stage for every class: drop what a shell test left on it (it saves to a removed settings node).
        stage.setOnHidden(null);
        console = ConsoleFixture.inNewTempDir("providers-view", Map.of());
        // Seeding is test setup; the view itself reads and writes only through its UiExecutor.
        console.services.providerConfigs().saveProviderConfig("replicate", replicateConfig());
        console.services.providerConfigs().saveProviderConfig("modal", Map.of("webhook_url", "https://modal.example.com/hook"));
        ThemeChoice.PRIMER_LIGHT.apply();
        UiExecutor executor = UiExecutor.onFxThread(background);
        ViewLoader views = new ViewLoader(type -> new ProvidersController(console.providersModel(executor, () -> { })));
        controller = views.load(ProvidersController.class).controller();
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

    private ProviderConfigStore configs() {
        return console.services.providerConfigs();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }

    private static boolean shown(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node.isVisible() && node.isManaged();
    }

    /** The provider list's cell showing {@code name}, as laid out now (throws if it is not yet). */
    private static ListCell<?> providerCell(FxRobot robot, String name) {
        return robot.lookup(".list-cell").match((ListCell<?> cell) -> name.equals(cell.getText())).query();
    }

    /** That cell once the list has laid it out (the pulse after its items changed), to click it. */
    private static ListCell<?> laidOutProviderCell(FxRobot robot, String name) {
        return FxSteps.await(() -> providerCell(robot, name));
    }

    @Test
    void saveAProviderConfigAndSeeItsAuditEntry(FxRobot robot) {
        settle(robot);
        assertThat(text(robot, "#providerTitle")).isEqualTo("replicate");
        assertThat(robot.lookup("#webhookUrlField").queryTextInputControl().getText()).isEqualTo("https://hooks.example.com/replicate");
        assertThat(robot.lookup("#saveButton").queryButton().isDisabled()).as("nothing to save yet").isTrue();

        replaceText(robot, "#webhookUrlField", "https://hooks.example.com/v2");

        assertThat(shown(robot, "#unsavedLabel")).isTrue();
        // The list marks the cell in its next layout pass (the view refreshes the list when dirty changes).
        FxSteps.untilAsserted(() -> {
            assertThat(providerCell(robot, "replicate").getPseudoClassStates()).contains(PseudoClass.getPseudoClass("dirty"));
            assertThat(providerCell(robot, "modal").getPseudoClassStates()).doesNotContain(PseudoClass.getPseudoClass("dirty"));
        });
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(configs().webhookConfig("replicate").url()).contains("https://hooks.example.com/v2");
        assertThat(text(robot, "#messageLabel")).isEqualTo("Saved replicate (audit entry #3). SimpleTuner uses it from its next request.");
        assertThat(shown(robot, "#unsavedLabel")).isFalse();

        robot.clickOn("Audit log");
        settle(robot);
        TableView<AuditRow> table = robot.lookup("#auditTable").queryTableView();
        assertThat(table.getItems()).extracting(AuditRow::action).first().isEqualTo("provider_config.update");
        FxSteps.untilAsserted(() -> assertThat(robot.lookup(".table-cell")
                .match((TableCell<?, ?> cell) -> "provider:replicate".equals(cell.getText()) && cell.getTableRow().getIndex() == 0)
                .tryQuery()).as("the newest entry is the first row").isPresent());

        robot.clickOn("#verifyButton");
        settle(robot);
        assertThat(text(robot, "#verdictLabel")).isEqualTo("Chain intact: 3 entries verified.");
    }

    @Test
    void invalidJsonIsShownWithItsPositionAndBlocksSave(FxRobot robot) {
        settle(robot);

        scrollIntoView(robot, "#jsonArea");
        replaceText(robot, "#jsonArea", "{\"region\": }");

        assertThat(shown(robot, "#jsonProblemLabel")).isTrue();
        assertThat(text(robot, "#jsonProblemLabel")).startsWith("Invalid JSON at line 1, column 12:");
        assertThat(robot.lookup("#jsonArea").query().getPseudoClassStates()).contains(PseudoClass.getPseudoClass("danger"));
        assertThat(robot.lookup("#saveButton").queryButton().isDisabled()).isTrue();
        robot.clickOn("#saveButton");
        settle(robot);
        assertThat(configs().getProviderConfig("replicate")).isEqualTo(replicateConfig());

        replaceText(robot, "#jsonArea", "{\"region\": \"eu-west\"}");
        assertThat(shown(robot, "#jsonProblemLabel")).isFalse();
        robot.clickOn("#saveButton");
        settle(robot);
        assertThat(configs().getProviderConfig("replicate")).containsEntry("region", "eu-west");
    }

    @Test
    void discardUnsavedChanges(FxRobot robot) {
        settle(robot);
        replaceText(robot, "#webhookUrlField", "https://unsaved.example.com");
        robot.clickOn("#costEnabledBox");
        assertThat(shown(robot, "#unsavedLabel")).isTrue();

        robot.clickOn("#discardButton");

        assertThat(robot.lookup("#webhookUrlField").queryTextInputControl().getText()).isEqualTo("https://hooks.example.com/replicate");
        assertThat(robot.lookup("#costEnabledBox").queryAs(CheckBox.class).isSelected()).isFalse();
        assertThat(shown(robot, "#unsavedLabel")).isFalse();
        assertThat(robot.lookup("#discardButton").queryButton().isDisabled()).isTrue();
        assertThat(text(robot, "#messageLabel")).isEqualTo("Discarded the unsaved changes to replicate.");
        assertThat(configs().getProviderConfig("replicate")).isEqualTo(replicateConfig());
    }

    @Test
    void switchingProvidersWithUnsavedChangesAsksFirst(FxRobot robot) {
        settle(robot);
        replaceText(robot, "#webhookUrlField", "https://unsaved.example.com");

        robot.clickOn(laidOutProviderCell(robot, "modal"));
        settle(robot);

        assertThat(shown(robot, "#switchBar")).isTrue();
        assertThat(text(robot, "#switchLabel")).isEqualTo("replicate has unsaved changes. Discard them and open modal?");
        ListView<String> list = robot.lookup("#providerList").queryListView();
        assertThat(list.getSelectionModel().getSelectedItem()).as("the list stays on replicate").isEqualTo("replicate");

        robot.clickOn("#cancelSwitchButton");
        assertThat(shown(robot, "#switchBar")).isFalse();
        assertThat(robot.lookup("#webhookUrlField").queryTextInputControl().getText()).isEqualTo("https://unsaved.example.com");

        robot.clickOn(laidOutProviderCell(robot, "modal"));
        settle(robot);
        robot.clickOn("#confirmSwitchButton");
        settle(robot);

        assertThat(text(robot, "#providerTitle")).isEqualTo("modal");
        assertThat(list.getSelectionModel().getSelectedItem()).isEqualTo("modal");
        assertThat(robot.lookup("#webhookUrlField").queryTextInputControl().getText()).isEqualTo("https://modal.example.com/hook");
        assertThat(configs().webhookConfig("replicate").url()).contains("https://hooks.example.com/replicate");
    }

    @Test
    void theWebhookSecretIsMaskedUntilShown(FxRobot robot) {
        settle(robot);
        String secret = "whsec_fxTestSecret";
        assertThat(shown(robot, "#webhookSecretField")).isTrue();
        assertThat(shown(robot, "#webhookSecretShown")).isFalse();

        robot.clickOn("#webhookSecretField").write(secret);
        robot.clickOn("#showSecretToggle");

        assertThat(shown(robot, "#webhookSecretShown")).isTrue();
        assertThat(shown(robot, "#webhookSecretField")).isFalse();
        assertThat(secret.equals(robot.lookup("#webhookSecretShown").queryTextInputControl().getText()))
                .as("the shown field holds the typed secret").isTrue();
        robot.clickOn("#saveButton");
        settle(robot);
        assertThat(configs().webhookConfig("replicate").secret().map(secret::equals)).as("the stored secret matches").contains(true);
    }

    @Test
    void anAllowedIpThatIsNotAnAddressIsMarkedAndNotAdded(FxRobot robot) {
        settle(robot);

        robot.clickOn("#newIpField").write("10.0.0.300");
        assertThat(robot.lookup("#newIpField").query().getPseudoClassStates()).contains(PseudoClass.getPseudoClass("danger"));
        robot.clickOn("#addIpButton");
        assertThat(text(robot, "#messageLabel")).startsWith("'10.0.0.300' is not an IP address or CIDR range");
        assertThat(robot.lookup("#ipList").queryListView().getItems()).containsExactly("203.0.113.7", "10.0.0.0/8");

        replaceText(robot, "#newIpField", "2001:db8::/32");
        robot.type(KeyCode.ENTER);
        assertThat(robot.lookup("#ipList").queryListView().getItems()).containsExactly("203.0.113.7", "10.0.0.0/8", "2001:db8::/32");
    }

    @Test
    void theTokenIsSavedToTheSecretsFileFromTheMaskedField(FxRobot robot) {
        settle(robot);
        assertThat(text(robot, "#tokenKeyLabel")).isEqualTo("REPLICATE_API_TOKEN");
        assertThat(text(robot, "#tokenSourceLabel")).isEqualTo("REPLICATE_API_TOKEN is not set in any source yet.");

        scrollIntoView(robot, "#tokenField");
        robot.clickOn("#tokenField").write("r8_fxViewToken");
        robot.clickOn("#saveTokenButton");
        settle(robot);

        assertThat(text(robot, "#messageLabel")).isEqualTo("Saved REPLICATE_API_TOKEN to the secrets file; the chain now returns it.");
        assertThat(console.services.secrets().get(SecretsManager.REPLICATE_API_TOKEN).map("r8_fxViewToken"::equals)).contains(true);
        assertThat(robot.lookup("#tokenField").queryTextInputControl().getText()).isEmpty();
        assertThat(text(robot, "#tokenSourceLabel")).startsWith("REPLICATE_API_TOKEN comes from the secrets file (");
    }

    @Test
    void verifyingATamperedLogMarksTheFirstBrokenEntry(FxRobot robot) throws Exception {
        try (Connection raw = console.rawAudit(); Statement edit = raw.createStatement()) {
            edit.executeUpdate("UPDATE audit_log SET details = '{}' WHERE id = 1");
        }
        settle(robot);

        onFx(controller::focusSearch);
        settle(robot);
        assertThat(robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getText()).isEqualTo("Audit log");
        assertThat(robot.lookup("#auditFilterField").query().isFocused()).isTrue();
        robot.clickOn("#verifyButton");
        settle(robot);

        assertThat(text(robot, "#verdictLabel")).startsWith("Chain broken at entry 1: entry 1 does not match its hash");
        assertThat(robot.lookup("#verdictLabel").query().getPseudoClassStates()).contains(PseudoClass.getPseudoClass("error"));
        FxSteps.untilAsserted(() -> {
            TableRow<?> broken = robot.lookup(".table-row-cell")
                    .match((TableRow<?> row) -> row.getItem() instanceof AuditRow entry && entry.seq() == 1).query();
            assertThat(broken.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("broken"));
        });

        robot.clickOn("#auditFilterField").write("modal");
        assertThat(robot.lookup("#auditTable").queryTableView().getItems()).extracting(e -> ((AuditRow) e).target())
                .containsExactly("provider:modal");
    }

    @Test
    void addAProviderByNameAndSaveIt(FxRobot robot) {
        settle(robot);

        robot.clickOn("#newProviderField").write("lambda");
        robot.clickOn("#addProviderButton");
        settle(robot);

        assertThat(text(robot, "#providerTitle")).isEqualTo("lambda");
        assertThat(shown(robot, "#unsavedLabel")).isTrue();
        assertThat(text(robot, "#tokenKeyLabel")).isEqualTo("LAMBDA_API_TOKEN");
        replaceText(robot, "#webhookUrlField", "https://lambda.example.com/hook");
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(configs().listProviders()).containsExactly("lambda", "modal", "replicate");
        assertThat(shown(robot, "#unsavedLabel")).isFalse();
    }
}
