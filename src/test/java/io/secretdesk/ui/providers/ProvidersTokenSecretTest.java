package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
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

/**
 * Provider Config's API-token field (Replicate's token) is the console's SecretField on the real ProvidersView.fxml, in
 * the real shell: masked, a reveal that re-masks after the console's timeout (a clock the test moves) and when the
 * console locks, and copies only through the clipboard guard, so Ctrl+A Ctrl+C leaves nothing on the system clipboard.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class ProvidersTokenSecretTest {

    private static final String CANARY = "r8_CANARYtoken0123456789";

    private final QueuedExecutor background = new QueuedExecutor();
    private final TickingClock time = new TickingClock();
    private final MemoryClipboard clipboard = new MemoryClipboard();
    private final ClipboardGuard guard = new ClipboardGuard(clipboard, Duration.ofSeconds(20), time::nanoTime, time);
    private final Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));
    private ConsoleFixture console;
    private ShellFixture shell;

    @Start
    void start(Stage stage) throws Exception {
        console = ConsoleFixture.inNewTempDir("providers-token", Map.of());
        console.services.providerConfigs().saveProviderConfig("replicate", ProvidersViewTest.replicateConfig());
        UiExecutor executor = UiExecutor.onFxThread(background);
        shell = new ShellFixture(stage, executor, guard, List::of, reveals);
        shell.page("providers", ProvidersController.class,
                () -> new ProvidersController(console.providersModel(executor, () -> { }), null, reveals, guard)).show();
        stage.setWidth(1100);
        stage.setHeight(760);
    }

    @AfterEach
    void cleanUp() throws Exception {
        shell.close();
        console.close();
    }

    private static boolean shown(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node.isVisible() && node.isManaged();
    }

    private void openProviders(FxRobot robot) {
        robot.clickOn("#nav-providers");
        FxSteps.settle(robot, background);
        FxSteps.untilAsserted(() -> assertThat(robot.lookup("#tokenKeyLabel").queryLabeled().getText()).isEqualTo("REPLICATE_API_TOKEN"));
        FxSteps.scrollIntoView(robot, "#tokenField");
    }

    @Test
    void theTokenIsMaskedRevealsForTheConsolesTimeAndIsCopiedOnlyThroughTheGuard(FxRobot robot) {
        openProviders(robot);
        robot.interact(() -> Clipboard.getSystemClipboard().clear());
        assertThat(robot.lookup("#tokenSecretBox .secret-field").tryQuery()).as("the console's SecretField").isPresent();

        robot.clickOn("#tokenField").write(CANARY);
        assertThat(shown(robot, "#tokenField")).isTrue();
        assertThat(shown(robot, "#tokenShown")).isFalse();
        robot.push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.CONTROL, KeyCode.C);
        assertThat(clipboard.empty()).as("a masked field copies nothing").isTrue();

        robot.clickOn("#showTokenToggle");
        assertThat(shown(robot, "#tokenShown")).isTrue();
        robot.clickOn("#tokenShown");
        robot.push(KeyCode.CONTROL, KeyCode.A).push(KeyCode.CONTROL, KeyCode.C);
        assertThat(clipboard.holds(CANARY)).as("copied through the guard").isTrue();
        assertThat(FxSteps.onFx(() -> Clipboard.getSystemClipboard().hasString())).as("never straight to the system clipboard")
                .isFalse();

        robot.interact(() -> time.advance(Duration.ofSeconds(11)));
        assertThat(shown(robot, "#tokenShown")).as("masked again after the reveal timeout").isFalse();
        assertThat(shown(robot, "#tokenField")).isTrue();
        robot.interact(() -> time.advance(Duration.ofSeconds(10)));
        assertThat(clipboard.empty()).as("the guard cleared the copy after its countdown").isTrue();

        robot.clickOn("#saveTokenButton");
        FxSteps.settle(robot, background);
        assertThat(console.services.secrets().get(SecretsManager.REPLICATE_API_TOKEN).map(CANARY::equals))
                .as("the typed token is what was saved").contains(true);
    }

    @Test
    void lockingTheConsoleMasksARevealedToken(FxRobot robot) {
        openProviders(robot);
        robot.clickOn("#tokenField").write(CANARY);
        robot.clickOn("#showTokenToggle");
        assertThat(shown(robot, "#tokenShown")).isTrue();

        robot.interact(() -> shell.model.lock().lock());
        robot.interact(() -> shell.model.lock().unlock());

        assertThat(shown(robot, "#tokenShown")).as("the lock masked it").isFalse();
        assertThat(shown(robot, "#tokenField")).isTrue();
        assertThat(CANARY.equals(robot.lookup("#tokenField").queryTextInputControl().getText()))
                .as("the typed token is kept, masked").isTrue();
    }
}
