package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.pricing.PricingController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
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
 * Regression: after adding a provider on the real Provider Config page (in the real shell, beside Hardware Pricing),
 * unsaved-changes prompts appeared that nobody asked for, one naming a provider with no changes. Every question the
 * page asks is recorded here; only the switch the user asks for may ask, and it names the new provider.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class ProvidersAddProviderTest {

    private final QueuedExecutor background = new QueuedExecutor();
    /** Every "X has unsaved changes. Discard them and open Y?" the page showed, in order. */
    private final List<String> asked = new ArrayList<>();
    private ConsoleFixture console;
    private ShellFixture shell;
    private ProvidersViewModel model;

    @Start
    void start(Stage stage) throws Exception {
        console = ConsoleFixture.inNewTempDir("providers-add", Map.of());
        console.services.providerConfigs().saveProviderConfig("replicate", ProvidersViewTest.replicateConfig());
        console.services.providerConfigs().saveProviderConfig("modal", Map.of("webhook_url", "https://modal.example.com/hook"));
        UiExecutor executor = UiExecutor.onFxThread(background);
        model = console.providersModel(executor, () -> { });
        model.pendingSwitchProperty().addListener((obs, old, now) -> {
            if (now != null) {
                asked.add(model.selectedProperty().get() + " -> " + now);
            }
        });
        shell = new ShellFixture(stage, executor, ClipboardGuard.onFxThread(Duration.ofSeconds(20)), List::of);
        shell.page("providers", ProvidersController.class, () -> new ProvidersController(model))
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

    private static ListCell<?> providerCell(FxRobot robot, String name) {
        return FxSteps.await(() -> robot.lookup(".list-cell").match((ListCell<?> cell) -> name.equals(cell.getText())).query());
    }

    private void addProvider(FxRobot robot, String name) {
        robot.clickOn("#nav-providers");
        settle(robot);
        robot.clickOn("#newProviderField").write(name);
        robot.clickOn("#addProviderButton");
        settle(robot);
        assertThat(robot.lookup("#providerTitle").queryLabeled().getText()).isEqualTo(name);
    }

    @Test
    void addingAProviderThatSortsFirstAsksNothing(FxRobot robot) {
        addProvider(robot, "aaa");

        FxSteps.untilAsserted(() -> assertThat(robot.lookup("#providerList").queryListView().getSelectionModel()
                .getSelectedItem()).isEqualTo("aaa"));
        assertThat(shown(robot, "#switchBar")).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void addingAProviderThenF5AndAnotherPageAsksNothing(FxRobot robot) {
        addProvider(robot, "lambda");

        robot.push(KeyCode.F5);
        settle(robot);
        robot.clickOn("#nav-pricing");
        settle(robot);
        robot.clickOn("#nav-providers");
        settle(robot);
        robot.interact(model::refresh);
        settle(robot);

        assertThat(asked).isEmpty();
        assertThat(shown(robot, "#switchBar")).isFalse();
        assertThat(robot.lookup("#providerTitle").queryLabeled().getText()).isEqualTo("lambda");
        ListView<String> list = robot.lookup("#providerList").queryListView();
        assertThat(list.getItems()).containsExactly("lambda", "modal", "replicate");
        FxSteps.untilAsserted(() -> assertThat(list.getSelectionModel().getSelectedItem()).isEqualTo("lambda"));
    }

    @Test
    void switchingAwayFromANewProviderAsksOnceAboutIt(FxRobot robot) {
        addProvider(robot, "zeta");

        robot.clickOn(providerCell(robot, "modal"));
        settle(robot);

        assertThat(asked).containsExactly("zeta -> modal");
        assertThat(robot.lookup("#switchLabel").queryLabeled().getText())
                .isEqualTo("zeta has unsaved changes. Discard them and open modal?");
        assertThat(robot.lookup("#cancelSwitchButton").query().isFocused()).as("the safe answer has the focus").isTrue();
        robot.push(KeyCode.ESCAPE);
        assertThat(shown(robot, "#switchBar")).as("Esc keeps editing").isFalse();
        assertThat(robot.lookup("#providerTitle").queryLabeled().getText()).isEqualTo("zeta");

        robot.clickOn(providerCell(robot, "modal"));
        settle(robot);
        assertThat(asked).containsExactly("zeta -> modal", "zeta -> modal");
        robot.clickOn("#confirmSwitchButton");
        settle(robot);

        assertThat(robot.lookup("#providerTitle").queryLabeled().getText()).isEqualTo("modal");
        assertThat(robot.lookup("#providerList").queryListView().getItems()).containsExactly("modal", "replicate");
        robot.clickOn(providerCell(robot, "replicate"));
        settle(robot);
        robot.clickOn("#nav-pricing");
        settle(robot);
        robot.clickOn("#nav-providers");
        settle(robot);

        assertThat(asked).as("modal had no changes: nothing more is asked").containsExactly("zeta -> modal", "zeta -> modal");
        assertThat(shown(robot, "#switchBar")).isFalse();
        assertThat(robot.lookup("#providerTitle").queryLabeled().getText()).isEqualTo("replicate");
    }
}
