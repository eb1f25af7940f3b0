package io.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.TableRow;
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
 * Regression (issue 15): revealing and copying on the Secrets page never moved {@code secrets_resolution}'s hit and
 * miss counts, so Cache Stats showed a cache nobody read. Clicked on the real FXML, counted on the chain's cache.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class ResolutionCountsTest {

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

    private long lookups() {
        var stats = console.manager.cache().stats();
        return stats.hitCount() + stats.missCount();
    }

    private void clickInRow(FxRobot robot, String key, String query) {
        Node target = FxSteps.await(() -> {
            Node row = robot.lookup(".table-row-cell").match(node -> node instanceof TableRow<?> cells
                    && cells.getItem() instanceof SecretRow item && item.key().equals(key)).query();
            return robot.from(row).lookup(query).query();
        });
        robot.clickOn(target);
    }

    @Test
    void revealAndCopyOnThePageAreCountedBySecretsResolution(FxRobot robot) throws Exception {
        SimpleTunerHome home = SimpleTunerHome.underUserHome(userHome);
        Files.createDirectories(home.dir());
        Files.writeString(home.dir().resolve("secrets.json"),
                "{\"REPLICATE_API_TOKEN\": \"r8_countedLookup0123456789\", \"WANDB_API_KEY\": \"wandb-counted\"}");
        robot.interact(() -> {
            console = new ConsoleUnderTest(stage, Map.of(), home, background, Runnable::run);
            console.model.loadIfNeeded();
        });
        settle(robot);
        long before = FxSteps.onFx(this::lookups);

        clickInRow(robot, "REPLICATE_API_TOKEN", ".reveal-button");
        settle(robot);
        FxSteps.untilAsserted(() -> assertThat(lookups()).as("the reveal is a lookup").isEqualTo(before + 1));
        clickInRow(robot, "WANDB_API_KEY", ".copy-button");
        settle(robot);
        FxSteps.untilAsserted(() -> assertThat(lookups()).as("and so is the copy").isEqualTo(before + 2));
    }
}
