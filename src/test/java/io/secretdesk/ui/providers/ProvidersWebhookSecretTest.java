package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.ThemeChoice;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.Clipboard;
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
 * Provider Config's webhook secret is the console's SecretField on the real ProvidersView.fxml: masked, a reveal that
 * re-masks after the console's timeout (a clock the test moves), and copies only through the clipboard guard, so a
 * Ctrl+A Ctrl+C leaves nothing on the system clipboard past the countdown.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class ProvidersWebhookSecretTest {

    private static final String CANARY = "whsec_CANARYcanary0123456789";

    private final QueuedExecutor background = new QueuedExecutor();
    private final TickingClock time = new TickingClock();
    private final MemoryClipboard clipboard = new MemoryClipboard();
    private final ClipboardGuard guard = new ClipboardGuard(clipboard, Duration.ofSeconds(20), time::nanoTime, time);
    private final Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));
    private ConsoleFixture console;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        stage.setOnHidden(null);
        console = ConsoleFixture.inNewTempDir("providers-webhook", Map.of());
        Map<String, Object> config = new LinkedHashMap<>(ProvidersViewTest.replicateConfig());
        config.put("webhook_secret", CANARY);
        console.services.providerConfigs().saveProviderConfig("replicate", config);
        ThemeChoice.PRIMER_LIGHT.apply();
        ProvidersViewModel model = console.providersModel(UiExecutor.onFxThread(background), () -> { });
        ViewLoader views = new ViewLoader(type -> new ProvidersController(model, null, reveals, guard));
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

    private static boolean shown(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node.isVisible() && node.isManaged();
    }

    @Test
    void theWebhookSecretIsMaskedRevealsForTheConsolesTimeAndIsCopiedOnlyThroughTheGuard(FxRobot robot) {
        FxSteps.settle(robot, background);
        FxSteps.untilAsserted(() -> assertThat(robot.lookup("#webhookSecretField").queryTextInputControl().getText().equals(CANARY))
                .as("the stored secret is in the masked field").isTrue());
        assertThat(shown(robot, "#webhookSecretField")).isTrue();
        assertThat(shown(robot, "#webhookSecretShown")).isFalse();
        robot.interact(() -> Clipboard.getSystemClipboard().clear());

        robot.clickOn("#webhookSecretField");
        robot.push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.CONTROL, KeyCode.C);
        assertThat(clipboard.empty()).as("a masked field copies nothing").isTrue();

        robot.clickOn("#showSecretToggle");
        assertThat(shown(robot, "#webhookSecretShown")).isTrue();
        robot.clickOn("#webhookSecretShown");
        robot.push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.CONTROL, KeyCode.C);

        assertThat(clipboard.holds(CANARY)).as("copied through the guard").isTrue();
        assertThat(FxSteps.onFx(() -> Clipboard.getSystemClipboard().hasString())).as("never straight to the system clipboard")
                .isFalse();
        robot.interact(() -> time.advance(Duration.ofSeconds(11)));
        assertThat(shown(robot, "#webhookSecretShown")).as("masked again after the reveal timeout").isFalse();
        assertThat(shown(robot, "#webhookSecretField")).isTrue();
        robot.interact(() -> time.advance(Duration.ofSeconds(10)));
        assertThat(clipboard.empty()).as("the guard cleared the copy after its countdown").isTrue();
    }
}
