package io.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.secretdesk.ui.common.FileWatch;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 15's secret hygiene and keyboard on the real Secrets page in the real shell: the whole-value popover, the
 * keyboard on rows, Esc, the typed value's re-masking and guarded copy, toasts that never move the table, and the idle
 * lock, all timed by a fake clock.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class SecretHygieneViewTest {

    private static final String LONG = "hf_CANARYaVeryLongTokenThatDoesNotFitTheValueColumnAtAll0123456789abcdefghijklmnop";
    private static final String R8 = "r8_CANARYfileValueForTheHygieneTest";

    @TempDir
    static Path userHome;

    private final QueuedExecutor background = new QueuedExecutor();
    private Stage stage;
    private ConsoleUnderTest console;
    private Path file;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private void open(FxRobot robot) throws IOException {
        SimpleTunerHome home = SimpleTunerHome.underUserHome(Files.createTempDirectory(userHome, "home"));
        file = home.dir().resolve("secrets.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"HF_TOKEN\": \"" + LONG + "\", \"REPLICATE_API_TOKEN\": \"" + R8 + "\"}");
        Map<String, String> env = new HashMap<>();
        robot.interact(() -> {
            console = new ConsoleUnderTest(stage, env, home, background, Runnable::run);
            stage.setWidth(1024);
            stage.setHeight(700);
            console.model.loadIfNeeded();
        });
        FxSteps.settle(robot, background);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (console != null) {
            console.close();
        }
        Application.setUserAgentStylesheet(null);
    }

    @SuppressWarnings("unchecked")
    private TableView<SecretRow> table(FxRobot robot) {
        return robot.lookup(".secrets-table").queryAs(TableView.class);
    }

    private Node rowOf(FxRobot robot, String key) {
        return robot.lookup(".table-row-cell").match(node -> node instanceof TableRow<?> row
                && row.getItem() instanceof SecretRow item && item.key().equals(key)).query();
    }

    private SecretRow row(FxRobot robot, String key) {
        return FxSteps.onFx(() -> console.model.rows().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow());
    }

    private boolean revealed(FxRobot robot, String key) {
        return FxSteps.onFx(() -> row(robot, key).revealedProperty().get());
    }

    /** Whether any window (the scene or a popup) shows the long token whole. */
    private boolean someWindowShowsWhole() {
        return FxSteps.onFx(() -> Window.getWindows().stream().filter(Window::isShowing)
                .anyMatch(w -> w.getScene() != null && w.getScene().getRoot().lookupAll(".secret-whole").stream()
                        .anyMatch(n -> n instanceof Label l && LONG.equals(l.getText()))));
    }

    private void selectWithKeyboard(FxRobot robot, String key) {
        robot.interact(() -> {
            TableView<SecretRow> table = table(robot);
            table.requestFocus();
            table.getItems().stream().filter(r -> r.key().equals(key)).findFirst()
                    .ifPresent(r -> table.getSelectionModel().select(r));
        });
    }

    @Test
    void theWholeValueShowsInAPopoverThatGoesWhenTheRevealEnds(FxRobot robot) throws IOException {
        open(robot);
        Node whole = FxSteps.await(() -> robot.from(rowOf(robot, "HF_TOKEN")).lookup(".whole-button").query());
        robot.clickOn(whole);

        FxSteps.untilAsserted(() -> assertThat(someWindowShowsWhole()).as("the whole token, in a popover").isTrue());
        assertThat(revealed(robot, "HF_TOKEN")).isTrue();
        robot.interact(() -> console.time.advance(Duration.ofSeconds(10)));
        FxSteps.untilAsserted(() -> assertThat(someWindowShowsWhole()).as("gone with the reveal").isFalse());
        assertThat(revealed(robot, "HF_TOKEN")).isFalse();
    }

    @Test
    void rowsAnswerSpaceEnterDeleteAndEscBacksOut(FxRobot robot) throws IOException {
        open(robot);
        selectWithKeyboard(robot, "REPLICATE_API_TOKEN");

        robot.type(KeyCode.SPACE);
        assertThat(revealed(robot, "REPLICATE_API_TOKEN")).as("Space reveals the selected row").isTrue();
        robot.type(KeyCode.SPACE);
        assertThat(revealed(robot, "REPLICATE_API_TOKEN")).as("and masks it again").isFalse();
        robot.press(KeyCode.SHIFT).type(KeyCode.SPACE).release(KeyCode.SHIFT);
        FxSteps.untilAsserted(() -> assertThat(FxSteps.onFx(() -> row(robot, "REPLICATE_API_TOKEN").secret()
                .wholeShownProperty().get())).as("Shift+Space shows the whole value").isTrue());
        robot.interact(() -> console.reveals.hideAll());
        // The popover is a window of its own: keys typed while it still shows would go to it, not to the page.
        FxSteps.untilAsserted(() -> assertThat(FxSteps.onFx(() -> Window.getWindows().stream().filter(Window::isShowing)
                .anyMatch(w -> w.getScene() != null && !w.getScene().getRoot().lookupAll(".secret-whole").isEmpty())))
                .as("the whole-value popover has closed").isFalse());

        selectWithKeyboard(robot, "REPLICATE_API_TOKEN");
        robot.type(KeyCode.DELETE);
        assertThat(FxSteps.onFx(() -> console.model.pendingDeleteProperty().get())).isNotNull();
        assertThat(FxSteps.onFx(() -> robot.lookup("#cancelDeleteButton").query().isFocused()))
                .as("the safe answer has the focus").isTrue();
        robot.type(KeyCode.ESCAPE);
        assertThat(FxSteps.onFx(() -> console.model.pendingDeleteProperty().get())).as("Esc cancels the delete").isNull();
        assertThat(Files.readString(file)).contains("REPLICATE_API_TOKEN");

        selectWithKeyboard(robot, "REPLICATE_API_TOKEN");
        robot.type(KeyCode.ENTER);
        assertThat(FxSteps.onFx(() -> console.model.editor().modeProperty().get())).isEqualTo(SecretEditor.Mode.EDIT);
        assertThat(FxSteps.onFx(() -> robot.lookup("#valueHidden").query().isFocused())).as("Enter edits, at the value").isTrue();
        robot.type(KeyCode.ESCAPE);
        assertThat(FxSteps.onFx(() -> console.model.editor().modeProperty().get())).isEqualTo(SecretEditor.Mode.CLOSED);

        robot.clickOn(".search-field").write("repl");
        assertThat(FxSteps.onFx(() -> table(robot).getItems().size())).isEqualTo(1);
        robot.type(KeyCode.ESCAPE);
        assertThat(FxSteps.onFx(() -> robot.lookup(".search-field").queryAs(TextField.class).getText()))
                .as("Esc clears the search").isEmpty();
        assertThat(FxSteps.onFx(() -> table(robot).getItems().size())).isEqualTo(2);
    }

    @Test
    void aRevealedTypedValueIsMaskedOnFocusLossAndItsCopyIsCleared(FxRobot robot) throws IOException {
        open(robot);
        robot.clickOn("#addButton");
        robot.clickOn("#keyField").write("WANDB_API_KEY");
        FxSteps.settle(robot, background);
        robot.clickOn("#valueHidden").write("wandb-CANARY-typed");
        robot.clickOn("#showValueToggle");
        assertThat(FxSteps.onFx(() -> robot.lookup("#valueShown").query().isVisible())).isTrue();

        robot.clickOn("#valueShown");
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.push(KeyCode.CONTROL, KeyCode.C);
        assertThat(FxSteps.onFx(() -> "wandb-CANARY-typed".equals(Clipboard.getSystemClipboard().getString()))).isTrue();
        assertThat(FxSteps.onFx(() -> console.guard.pendingProperty().get()))
                .as("a copy from the revealed field goes through the countdown").isTrue();
        robot.interact(() -> console.time.advance(Duration.ofSeconds(20)));
        assertThat(FxSteps.onFx(() -> Clipboard.getSystemClipboard().hasString())).as("and is cleared").isFalse();
        assertThat(FxSteps.onFx(() -> robot.lookup("#valueHidden").query().isVisible()))
                .as("the reveal timed out meanwhile").isTrue();

        robot.clickOn("#showValueToggle");
        robot.clickOn("#valueShown");
        robot.clickOn("#keyField");
        assertThat(FxSteps.onFx(() -> robot.lookup("#valueHidden").query().isVisible()))
                .as("leaving the field masks the value").isTrue();

        robot.clickOn("#showValueToggle");
        robot.interact(() -> console.time.advance(Duration.ofSeconds(10)));
        assertThat(FxSteps.onFx(() -> robot.lookup("#valueHidden").query().isVisible()))
                .as("and so does the reveal's timeout").isTrue();
    }

    @Test
    void aSaveSaysSoInAToastThatNeverMovesTheTableAndGoesByItself(FxRobot robot) throws IOException {
        open(robot);
        double tableY = FxSteps.onFx(() -> table(robot).localToScene(0, 0).getY());
        robot.clickOn("#addButton");
        robot.clickOn("#keyField").write("WANDB_API_KEY");
        FxSteps.settle(robot, background);
        robot.clickOn("#valueHidden").write("wandb-value");
        robot.clickOn("#saveButton");
        FxSteps.settle(robot, background);

        FxSteps.untilAsserted(() -> assertThat(robot.lookup(".message-bar").query().isVisible()).isTrue());
        assertThat(FxSteps.onFx(() -> table(robot).localToScene(0, 0).getY())).as("the table did not move").isEqualTo(tableY);
        robot.interact(() -> console.time.advance(Duration.ofSeconds(6)));
        assertThat(FxSteps.onFx(() -> robot.lookup(".message-bar").query().isVisible())).as("the toast went").isFalse();

        Node delete = FxSteps.await(() -> robot.from(rowOf(robot, "WANDB_API_KEY")).lookup(".delete-button").query());
        robot.clickOn(delete);
        assertThat(FxSteps.onFx(() -> table(robot).localToScene(0, 0).getY()))
                .as("nor does the delete confirmation move it").isEqualTo(tableY);
        robot.interact(() -> console.shell.show("providers"));
        robot.interact(() -> console.shell.show("secrets"));
        assertThat(FxSteps.onFx(() -> console.model.pendingDeleteProperty().get()))
                .as("a confirmation does not survive a page change").isNull();
    }

    @Test
    void theIdleLockMasksEverythingClearsTheClipboardAndOnlyUnlockUnlocks(FxRobot robot) throws IOException {
        open(robot);
        Node reveal = FxSteps.await(() -> robot.from(rowOf(robot, "HF_TOKEN")).lookup(".reveal-button").query());
        robot.clickOn(reveal);
        Node copy = FxSteps.await(() -> robot.from(rowOf(robot, "REPLICATE_API_TOKEN")).lookup(".copy-button").query());
        robot.clickOn(copy);
        assertThat(revealed(robot, "HF_TOKEN")).isTrue();

        robot.interact(() -> console.time.advance(Duration.ofMinutes(5)));

        assertThat(FxSteps.onFx(() -> robot.lookup(".lock-screen").query().isVisible())).isTrue();
        assertThat(FxSteps.onFx(() -> robot.lookup(".main-view").query().isVisible())).as("the page is hidden").isFalse();
        assertThat(revealed(robot, "HF_TOKEN")).isFalse();
        assertThat(FxSteps.onFx(() -> Clipboard.getSystemClipboard().hasString())).as("the clipboard was cleared").isFalse();

        robot.type(KeyCode.A);
        robot.moveTo(".lock-title");
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        assertThat(FxSteps.onFx(() -> console.shell.lock().lockedProperty().get())).as("input does not unlock").isTrue();
        assertThat(FxSteps.onFx(() -> console.shell.currentPageProperty().get().name())).as("nor do shortcuts act").isEqualTo("secrets");

        robot.clickOn("#unlockButton");
        assertThat(FxSteps.onFx(() -> console.shell.lock().lockedProperty().get())).isFalse();
        assertThat(FxSteps.onFx(() -> robot.lookup(".main-view").query().isVisible())).isTrue();
        assertThat(revealed(robot, "HF_TOKEN")).as("still masked after unlocking").isFalse();
    }

    @Test
    void aKeySetOutsideTheConsoleAppearsWithAChangedOnDiskNotice(FxRobot robot) throws IOException {
        open(robot);
        FileWatch watch = FxSteps.onFx(() -> new FileWatch(List.of(file), Platform::runLater, console.model::changedOnDisk));

        // What `secretdesk set WANDB_API_KEY ...` in a terminal does to the file: an atomic replace.
        Path temp = Files.createTempFile(file.getParent(), "set", ".tmp");
        Files.writeString(temp, "{\"HF_TOKEN\": \"" + LONG + "\", \"REPLICATE_API_TOKEN\": \"" + R8
                + "\", \"WANDB_API_KEY\": \"wandb-from-a-terminal\"}");
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        watch.poll();
        WaitForAsyncUtils.waitForFxEvents();
        FxSteps.settle(robot, background);

        FxSteps.untilAsserted(() -> assertThat(console.model.rows().stream().map(SecretRow::key).toList())
                .contains("WANDB_API_KEY"));
        assertThat(FxSteps.onFx(() -> console.model.messageProperty().get()))
                .isEqualTo("secrets.json changed on disk (outside the console); the table was reloaded.");
    }
}
