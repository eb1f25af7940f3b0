package io.secretdesk.ui.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.pricing.HardwareInfo.Hardware;
import io.secretdesk.core.services.Services;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.common.StoreWatch;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.ThemeChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.geometry.Bounds;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;
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
 * The real PricingView.fxml over a real SQLite database in a temp folder, edited with double-clicks and
 * typing on a headless (Monocle) stage.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class PricingViewTest {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final QueuedExecutor background = new QueuedExecutor();
    private ConsoleFixture console;
    private Stage stage;
    private PricingViewModel model;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        // TestFX reuses one stage for every class: drop what a shell test left on it.
        stage.setOnHidden(null);
        console = ConsoleFixture.inNewTempDir("pricing-view", Map.of());
        ThemeChoice.PRIMER_LIGHT.apply();
        UiExecutor executor = UiExecutor.onFxThread(background);
        model = console.pricingModel(executor);
        ViewLoader views = new ViewLoader(type -> new PricingController(model));
        controller = views.load(PricingController.class).controller();
        stage.setScene(new Scene((Parent) controller.view(), 900, 560));
        stage.show();
    }

    @AfterEach
    void cleanUp() throws Exception {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(stage::hide));
        console.close();
        Application.setUserAgentStylesheet(null);
    }

    private PricingController controller;

    private void settle(FxRobot robot) {
        FxSteps.settle(robot, background);
    }

    private HardwareInfo hardware() {
        return console.services.hardware();
    }

    /**
     * The cell of {@code styleClass} (id-cell, name-cell, cost-cell, hour-cell) in row {@code index}, as laid out now;
     * throws if the table has not laid that row out yet. Read it through {@link #shows} or {@link #laidOut}.
     */
    private static TableCell<?, ?> cell(FxRobot robot, String styleClass, int index) {
        return robot.lookup("." + styleClass).match((TableCell<?, ?> cell) -> cell.getIndex() == index && !cell.isEmpty()).query();
    }

    /** Waits until the table has laid out that cell (the pulse after its items changed), then returns it. */
    private static TableCell<?, ?> laidOut(FxRobot robot, String styleClass, int index) {
        return FxSteps.await(() -> cell(robot, styleClass, index));
    }

    /** Waits until that cell shows {@code text}; fails with what it shows instead. */
    private static void shows(FxRobot robot, String styleClass, int index, String text) {
        FxSteps.untilAsserted(() -> assertThat(cell(robot, styleClass, index).getText())
                .as("%s of row %d", styleClass, index).isEqualTo(text));
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }

    private static boolean shown(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return node.isVisible() && node.isManaged();
    }

    private static void edit(FxRobot robot, TableCell<?, ?> cell, String text) {
        robot.doubleClickOn(cell);
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(text);
    }

    /**
     * Regression (issue 15): a success banner pushed the table down under the pointer, never went, and stayed beside
     * "Unsaved changes" and across page changes. It is a toast over the table's foot now.
     */
    @Test
    void aSaveSaysSoInAToastThatNeverMovesTheTableAndGoesWithTheNextEditOrThePage(FxRobot robot) {
        settle(robot);
        Node table = robot.lookup("#table").query();
        double top = FxSteps.onFx(() -> table.localToScene(0, 0).getY());
        edit(robot, laidOut(robot, "cost-cell", 0), "0.001");
        robot.type(KeyCode.ENTER);
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(shown(robot, "#messageBox")).isTrue();
        assertThat(FxSteps.onFx(() -> table.localToScene(0, 0).getY())).as("the table did not move").isEqualTo(top);
        edit(robot, laidOut(robot, "cost-cell", 0), "0.002");
        robot.type(KeyCode.ENTER);
        assertThat(shown(robot, "#unsavedLabel")).isTrue();
        assertThat(shown(robot, "#messageBox")).as("Saved would contradict Unsaved changes").isFalse();

        robot.clickOn("#saveButton");
        settle(robot);
        assertThat(shown(robot, "#messageBox")).isTrue();
        robot.interact(controller::dismissNotices);
        assertThat(shown(robot, "#messageBox")).as("gone when the page is left").isFalse();
    }

    @Test
    void editAPriceAndSeeTheCostPerHourThenSaveIt(FxRobot robot) {
        settle(robot);
        shows(robot, "cost-cell", 0, "$0.000972222/s");
        shows(robot, "hour-cell", 0, "$3.50/h");
        assertThat(text(robot, "#sourceLabel")).startsWith("The built-in defaults");

        edit(robot, laidOut(robot, "cost-cell", 0), "0.001");
        robot.type(KeyCode.ENTER);

        shows(robot, "hour-cell", 0, "$3.60/h");
        shows(robot, "cost-cell", 0, "$0.001000/s");
        assertThat(shown(robot, "#unsavedLabel")).isTrue();
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(hardware().get().get("gpu-l40s")).isEqualTo(new Hardware("gpu-l40s", "L40S (48GB)", 0.001));
        assertThat(text(robot, "#messageLabel")).isEqualTo("Saved 2 hardware types to Replicate's config (audit entry #1). "
                + "SimpleTuner uses it within 5 minutes (it caches pricing for 300 s).");
        assertThat(shown(robot, "#unsavedLabel")).isFalse();
        assertThat(text(robot, "#sourceLabel")).isEqualTo("From Replicate's config (hardware_info).");
    }

    @Test
    void anInvalidPriceIsMarkedAndRefusedAndNothingIsSaved(FxRobot robot) {
        settle(robot);

        edit(robot, laidOut(robot, "cost-cell", 1), "-0.5");
        robot.type(KeyCode.ENTER);

        FxSteps.untilAsserted(() -> {
            assertThat(cell(robot, "cost-cell", 1).getPseudoClassStates()).contains(INVALID);
            assertThat(cell(robot, "cost-cell", 0).getPseudoClassStates()).doesNotContain(INVALID);
        });
        shows(robot, "hour-cell", 1, "—");
        assertThat(shown(robot, "#problemLabel")).isTrue();
        assertThat(text(robot, "#problemLabel"))
                .isEqualTo("Row 2 (gpu-h100): the cost per second must be a number of dollars, 0 or more (e.g. 0.000975).");
        assertThat(robot.lookup("#saveButton").queryButton().isDisabled()).isTrue();
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(hardware().configured()).as("nothing was saved").isFalse();
        assertThat(console.services.audit().recent(10)).isEmpty();
    }

    @Test
    void aDuplicateIdIsMarkedOnTheNewRow(FxRobot robot) {
        settle(robot);

        robot.clickOn("#addButton"); // opens the new row's id for editing, once the table has laid that row out
        FxSteps.untilAsserted(() -> assertThat(cell(robot, "id-cell", 2).isEditing()).as("new row's id in edit").isTrue());
        robot.write("gpu-l40s");
        robot.type(KeyCode.ENTER);

        FxSteps.untilAsserted(() -> {
            assertThat(cell(robot, "id-cell", 2).getPseudoClassStates()).contains(INVALID);
            assertThat(cell(robot, "name-cell", 2).getPseudoClassStates()).contains(INVALID);
        });
        assertThat(text(robot, "#problemLabel")).isEqualTo("Row 1 (gpu-l40s): another row has the same id; every id must be unique.");

        edit(robot, laidOut(robot, "id-cell", 2), "gpu-a100");
        robot.type(KeyCode.ENTER);
        edit(robot, laidOut(robot, "name-cell", 2), "A100 (80GB)");
        robot.type(KeyCode.ENTER);
        edit(robot, laidOut(robot, "cost-cell", 2), "0.0014");
        robot.type(KeyCode.ENTER);
        assertThat(shown(robot, "#problemLabel")).isFalse();
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(hardware().get().keySet()).containsExactly("gpu-l40s", "gpu-h100", "gpu-a100");
    }

    @Test
    void aNewRowMustGetAPriceBeforeSaveAndAnExplicitZeroIsAllowed(FxRobot robot) {
        settle(robot);

        robot.clickOn("#addButton");
        FxSteps.untilAsserted(() -> assertThat(cell(robot, "id-cell", 2).isEditing()).as("new row's id in edit").isTrue());
        robot.write("gpu-a100");
        robot.type(KeyCode.ENTER);
        edit(robot, laidOut(robot, "name-cell", 2), "A100 (80GB)");
        robot.type(KeyCode.ENTER);

        FxSteps.untilAsserted(() -> {
            assertThat(cell(robot, "cost-cell", 2).getPseudoClassStates()).as("the price is marked").contains(INVALID);
            assertThat(cell(robot, "name-cell", 2).getPseudoClassStates()).doesNotContain(INVALID);
        });
        shows(robot, "cost-cell", 2, "enter a price");
        shows(robot, "hour-cell", 2, "—");
        assertThat(text(robot, "#problemLabel"))
                .isEqualTo("Row 3 (gpu-a100): enter the cost per second in dollars (e.g. 0.000975); type 0 only if it is free.");
        assertThat(robot.lookup("#saveButton").queryButton().isDisabled()).isTrue();
        robot.clickOn("#saveButton");
        settle(robot);
        assertThat(hardware().configured()).as("not saved as a free GPU").isFalse();

        edit(robot, laidOut(robot, "cost-cell", 2), "0");
        robot.type(KeyCode.ENTER);
        shows(robot, "cost-cell", 2, "$0.000000/s");
        FxSteps.untilAsserted(() -> assertThat(robot.lookup("#saveButton").queryButton().isDisabled()).isFalse());
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(hardware().get().get("gpu-a100")).isEqualTo(new Hardware("gpu-a100", "A100 (80GB)", 0.0));
    }

    @Test
    void aNarrowWindowShowsTheSecondaryButtonsAsIconsAndKeepsSaveInSight(FxRobot robot) {
        settle(robot);
        assertThat(robot.lookup("#resetButton").queryButton().getContentDisplay()).isEqualTo(ContentDisplay.LEFT);

        robot.interact(() -> stage.setWidth(620)); // the page alone: as in a 1024 px window beside the sidebar and less
        FxSteps.untilAsserted(() -> {
            Button save = robot.lookup("#saveButton").queryButton();
            Bounds inScene = save.localToScene(save.getBoundsInLocal());
            assertThat(inScene.getMaxX()).as("Save's right edge").isLessThanOrEqualTo(save.getScene().getWidth());
            assertThat(robot.lookup("#resetButton").queryButton().getContentDisplay()).isEqualTo(ContentDisplay.GRAPHIC_ONLY);
            assertThat(robot.lookup("#clearCacheButton").queryButton().getContentDisplay()).isEqualTo(ContentDisplay.GRAPHIC_ONLY);
        });
        assertThat(robot.lookup("#resetButton").queryButton().getText()).as("still its accessible name").isEqualTo("Reset to defaults");

        robot.interact(() -> stage.setWidth(900));
        FxSteps.untilAsserted(() -> assertThat(robot.lookup("#resetButton").queryButton().getContentDisplay())
                .isEqualTo(ContentDisplay.LEFT));
    }

    /** Polls the watch (the console's 2 s job) and runs the reload it starts; the view's reaction is then on screen. */
    private void pollAndSettle(FxRobot robot, StoreWatch watch) {
        watch.poll();
        WaitForAsyncUtils.waitForFxEvents();
        settle(robot);
    }

    private StoreWatch watching(FxRobot robot) {
        StoreWatch watch = console.storeWatch();
        watch.subscribe(changed -> {
            if (changed.contains(console.services.files().jobsDb())) {
                model.changedOutside("jobs.db");
            }
        });
        watch.poll(); // the state as the view shows it
        return watch;
    }

    @Test
    void aTableSavedOutsideTheConsoleIsReloadedAndSaidAndTheConsolesOwnSaveSaysNothing(FxRobot robot) {
        settle(robot);
        shows(robot, "id-cell", 0, "gpu-l40s");
        try (StoreWatch watch = watching(robot); Services terminal = console.anotherProcess()) {
            // What `secretdesk hardware set` in a terminal (or SimpleTuner's server) does, over its own connections.
            terminal.hardware().set(Map.of("gpu-t4", Map.of("name", "T4 (16GB)", "cost_per_second", 0.000225)));
            pollAndSettle(robot, watch);

            shows(robot, "id-cell", 0, "gpu-t4");
            assertThat(robot.lookup("#table").queryTableView().getItems()).hasSize(1);
            assertThat(text(robot, "#messageLabel")).isEqualTo("jobs.db changed outside the console; the pricing table was reloaded.");
            assertThat(shown(robot, "#reloadOutsideButton")).isFalse();

            edit(robot, laidOut(robot, "name-cell", 0), "T4 16 GB");
            robot.type(KeyCode.ENTER);
            robot.clickOn("#saveButton");
            settle(robot);
            String saved = text(robot, "#messageLabel");
            assertThat(saved).startsWith("Saved 1 hardware type");
            pollAndSettle(robot, watch); // the console's own commit is seen by the watch too

            assertThat(text(robot, "#messageLabel")).as("our own save is not news").isEqualTo(saved);
        }
    }

    @Test
    void withUnsavedEditsAnOutsideChangeAsksReloadAndKeepsTheEditsUntilReload(FxRobot robot) {
        settle(robot);
        edit(robot, laidOut(robot, "cost-cell", 0), "0.002");
        robot.type(KeyCode.ENTER);
        try (StoreWatch watch = watching(robot); Services terminal = console.anotherProcess()) {
            terminal.hardware().set(Map.of("gpu-t4", Map.of("name", "T4 (16GB)", "cost_per_second", 0.000225)));
            pollAndSettle(robot, watch);

            FxSteps.untilAsserted(() -> assertThat(shown(robot, "#reloadOutsideButton")).isTrue());
            assertThat(text(robot, "#messageLabel")).isEqualTo("jobs.db changed outside the console: the stored pricing "
                    + "table is not the one you started editing. Reload? (Reload drops your unsaved edits; Save keeps yours.)");
            shows(robot, "cost-cell", 0, "$0.002000/s");
            assertThat(shown(robot, "#unsavedLabel")).as("the edits are kept").isTrue();

            robot.clickOn("#reloadOutsideButton");

            shows(robot, "id-cell", 0, "gpu-t4");
            assertThat(shown(robot, "#unsavedLabel")).isFalse();
            assertThat(shown(robot, "#reloadOutsideButton")).isFalse();
            assertThat(text(robot, "#messageLabel")).isEqualTo("Reloaded the stored pricing table; your unsaved edits were dropped.");
        }
    }

    @Test
    void anEditLeftByClickingSaveIsKeptAndSaved(FxRobot robot) {
        settle(robot);

        edit(robot, laidOut(robot, "name-cell", 0), "L40S 48 GB");
        robot.clickOn("#saveButton"); // no Enter: leaving the cell commits the edit
        settle(robot);

        assertThat(hardware().get().get("gpu-l40s").name()).isEqualTo("L40S 48 GB");
    }

    @Test
    void escapeDropsAnEdit(FxRobot robot) {
        settle(robot);

        edit(robot, laidOut(robot, "cost-cell", 0), "9");
        robot.type(KeyCode.ESCAPE);

        shows(robot, "cost-cell", 0, "$0.000972222/s");
        assertThat(shown(robot, "#unsavedLabel")).isFalse();
    }

    @Test
    void resetToDefaultsThenSave(FxRobot robot) {
        hardware().set(Map.of("gpu-t4", Map.of("name", "T4 (16GB)", "cost_per_second", 0.000225)));
        settle(robot);
        shows(robot, "id-cell", 0, "gpu-t4");

        robot.clickOn("#resetButton");

        shows(robot, "id-cell", 0, "gpu-l40s");
        shows(robot, "id-cell", 1, "gpu-h100");
        assertThat(shown(robot, "#unsavedLabel")).isTrue();
        assertThat(hardware().get()).as("not saved yet").containsOnlyKeys("gpu-t4");
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(hardware().get()).isEqualTo(HardwareInfo.DEFAULTS);
    }

    @Test
    void removeARowAndDiscard(FxRobot robot) {
        settle(robot);

        robot.clickOn(laidOut(robot, "hour-cell", 1));
        robot.clickOn("#removeButton");
        assertThat(robot.lookup("#table").queryTableView().getItems()).hasSize(1);
        robot.clickOn("#discardButton");

        assertThat(robot.lookup("#table").queryTableView().getItems()).hasSize(2);
        assertThat(shown(robot, "#unsavedLabel")).isFalse();
    }
}
