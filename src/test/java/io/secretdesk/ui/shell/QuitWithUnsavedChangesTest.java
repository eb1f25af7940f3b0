package io.secretdesk.ui.shell;

import static io.secretdesk.testing.FxSteps.onFx;
import static io.secretdesk.testing.FxSteps.replaceText;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.pricing.PricingController;
import io.secretdesk.ui.pricing.PricingViewModel;
import io.secretdesk.ui.providers.ProvidersController;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.prefs.Preferences;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Quitting the real shell (Ctrl+Q, or the window's close button) while the real Provider Config and Hardware
 * Pricing pages hold unsaved edits, over a real database in a temp folder, on a headless (Monocle) stage.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class QuitWithUnsavedChangesTest {

    private static final String STORED_URL = "https://hooks.example.com/replicate";

    private final QueuedExecutor background = new QueuedExecutor();
    private final AtomicInteger quits = new AtomicInteger();
    private ConsoleFixture console;
    private ShellFixture shell;
    private PricingViewModel pricing;
    private Preferences prefs;
    private ClipboardGuard guard;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        console = ConsoleFixture.inNewTempDir("quit-unsaved", Map.of());
        console.services.providerConfigs().saveProviderConfig("replicate", Map.of("webhook_url", STORED_URL));
        UiExecutor executor = UiExecutor.onFxThread(background);
        shell = new ShellFixture(stage, executor, ClipboardGuard.onFxThread(Duration.ofSeconds(20)), List::of);
        prefs = shell.prefs;
        guard = shell.guard;
        pricing = console.pricingModel(executor);
        shell.page("providers", ProvidersController.class, () -> new ProvidersController(console.providersModel(executor, () -> { })))
                .page("pricing", PricingController.class, () -> new PricingController(pricing))
                // As App wires it: quitting closes the window, which clears the clipboard and remembers the bounds.
                .onQuit(() -> {
                    quits.incrementAndGet();
                    stage.close();
                })
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

    private static String question(FxRobot robot) {
        Label label = robot.lookup(".quit-text").queryAs(Label.class);
        return label.isVisible() ? label.getText() : "";
    }

    private static String pageTitle(FxRobot robot) {
        return robot.lookup(".page-title").queryAs(Label.class).getText();
    }

    private void closeButton(FxRobot robot) {
        robot.interact(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
    }

    private void editTheWebhookUrl(FxRobot robot) {
        robot.clickOn("#nav-providers");
        settle(robot);
        replaceText(robot, "#webhookUrlField", "https://hooks.example.com/not-saved");
    }

    @Test
    void ctrlQWithUnsavedProviderConfigAsksAndKeepEditingReturnsToTheEdits(FxRobot robot) {
        editTheWebhookUrl(robot);
        robot.clickOn("#nav-secrets");

        robot.push(KeyCode.CONTROL, KeyCode.Q);

        assertThat(quits).as("nothing quit yet").hasValue(0);
        assertThat(stage.isShowing()).isTrue();
        assertThat(question(robot)).isEqualTo("Discard unsaved changes in Provider Config and quit?");
        assertThat(robot.lookup("#keepEditingButton").query().isFocused()).as("the safe answer has the focus").isTrue();

        robot.clickOn("#keepEditingButton");

        assertThat(question(robot)).isEmpty();
        assertThat(pageTitle(robot)).as("back to the page with the edits").isEqualTo("Provider Config");
        assertThat(robot.lookup("#webhookUrlField").queryTextInputControl().getText())
                .isEqualTo("https://hooks.example.com/not-saved");
        assertThat(quits).hasValue(0);
    }

    @Test
    void theWindowsCloseButtonAsksTooAndQuitDiscardsTheEditsClearsTheClipboardAndRemembersTheWindow(FxRobot robot) {
        editTheWebhookUrl(robot);
        robot.interact(() -> guard.copy("HF_TOKEN", "hf_quitTestValue"));

        closeButton(robot);

        assertThat(stage.isShowing()).as("the close request was held").isTrue();
        assertThat(question(robot)).isEqualTo("Discard unsaved changes in Provider Config and quit?");

        robot.clickOn("#confirmQuitButton");

        assertThat(quits).hasValue(1);
        assertThat(stage.isShowing()).isFalse();
        assertThat(onFx(() -> Clipboard.getSystemClipboard().hasString())).as("closing cleared the copied secret").isFalse();
        assertThat(prefs.getDouble(MainViewModel.KEY_WIDTH, 0)).as("closing remembered the window").isEqualTo(1100);
        assertThat(console.services.providerConfigs().getProviderConfig("replicate"))
                .as("the edits were discarded, not saved").containsEntry("webhook_url", STORED_URL);
    }

    @Test
    void editsInTwoPagesAreBothNamedAndEscapeKeepsEditing(FxRobot robot) {
        editTheWebhookUrl(robot);
        robot.clickOn("#nav-pricing");
        settle(robot);
        robot.interact(() -> pricing.rows().get(0).costPerSecondProperty().set("0.002"));

        robot.push(KeyCode.CONTROL, KeyCode.Q);
        assertThat(question(robot)).isEqualTo("Discard unsaved changes in Provider Config and Hardware Pricing and quit?");

        robot.push(KeyCode.ESCAPE);

        assertThat(question(robot)).isEmpty();
        assertThat(pageTitle(robot)).isEqualTo("Provider Config");
        assertThat(quits).hasValue(0);
    }

    @Test
    void withNothingUnsavedBothWaysOfQuittingCloseAtOnce(FxRobot robot) {
        robot.clickOn("#nav-providers");
        settle(robot);
        robot.clickOn("#nav-pricing");
        settle(robot);

        closeButton(robot);

        assertThat(stage.isShowing()).as("the close button is never held when nothing is unsaved").isFalse();
        robot.interact(stage::show);

        robot.push(KeyCode.CONTROL, KeyCode.Q);

        assertThat(quits).hasValue(1);
        assertThat(stage.isShowing()).isFalse();
    }
}
