package io.secretdesk.ui.usercredentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.secretdesk.core.store.UserCredentialStore;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.ThemeChoice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real UserCredentialsView.fxml on a headless stage over a state folder that Python laid out as SimpleTuner's
 * server does, driven by clicks and keys and read back by Python. A canary value is typed and must never appear in
 * any label, tooltip, field left behind, or log record.
 */
@Tag("fx")
@Tag("slow")
@ExtendWith(ApplicationExtension.class)
class UserCredentialsViewTest {

    private static final String CANARY = "r8_CANARY_view_93c1";

    private final QueuedExecutor background = new QueuedExecutor();
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ClipboardGuard guard;
    private Level rootLevel;
    private CredentialsUnderTest simpleTuner;
    /** The clock the page's toast goes by. */
    private final TickingClock time = new TickingClock();
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        stage.setOnHidden(null); // TestFX reuses one stage for every class: drop what a shell test left on it
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        simpleTuner = CredentialsUnderTest.inNewTempDir();
        simpleTuner.stored("user2", "replicate", "api_token", "r8_old_value", CredentialsUnderTest.OLD, null);
        simpleTuner.stored("admin", "huggingface", "api_token", "hf_value", CredentialsUnderTest.RECENT, null);
        ThemeChoice.PRIMER_LIGHT.apply();
        UiExecutor executor = UiExecutor.onFxThread(background);
        guard = ClipboardGuard.onFxThread(Duration.ofSeconds(20));
        ViewLoader views = new ViewLoader(type -> new UserCredentialsController(simpleTuner.model(executor, time),
                Reveals.onFxThread(Duration.ofSeconds(10)), guard));
        UserCredentialsController controller = views.load(UserCredentialsController.class).controller();
        stage.setScene(new Scene((Parent) controller.view(), 1000, 640));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            stage.hide();
            guard.clearNow();
        }));
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
        simpleTuner.close();
        Application.setUserAgentStylesheet(null);
    }

    private void settle(FxRobot robot) {
        FxSteps.settle(robot, background);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }

    private static boolean shown(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node.isVisible() && node.isManaged();
    }

    /** The rows the table shows, as "user provider/name" from its cells. */
    private static List<String> shownRows(FxRobot robot) {
        List<String> rows = new ArrayList<>();
        robot.lookup(".user-cell").queryAllAs(TableCell.class).stream()
                .filter(cell -> !cell.isEmpty() && cell.getItem() != null)
                .sorted((a, b) -> Integer.compare(a.getIndex(), b.getIndex()))
                .forEach(cell -> {
                    CredentialRow row = (CredentialRow) cell.getTableRow().getItem();
                    rows.add(cell.getText() + " " + row.provider() + "/" + row.name());
                });
        return rows;
    }

    private static void choose(FxRobot robot, String comboQuery, String item) {
        robot.clickOn(comboQuery);
        Node cell = FxSteps.await(() -> robot.lookup(".combo-box-popup .list-cell")
                .match((Labeled labeled) -> item.equals(labeled.getText())).query());
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void selectRow(FxRobot robot, String user) {
        Node cell = FxSteps.await(() -> robot.lookup(".user-cell").match((TableCell<?, ?> c) -> user.equals(c.getText())).query());
        robot.clickOn(cell);
    }

    /** Every text the windows show or hold: labels, cells, buttons, tooltips, fields. */
    private static List<String> everyText() {
        return FxSteps.onFx(() -> {
            List<String> texts = new ArrayList<>();
            for (Window window : Window.getWindows()) {
                if (window.getScene() != null) {
                    collect(window.getScene().getRoot(), texts);
                }
            }
            return texts;
        });
    }

    private static void collect(Node node, List<String> texts) {
        if (node instanceof Labeled labeled && labeled.getText() != null) {
            texts.add(labeled.getText());
        }
        if (node instanceof TextInputControl input && input.getText() != null) {
            texts.add(input.getText());
        }
        if (node instanceof Control control && control.getTooltip() != null) {
            texts.add(control.getTooltip().getText());
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, texts);
            }
        }
    }

    private List<String> logLines() {
        synchronized (logged) {
            List<String> lines = new ArrayList<>();
            for (LogRecord record : logged) {
                lines.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()) + " "
                        + (record.getThrown() == null ? "" : record.getThrown().toString()));
            }
            return lines;
        }
    }

    /**
     * Regression (issue 15): what an action said was a line above the table that pushed it down under the pointer and
     * never went. It is a toast over the table's foot now, on the console's notice.
     */
    @Test
    void whatAnActionSaidIsAToastThatNeverMovesTheTableAndGoesByItself(FxRobot robot) {
        settle(robot);
        FxSteps.untilAsserted(() -> assertThat(shownRows(robot)).hasSize(2));
        Node table = robot.lookup("#table").query();
        double top = FxSteps.onFx(() -> table.localToScene(0, 0).getY());

        selectRow(robot, "user2");
        robot.clickOn("#deactivateButton");
        robot.clickOn("#confirmButton");
        settle(robot);

        FxSteps.untilAsserted(() -> assertThat(text(robot, "#messageLabel")).startsWith("Deactivated user2: replicate/api_token"));
        assertThat(shown(robot, "#messageBox")).isTrue();
        FxSteps.untilAsserted(() -> assertThat(table.localToScene(0, 0).getY()).as("the table did not move").isEqualTo(top));
        javafx.geometry.Bounds toast = FxSteps.onFx(() -> robot.lookup("#messageBox").query()
                .localToScene(robot.lookup("#messageBox").query().getBoundsInLocal()));
        javafx.geometry.Bounds rows = FxSteps.onFx(() -> table.localToScene(table.getBoundsInLocal()));
        assertThat(toast.getMaxY()).as("over the table's foot").isLessThanOrEqualTo(rows.getMaxY());

        robot.interact(() -> time.advance(Duration.ofSeconds(5)));
        assertThat(shown(robot, "#messageBox")).as("still there after 5 s").isTrue();
        robot.interact(() -> time.advance(Duration.ofSeconds(2)));
        FxSteps.untilAsserted(() -> assertThat(robot.lookup("#messageBox").query().isVisible()).as("gone by itself").isFalse());
    }

    @Test
    void listsTheCredentialsWithAStaleBadgeUnderAPlaintextNoticeThatIsAlwaysShown(FxRobot robot) {
        settle(robot);

        FxSteps.untilAsserted(() -> assertThat(shownRows(robot))
                .containsExactly("admin huggingface/api_token", "user2 replicate/api_token"));
        assertThat(text(robot, "#plaintextLabel")).isEqualTo(UserCredentialStore.PLAINTEXT_WARNING).contains("unencrypted");
        assertThat(shown(robot, "#plaintextNotice")).isTrue();
        assertThat(text(robot, "#storesLabel")).contains("SecretDesk's credentials", "encrypted");
        assertThat(text(robot, "#summaryLabel")).isEqualTo("2 credentials · 1 stale");
        assertThat(robot.lookup(".stale-badge").queryAllAs(Labeled.class)).hasSize(1)
                .allSatisfy(badge -> assertThat(badge.getTooltip().getText()).contains("120 days", "never updated"));
        assertThat(shown(robot, "#problemLabel")).isFalse();

        choose(robot, "#userFilter", "admin");
        FxSteps.untilAsserted(() -> assertThat(shownRows(robot)).containsExactly("admin huggingface/api_token"));
        assertThat(text(robot, "#summaryLabel")).isEqualTo("1 credential of admin");
        assertThat(shown(robot, "#plaintextNotice")).as("the notice stays whatever is shown").isTrue();
    }

    @Test
    void setTypesAMaskedValueThatReachesSimpleTunerAndIsNeverShownOrLogged(FxRobot robot) {
        settle(robot);
        choose(robot, "#userChoice", "admin");
        FxSteps.replaceText(robot, "#nameField", "api_token");
        robot.clickOn(".value-field .secret-hidden");
        robot.write(CANARY);
        assertThat(robot.lookup(".value-field .secret-hidden").queryAs(PasswordField.class).getText())
                .as("typed into the masked field").isEqualTo(CANARY);
        assertThat(robot.lookup(".value-field .secret-shown").query().isVisible()).as("never revealed unless asked").isFalse();

        robot.clickOn("#setButton");
        settle(robot);

        FxSteps.untilAsserted(() -> assertThat(text(robot, "#messageLabel"))
                .startsWith("Created admin: replicate/api_token.").contains("unencrypted"));
        JsonNode rows = simpleTuner.rows();
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.get("credential_value").asText()).isEqualTo(CANARY);
            assertThat(row.get("provider").asText()).isEqualTo("replicate");
            assertThat(row.get("user_id").asInt()).isEqualTo(1);
        });
        FxSteps.untilAsserted(() -> assertThat(shownRows(robot)).contains("admin replicate/api_token"));
        assertThat(robot.lookup(".value-field .secret-hidden").queryTextInputControl().getText()).isEmpty();
        assertThat(everyText()).noneSatisfy(text -> assertThat(text).contains(CANARY));
        assertThat(logLines()).noneSatisfy(line -> assertThat(line).contains(CANARY));
        assertThat(simpleTuner.auditEntries()).doesNotContain(CANARY);
    }

    @Test
    void deactivateAndDeleteAskFirstNamingTheCredentialAndCancelChangesNothing(FxRobot robot) {
        settle(robot);
        FxSteps.untilAsserted(() -> assertThat(shownRows(robot)).hasSize(2));

        selectRow(robot, "user2");
        robot.clickOn("#deactivateButton");
        assertThat(shown(robot, "#confirmBox")).isTrue();
        assertThat(text(robot, "#confirmLabel")).startsWith("Deactivate user2's credential replicate/api_token?");
        assertThat(text(robot, "#confirmButton")).isEqualTo("Deactivate");
        robot.clickOn("#confirmButton");
        settle(robot);
        FxSteps.untilAsserted(() -> assertThat(text(robot, "#messageLabel")).startsWith("Deactivated user2: replicate/api_token"));
        assertThat(simpleTuner.rows()).filteredOn(row -> row.get("user_id").asInt() == 2)
                .allSatisfy(row -> assertThat(row.get("is_active").asInt()).isZero());
        assertThat(shown(robot, "#confirmBox")).isFalse();

        selectRow(robot, "user2");
        robot.type(KeyCode.DELETE);
        assertThat(text(robot, "#confirmLabel")).startsWith("Delete user2's credential replicate/api_token for good?");
        robot.clickOn("#cancelButton");
        settle(robot);
        assertThat(shown(robot, "#confirmBox")).isFalse();
        assertThat(simpleTuner.rows()).hasSize(2);

        selectRow(robot, "user2");
        robot.type(KeyCode.DELETE);
        assertThat(shown(robot, "#confirmBox")).isTrue();
        robot.type(KeyCode.ESCAPE);
        settle(robot);
        assertThat(shown(robot, "#confirmBox")).as("Esc backs out of the question").isFalse();
        assertThat(simpleTuner.rows()).hasSize(2);

        selectRow(robot, "user2");
        robot.clickOn("#deleteButton");
        assertThat(text(robot, "#confirmButton")).isEqualTo("Delete");
        robot.clickOn("#confirmButton");
        settle(robot);

        FxSteps.untilAsserted(() -> assertThat(shownRows(robot)).containsExactly("admin huggingface/api_token"));
        assertThat(text(robot, "#messageLabel")).isEqualTo("Deleted user2: replicate/api_token.");
        assertThat(simpleTuner.rows()).hasSize(1);
        assertThat(simpleTuner.chainValid()).isTrue();
    }
}
