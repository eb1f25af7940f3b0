package io.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.Screenshots;
import io.secretdesk.ui.shell.ThemeChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The per-key detail pane on the real Secrets FXML: opened from a row, values masked one at a time, writes and versions. */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class KeyDetailViewTest {

    private static final String CANARY = "hf_paneCanary_3b7f0000";

    @TempDir
    Path userHome;

    private final QueuedExecutor background = new QueuedExecutor();
    private Stage stage;
    private ConsoleUnderTest console;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (console != null) {
            console.close();
        }
        Application.setUserAgentStylesheet(null);
    }

    private void settle(FxRobot robot) {
        FxSteps.settle(robot, background);
    }

    @Test
    void theHistoryButtonOpensThePaneWhereAWriteMakesAVersionAndOnlyOneValueShows(FxRobot robot) throws Exception {
        SimpleTunerHome home = SimpleTunerHome.underUserHome(userHome);
        Files.createDirectories(home.dir());
        Files.writeString(home.dir().resolve("secrets.json"), "{\"HF_TOKEN\": \"hf_fileValue_0001\"}");
        robot.interact(() -> {
            console = new ConsoleUnderTest(stage, Map.of("HF_TOKEN", "hf_envValue_00000001"), home, background, Runnable::run);
            stage.setWidth(1280);
            stage.setHeight(800);
            console.model.loadIfNeeded();
        });
        settle(robot);
        @SuppressWarnings("unchecked")
        TableView<SecretRow> table = robot.lookup(".secrets-table").queryAs(TableView.class);
        assertThat(table.getItems()).extracting(SecretRow::key).containsExactly("HF_TOKEN");
        Node pane = robot.lookup(".key-detail-scroll").query();
        assertThat(pane.isVisible()).isFalse();

        Button details = robot.lookup(".details-button").match(Node::isVisible)
                .match(node -> node.getParent() != null && node.getParent().getParent() instanceof ActionsCell cell && !cell.isEmpty())
                .queryButton();
        Screenshots.save(console.scene, "secrets-key-detail-closed");
        assertThat(details.isVisible()).isTrue();
        robot.interact(details::fire);
        assertThat(console.detail.openProperty().get()).as("open at once").isTrue();
        settle(robot);
        assertThat(console.detail.openProperty().get()).as("the model is open").isTrue();
        assertThat(pane.getScene()).as("the pane is in the scene").isNotNull();

        assertThat(pane.isVisible()).isTrue();
        assertThat(robot.lookup(".detail-title").queryAs(Label.class).getText()).isEqualTo("HF_TOKEN");
        assertThat(robot.lookup(".detail-provider").queryAllAs(Label.class)).extracting(Label::getText).containsExactly("env", "file");

        robot.interact(() -> console.detail.typedProperty().set(CANARY));
        Button save = robot.lookup(".detail-write .accent").queryButton();
        robot.interact(save::fire);
        settle(robot);

        assertThat(Files.readString(home.dir().resolve("secrets.json"))).contains(CANARY);
        assertThat(console.detail.notice().textProperty().get()).contains("Saved HF_TOKEN to file (version 2)", "env still supplies it");
        assertThat(robot.lookup(".detail-version").queryAll()).hasSize(2);
        assertThat(robot.lookup(".restore-button").queryAll()).hasSize(1);
        assertThat(robot.lookup(".key-detail-scroll .secret-value").queryAllAs(Label.class)).extracting(Label::getText)
                .noneMatch(text -> text.contains("Value_") || text.contains("Canary"));

        Set<ToggleButton> eyes = robot.lookup(".key-detail-scroll .reveal-button")
                .match(node -> !node.getParent().getStyleClass().contains("secret-input")).queryAllAs(ToggleButton.class);
        assertThat(eyes).hasSizeGreaterThanOrEqualTo(3);
        ToggleButton[] buttons = eyes.toArray(new ToggleButton[0]);
        robot.interact(buttons[0]::fire);
        robot.interact(buttons[2]::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(console.detail.revealedCount()).as("values revealed at once").isEqualTo(1);

        robot.interact(() -> console.shell.themeProperty().set(ThemeChoice.PRIMER_LIGHT));
        Screenshots.save(console.scene, "secrets-key-detail-" + Screenshots.slug(ThemeChoice.PRIMER_LIGHT));

        Button close = robot.lookup(".key-detail-scroll .detail-header .button-icon").nth(1).queryAs(Button.class);
        robot.interact(close::fire);
        settle(robot);
        assertThat(pane.isVisible()).isFalse();
        assertThat(console.detail.revealedCount()).isZero();
    }
}
