package io.secretdesk.ui.providers;

import static io.secretdesk.testing.FxSteps.replaceText;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.pricing.PricingController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Regression: Provider Config showed a "Saved" banner beside "Unsaved changes" and an error at the same time. The page's
 * status now comes from one state (PageStatus.Status) on the real ProvidersView.fxml in the real shell: saved,
 * unsaved and error are exclusive, a success toast goes as soon as the form is edited, by itself after its time (a clock
 * the test moves) and when the page is left.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class ProvidersStatusTest {

    private final QueuedExecutor background = new QueuedExecutor();
    private final TickingClock time = new TickingClock();
    private final ClipboardGuard guard = new ClipboardGuard(new MemoryClipboard(), Duration.ofSeconds(20), time::nanoTime, time);
    private final Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));
    private ConsoleFixture console;
    private ShellFixture shell;

    @Start
    void start(Stage stage) throws Exception {
        console = ConsoleFixture.inNewTempDir("providers-status", Map.of());
        console.services.providerConfigs().saveProviderConfig("replicate", ProvidersViewTest.replicateConfig());
        UiExecutor executor = UiExecutor.onFxThread(background);
        shell = new ShellFixture(stage, executor, guard, List::of, reveals);
        shell.page("providers", ProvidersController.class, () -> new ProvidersController(
                        console.providersModel(executor, () -> { }, reveals.newNotice()), null, reveals, guard))
                .page("pricing", PricingController.class, () -> new PricingController(console.pricingModel(executor)))
                .show();
        stage.setWidth(1100);
        stage.setHeight(760);
    }

    @AfterEach
    void cleanUp() throws Exception {
        shell.close();
        console.close();
    }

    private void settle(FxRobot robot) {
        FxSteps.settle(robot, background);
    }

    private static boolean shown(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node.isVisible() && node.isManaged();
    }

    /** What the page shows about itself: the marker, and the status line with its kind; never two statuses. */
    private static List<String> status(FxRobot robot) {
        List<String> said = new ArrayList<>();
        if (shown(robot, "#unsavedLabel")) {
            said.add("marker: Unsaved changes");
        }
        if (shown(robot, "#messageBox")) {
            Node box = robot.lookup("#messageBox").query();
            String kind = box.getStyleClass().stream().filter(c -> List.of("none", "info", "warning", "saved", "unsaved", "error")
                    .contains(c)).reduce((a, b) -> a + "+" + b).orElse("?");
            said.add(kind + ": " + robot.lookup("#messageLabel").queryLabeled().getText());
        }
        return said;
    }

    @Test
    void savedUnsavedAndErrorAreNeverShownTogether(FxRobot robot) {
        robot.clickOn("#nav-providers");
        settle(robot);
        assertThat(status(robot)).isEmpty();

        replaceText(robot, "#webhookUrlField", "https://hooks.example.com/v2");
        assertThat(status(robot)).containsExactly("marker: Unsaved changes");

        robot.clickOn("#saveButton");
        settle(robot);
        assertThat(status(robot)).containsExactly("saved: Saved replicate (audit entry #2). SimpleTuner uses it from its next request.");

        replaceText(robot, "#webhookUrlField", "https://hooks.example.com/v3");
        assertThat(status(robot)).as("the success toast spoke of the form before this edit").containsExactly("marker: Unsaved changes");

        replaceText(robot, "#webhookUrlField", "ftp://nowhere");
        assertThat(status(robot)).containsExactly("error: Cannot save yet: The webhook URL must be an http:// or https:// "
                + "address with a host, e.g. https://example.com/hooks/replicate.");
        assertThat(shown(robot, "#dismissButton")).as("it goes when the URL is fixed, not with x").isFalse();

        replaceText(robot, "#webhookUrlField", "https://hooks.example.com/v3");
        assertThat(status(robot)).containsExactly("marker: Unsaved changes");
        robot.clickOn("#newIpField").write("10.0.0.300");
        robot.clickOn("#addIpButton");
        assertThat(status(robot)).hasSize(1).first().asString().startsWith("error: '10.0.0.300' is not an IP address");
        robot.clickOn("#dismissButton");
        assertThat(status(robot)).containsExactly("marker: Unsaved changes");

        robot.clickOn("#saveButton");
        settle(robot);
        assertThat(status(robot)).hasSize(1).first().asString().startsWith("saved: Saved replicate");
        robot.interact(() -> time.advance(Duration.ofSeconds(7)));
        assertThat(status(robot)).as("a success toast goes by itself").isEmpty();
    }

    @Test
    void leavingThePageRemovesItsToastAndItsQuestion(FxRobot robot) {
        robot.clickOn("#nav-providers");
        settle(robot);
        replaceText(robot, "#webhookUrlField", "https://hooks.example.com/v2");
        robot.clickOn("#saveButton");
        settle(robot);
        assertThat(status(robot)).hasSize(1);

        robot.clickOn("#nav-pricing");
        settle(robot);
        robot.clickOn("#nav-providers");
        settle(robot);

        assertThat(status(robot)).isEmpty();
    }
}
