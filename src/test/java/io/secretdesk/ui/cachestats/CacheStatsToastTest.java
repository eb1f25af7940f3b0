package io.secretdesk.ui.cachestats;

import static io.secretdesk.testing.FxSteps.onFx;
import static io.secretdesk.testing.FxSteps.untilAsserted;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.shell.ShellPage;
import java.time.Duration;
import java.util.prefs.BackingStoreException;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
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

/**
 * Regression (issue 15): what the Cache Stats page's last action said stayed on its line until the next action. It is
 * the console's notice now, as on the other pages: a success goes by itself after its time (the clock here is moved by
 * the test), an error stays until the next action, both go when the page is left, and neither moves the charts.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class CacheStatsToastTest {

    static final String NAME = "cachestatstoast:items";

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);
    private final ManualRepeater repeater = new ManualRepeater();
    private final TickingClock time = new TickingClock();
    private TtlCache<String> items;
    private ShellFixture shell;

    @Start
    void start(Stage stage) {
        items = TtlCache.<String>builder().name(NAME).defaultTtl(Duration.ofSeconds(120)).maxSize(50)
                .ticker(ticker).scheduler(scheduler).build();
        Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));
        Label other = new Label("another page");
        shell = new ShellFixture(stage).page("cachestats", CacheStatsController.class,
                        () -> new CacheStatsController(new CacheStatsViewModel(Caches::named, ticker::read, repeater::every,
                                reveals.newNotice())))
                .page("secrets", () -> (ShellPage) () -> other);
        shell.show();
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1024);
        stage.setHeight(700);
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        shell.close();
        items.close();
        scheduler.close();
    }

    private void openOnTheCache(FxRobot robot) {
        robot.clickOn("#nav-cachestats");
        robot.interact(() -> {
            items.set("a:1", "one");
            items.set("a:2", "two");
            items.set("b:1", "three");
            repeater.tick.run();
        });
        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            TableView<CacheRow> table = robot.lookup(".cache-table").queryAs(TableView.class);
            table.scrollTo(table.getItems().stream().filter(r -> r.name().equals(NAME)).findFirst().orElseThrow());
        });
        robot.clickOn(FxSteps.await(() -> robot.lookup(".cache-table .table-cell")
                .match((TableCell<?, ?> c) -> NAME.equals(c.getText())).queryAs(TableCell.class)));
    }

    private static Node message(FxRobot robot) {
        return robot.lookup(".action-message").query();
    }

    private static String shown(FxRobot robot) {
        Label label = (Label) message(robot);
        return label.isVisible() ? label.getText() : "";
    }

    @Test
    void whatClearSaidGoesByItselfAndNeverMovesTheCharts(FxRobot robot) {
        openOnTheCache(robot);
        Node charts = robot.lookup("#detailSplit").query();
        double chartsTop = onFx(() -> charts.localToScene(0, 0).getY());

        robot.clickOn("#clearButton");
        robot.clickOn("#confirmClearButton");
        untilAsserted(() -> assertThat(shown(robot)).isEqualTo("Cleared " + NAME
                + ": removed 3 entries; its counts start again from zero."));
        untilAsserted(() -> assertThat(charts.localToScene(0, 0).getY()).as("what Clear said moved nothing")
                .isEqualTo(chartsTop));

        robot.interact(() -> time.advance(Duration.ofSeconds(5)));
        assertThat(shown(robot)).as("still there after 5 s").startsWith("Cleared ");
        robot.interact(() -> time.advance(Duration.ofSeconds(2)));
        untilAsserted(() -> assertThat(shown(robot)).as("gone by itself after 6 s").isEmpty());
        assertThat(time.ticking()).as("and its timer with it").isZero();
        untilAsserted(() -> assertThat(charts.localToScene(0, 0).getY()).as("its going moved nothing either")
                .isEqualTo(chartsTop));
    }

    @Test
    void anInvalidationsCountGoesByItselfWhileARefusalStaysUntilTheNextAction(FxRobot robot) {
        openOnTheCache(robot);
        robot.clickOn("#prefixField").write("a:");
        robot.type(KeyCode.ENTER);
        untilAsserted(() -> assertThat(shown(robot)).isEqualTo("Removed 2 entries starting with \"a:\"."));
        robot.interact(() -> time.advance(Duration.ofSeconds(7)));
        untilAsserted(() -> assertThat(shown(robot)).as("gone by itself").isEmpty());

        robot.interact(() -> robot.lookup("#prefixField").queryTextInputControl().clear());
        robot.clickOn("#invalidateButton");
        untilAsserted(() -> assertThat(shown(robot)).startsWith("Type the start of the keys to remove"));
        assertThat(message(robot).getPseudoClassStates().toString()).contains("error");
        robot.interact(() -> time.advance(Duration.ofMinutes(2)));
        assertThat(shown(robot)).as("an error stays until it is dealt with").startsWith("Type the start of the keys");

        robot.clickOn("#prefixField").write("zzz");
        robot.type(KeyCode.ENTER);
        untilAsserted(() -> assertThat(shown(robot)).as("the next action replaces it")
                .isEqualTo("No key starts with \"zzz\"; nothing was removed."));
        assertThat(message(robot).getPseudoClassStates().toString()).doesNotContain("error");
    }

    @Test
    void leavingThePageTakesWhatItSaidWithIt(FxRobot robot) {
        openOnTheCache(robot);
        robot.interact(() -> robot.lookup("#prefixField").queryTextInputControl().clear());
        robot.clickOn("#invalidateButton");
        untilAsserted(() -> assertThat(shown(robot)).startsWith("Type the start of the keys to remove"));

        robot.clickOn("#nav-secrets");
        robot.clickOn("#nav-cachestats");
        untilAsserted(() -> assertThat(shown(robot)).as("the refusal went with the page").isEmpty());
        assertThat(robot.lookup(".confirm-box").query().isVisible()).isFalse();
    }
}
