package io.secretdesk.ui.secrets;

import static io.secretdesk.testing.FxSteps.untilAsserted;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.VaultKvTestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Regression (issue 15, "always current"): after Vault came back the status bar's dot turned green while the page's
 * banner and the Vault card still said unavailable. On the real FXML in the console's shell, wired as App wires them,
 * against the Vault test server failing and then answering again.
 */
@Tag("fx")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class SourcesComeBackTest {

    @TempDir
    Path userHome;

    private final QueuedExecutor background = new QueuedExecutor();
    private Stage stage;
    private ConsoleUnderTest console;
    private VaultKvTestServer vault;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (console != null) {
            console.close();
        }
        if (vault != null) {
            vault.close();
        }
        Application.setUserAgentStylesheet(null);
    }

    private void settle(FxRobot robot) {
        FxSteps.settle(robot, background);
    }

    private static boolean has(FxRobot robot, String query, String styleClass) {
        return robot.lookup(query).query().getStyleClass().contains(styleClass);
    }

    @Test
    void whenVaultComesBackTheDotTheBannerTheCardAndTheTableSayItTogether(FxRobot robot) {
        vault = VaultKvTestServer.start().mount("secret", 2);
        vault.put("secret", "simpletuner", Map.of("FROM_VAULT", "v-value"));
        vault.failWith(503, "Vault is sealed");
        Map<String, String> env = new HashMap<>();
        env.put("VAULT_ADDR", vault.url());
        env.put("VAULT_TOKEN", vault.rootToken());
        robot.interact(() -> {
            console = new ConsoleUnderTest(stage, env, SimpleTunerHome.underUserHome(userHome), background, Runnable::run);
            console.model.loadIfNeeded();
            console.shell.refreshSources();
        });
        settle(robot);
        untilAsserted(() -> {
            assertThat(has(robot, "#source-vault", "unavailable")).as("the dot").isTrue();
            assertThat(robot.lookup(".unavailable-banner").query().isVisible()).as("the banner").isTrue();
            assertThat(has(robot, "#source-card-vault", "unavailable")).as("the card").isTrue();
        });

        vault.clearFailure();
        robot.clickOn("#source-vault"); // checks the sources again, as F5 and the periodic check do
        settle(robot);

        @SuppressWarnings("unchecked")
        TableView<SecretRow> table = robot.lookup(".secrets-table").queryAs(TableView.class);
        untilAsserted(() -> {
            assertThat(has(robot, "#source-vault", "available")).as("the dot").isTrue();
            Node banner = robot.lookup(".unavailable-banner").query();
            assertThat(banner.isVisible()).as("the banner follows the dot").isFalse();
            assertThat(has(robot, "#source-card-vault", "unavailable")).as("the card follows the dot").isFalse();
            assertThat(has(robot, "#source-card-vault", "available")).isTrue();
            assertThat(table.getItems()).extracting(SecretRow::key).contains("FROM_VAULT");
        });
    }
}
