package io.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.VaultKvTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real SecretsView.fxml inside the real shell, over a real chain (an explicit env map and a secrets file in a
 * temp home), driven with clicks and keys on a headless (Monocle) stage. Background work waits in a queue the test
 * releases, so every step is deterministic.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class SecretsViewTest {

    private static final String HF_ENV = "hf_envValueForTheViewTest";
    private static final String HF_FILE = "hf_fileValueForTheViewTest";
    private static final String R8_FILE = "r8_fileValueForTheViewTest";

    @TempDir
    static Path userHome;

    private final QueuedExecutor background = new QueuedExecutor();
    private Stage stage;
    private ConsoleUnderTest console;
    private Path file;
    private SimpleTunerHome home;
    private final Map<String, String> env = new HashMap<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    /** Writes the secrets file, then opens the console over it and loads the page. */
    private void open(FxRobot robot, String fileJson) throws IOException {
        Path dir = Files.createTempDirectory(userHome, "home");
        home = SimpleTunerHome.underUserHome(dir);
        file = home.dir().resolve("secrets.json");
        if (fileJson != null) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, fileJson);
        }
        robot.interact(() -> {
            console = new ConsoleUnderTest(stage, env, home, background, Runnable::run);
            stage.setWidth(1100);
            stage.setHeight(720);
            console.model.loadIfNeeded();
        });
        settle(robot);
    }

    private void standard(FxRobot robot) throws IOException {
        env.put("HF_TOKEN", HF_ENV);
        open(robot, "{\"HF_TOKEN\": \"" + HF_FILE + "\", \"REPLICATE_API_TOKEN\": \"" + R8_FILE + "\"}");
    }

    /** Releases the background work and lets the FX thread deliver it, until nothing is left. */
    private void settle(FxRobot robot) {
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

    private List<String> keysShown(FxRobot robot) {
        return onFx(() -> table(robot).getItems().stream().map(SecretRow::key).toList());
    }

    /** The table row showing {@code key}, as laid out now: throws if the table has not laid it out yet. */
    private Node rowOf(FxRobot robot, String key) {
        return robot.lookup(".table-row-cell").match(node -> node instanceof TableRow<?> row
                && row.getItem() instanceof SecretRow item && item.key().equals(key)).query();
    }

    /** Clicks {@code query} in the row of {@code key}, once the table has laid that row out. */
    private void clickInRow(FxRobot robot, String key, String query) {
        Node target = FxSteps.await(() -> robot.from(rowOf(robot, key)).lookup(query).query());
        robot.clickOn(target);
    }

    /**
     * Waits until the cell {@code cellClass} in the row of {@code key} shows {@code texts} (each text it and its
     * descendants show, as a list): rows are filled in the table's layout pass after a change, not at the change.
     */
    private void shows(FxRobot robot, String key, String cellClass, String texts) {
        FxSteps.untilAsserted(() -> assertThat(allText(robot.from(rowOf(robot, key)).lookup(cellClass).query()).toString())
                .as("%s of %s", cellClass, key).isEqualTo(texts));
    }

    /** Every text the node and its descendants show. */
    private static List<String> allText(Node node) {
        List<String> texts = new ArrayList<>();
        collect(node, texts);
        return texts;
    }

    private static void collect(Node node, List<String> texts) {
        if (!node.isVisible()) {
            return;
        }
        // A control's own text, not its skin's copy of it (which may be cut short with an ellipsis).
        if (node instanceof Labeled labeled) {
            if (labeled.getText() != null) {
                texts.add(labeled.getText());
            }
            if (labeled.getGraphic() != null) {
                collect(labeled.getGraphic(), texts);
            }
        } else if (node instanceof TextInputControl input) {
            texts.add(input.getText());
        } else if (node instanceof Text text && !(node instanceof FontIcon) && text.getText() != null) {
            texts.add(text.getText());
        } else if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, texts);
            }
        }
    }

    private boolean sceneShows(String value) {
        return onFx(() -> allText(console.scene.getRoot()).stream().anyMatch(t -> t.contains(value)));
    }

    private String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Labeled.class).getText();
    }

    private boolean visible(FxRobot robot, String query) {
        Node node = robot.lookup(query).query();
        return onFx(() -> node.isVisible() && node.getParent() != null);
    }

    // ---------------------------------------------------------------------------------------------- flows

    @Test
    void addASecretThenSeeItInTheTable(FxRobot robot) throws IOException {
        standard(robot);

        robot.clickOn("#addButton");
        robot.clickOn("#keyField").write("WANDB_API_KEY");
        settle(robot); // the check for an environment variable that would shadow the key
        robot.clickOn("#valueHidden").write("wandb-new-value");
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(keysShown(robot)).containsExactly("HF_TOKEN", "REPLICATE_API_TOKEN", "WANDB_API_KEY");
        shows(robot, "WANDB_API_KEY", ".source-chip", "[file]");
        assertThat(text(robot, ".message-bar .label")).isEqualTo("Saved WANDB_API_KEY to " + file + ". SimpleTuner uses it "
                + "after its server restarts (it reads secrets once, at start).");
        assertThat(Files.readString(file).contains("wandb-new-value")).as("the file holds the new value").isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(visible(robot, "#source-card-file")).as("the details panel is back once the editor closes").isTrue();
        assertThat(sceneShows("wandb-new-value")).as("the value is shown nowhere after saving").isFalse();
        AuditEntry entry = console.audit.newest(1).get(0);
        assertThat(entry.action() + " " + entry.target()).isEqualTo("secret.set secret:WANDB_API_KEY");
        assertThat(entry.details().contains("wandb-new-value")).as("the audit entry leaves the value out").isFalse();
    }

    @Test
    void addingAKeyThatExistsAsksReplaceShowingWhereEscKeepsTheFormAndReplaceWrites(FxRobot robot) throws IOException {
        standard(robot);
        String before = Files.readString(file);

        robot.clickOn("#addButton");
        robot.clickOn("#keyField").write("REPLICATE_API_TOKEN");
        settle(robot);
        robot.clickOn("#valueHidden").write("r8_typedInTheViewTest");
        robot.clickOn("#saveButton");
        settle(robot);

        assertThat(visible(robot, "#replaceBox")).as("Add of a key that exists asks first").isTrue();
        assertThat(text(robot, "#replaceLabel")).isEqualTo("REPLICATE_API_TOKEN already exists in the secrets file (" + file
                + " [REPLICATE_API_TOKEN]). Replace it with the value you typed? Saving writes it to the secrets file.");
        assertThat(onFx(() -> robot.lookup("#keepButton").query().isFocused())).as("the safe answer has the focus").isTrue();
        assertThat(onFx(() -> robot.lookup("#saveButton").query().isDisabled())).isTrue();
        assertThat(Files.readString(file)).isEqualTo(before);

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(visible(robot, "#replaceBox")).isFalse();
        assertThat(visible(robot, "#editorPane")).as("Esc answered the question only: the form stays open").isTrue();
        assertThat(onFx(() -> console.model.editor().valueProperty().get().equals("r8_typedInTheViewTest")))
                .as("the typed value is kept").isTrue();
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(console.audit.newest(5)).isEmpty();

        robot.clickOn("#saveButton");
        settle(robot);
        robot.clickOn("#replaceButton");
        settle(robot);

        assertThat(Files.readString(file).contains("r8_typedInTheViewTest")).as("replaced once confirmed").isTrue();
        assertThat(visible(robot, "#editorPane")).isFalse();
        assertThat(text(robot, ".message-bar .label")).startsWith("Saved REPLICATE_API_TOKEN to " + file + ".");
        assertThat(console.audit.newest(5)).extracting(AuditEntry::action).containsExactly("secret.set");
        assertThat(sceneShows("r8_typedInTheViewTest")).isFalse();
    }

    @Test
    void theDriftToggleShowsTheKeysThatDifferBetweenTheFileAndVaultWithLettersAndNoValue(FxRobot robot) throws Exception {
        try (VaultKvTestServer vault = VaultKvTestServer.start().mount("secret", 2)) {
            vault.put("secret", "simpletuner", Map.of("HF_TOKEN", HF_FILE, "REPLICATE_API_TOKEN", "r8_vaultDiffersFromTheFile",
                    "VAULT_ONLY", "v-only"));
            env.put("VAULT_ADDR", vault.url());
            env.put("VAULT_TOKEN", vault.rootToken());
            open(robot, "{\"HF_TOKEN\": \"" + HF_FILE + "\", \"REPLICATE_API_TOKEN\": \"" + R8_FILE + "\"}");
            assertThat(keysShown(robot)).containsExactly("HF_TOKEN", "REPLICATE_API_TOKEN", "VAULT_ONLY");
            assertThat(text(robot, "#driftToggle")).isEqualTo("Drift (2)");
            assertThat(visible(robot, "#driftNote")).isFalse();

            robot.clickOn("#driftToggle");
            WaitForAsyncUtils.waitForFxEvents();

            assertThat(keysShown(robot)).as("the file and vault differ; vault alone holds one")
                    .containsExactly("REPLICATE_API_TOKEN", "VAULT_ONLY");
            assertThat(visible(robot, "#driftNote")).isTrue();
            shows(robot, "REPLICATE_API_TOKEN", ".drift-cell", "[env –  file A  vault B]");
            shows(robot, "VAULT_ONLY", ".drift-cell", "[env –  file –  vault A]");
            assertThat(text(robot, ".count-label")).isEqualTo("2 of 3 keys");
            assertThat(sceneShows(R8_FILE) || sceneShows("r8_vaultDiffersFromTheFile") || sceneShows(HF_FILE))
                    .as("values stay masked").isFalse();

            robot.clickOn("#driftToggle");
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(keysShown(robot)).hasSize(3);
            assertThat(onFx(() -> robot.lookup(".drift-cell").queryAll().stream().noneMatch(Node::isVisible)))
                    .as("the column goes with the toggle").isTrue();
        }
    }

    @Test
    void theFirstSecretSavedTurnsTheStatusBarsFileDotGreenWithoutAClick(FxRobot robot) throws IOException {
        env.put("HF_TOKEN", HF_ENV);
        open(robot, null);
        robot.interact(console.shell::refreshSources);
        settle(robot);
        Label fileDot = robot.lookup("#source-file").queryAs(Label.class);
        assertThat(fileDot.getStyleClass()).as("no secrets file yet").contains("unavailable");

        robot.clickOn("#addButton");
        robot.clickOn("#keyField").write("WANDB_API_KEY");
        settle(robot);
        robot.clickOn("#valueHidden").write("wandb-first-value");
        robot.clickOn("#saveButton");
        settle(robot);

        fileDot = robot.lookup("#source-file").queryAs(Label.class);
        assertThat(fileDot.getStyleClass()).contains("available").doesNotContain("unavailable");
        assertThat(fileDot.getTooltip().getText()).startsWith("file: available — 1 key in " + file);

        clickInRow(robot, "WANDB_API_KEY", ".delete-button");
        robot.clickOn("#confirmDeleteButton");
        settle(robot);
        assertThat(robot.lookup("#source-file").queryAs(Label.class).getTooltip().getText())
                .as("a delete checks the sources again too").startsWith("file: available — 0 keys in " + file);
    }

    @Test
    void aKeySetInBothTheEnvironmentAndTheFileShowsEnvAsSourceAndTheFileAsShadowed(FxRobot robot) throws IOException {
        standard(robot);

        shows(robot, "HF_TOKEN", ".source-chip", "[env]");
        shows(robot, "HF_TOKEN", ".shadows-cell", "[file]");
        shows(robot, "HF_TOKEN", ".secret-value", "[hf_••••••••]");
        shows(robot, "REPLICATE_API_TOKEN", ".source-chip", "[file]");
        shows(robot, "REPLICATE_API_TOKEN", ".shadows-cell", "[—]");
        assertThat(text(robot, ".count-label")).isEqualTo("2 keys");
        assertThat(visible(robot, ".unavailable-banner")).as("no source that is set up fails").isFalse();
        assertThat(text(robot, ".not-configured-note")).isEqualTo("Not set up yet: aws, vault (the Sources cards say how; Settings, Ctrl+7, sets up AWS and Vault).");
        assertThat(sceneShows(HF_ENV) || sceneShows(HF_FILE) || sceneShows(R8_FILE)).as("no value shows by default").isFalse();
    }

    @Test
    void copyPutsTheValueOnTheClipboardWithoutShowingItAndTheCountdownClearsIt(FxRobot robot) throws IOException {
        standard(robot);

        clickInRow(robot, "REPLICATE_API_TOKEN", ".copy-button");

        assertThat(onFx(() -> R8_FILE.equals(Clipboard.getSystemClipboard().getString())))
                .as("the system clipboard holds the Replicate token").isTrue();
        assertThat(sceneShows(R8_FILE)).as("the copied value is not shown").isFalse();
        assertThat(text(robot, ".clipboard-box .label")).isEqualTo("REPLICATE_API_TOKEN copied · clears in 20 s");

        robot.interact(() -> console.time.advance(Duration.ofSeconds(12)));
        assertThat(text(robot, ".clipboard-box .label")).isEqualTo("REPLICATE_API_TOKEN copied · clears in 8 s");
        robot.interact(() -> console.time.advance(Duration.ofSeconds(8)));

        assertThat(onFx(() -> Clipboard.getSystemClipboard().hasString())).as("the clipboard was cleared").isFalse();
        assertThat(visible(robot, ".clipboard-box")).isFalse();
    }

    @Test
    void ctrlCOnASelectedRowCopiesToo(FxRobot robot) throws IOException {
        standard(robot);

        clickInRow(robot, "HF_TOKEN", ".key-cell");
        robot.push(KeyCode.CONTROL, KeyCode.C);

        assertThat(onFx(() -> HF_ENV.equals(Clipboard.getSystemClipboard().getString()))).as("the environment's value was copied").isTrue();
        assertThat(sceneShows(HF_ENV)).isFalse();
    }

    @Test
    void revealShowsOneValueWithACountdownAndMasksItAgain(FxRobot robot) throws IOException {
        standard(robot);

        clickInRow(robot, "HF_TOKEN", ".reveal-button");

        shows(robot, "HF_TOKEN", ".secret-value", "[" + HF_ENV + "]");
        shows(robot, "HF_TOKEN", ".reveal-button", "[10 s]");
        shows(robot, "REPLICATE_API_TOKEN", ".secret-value", "[r8_••••••••]");

        robot.interact(() -> console.time.advance(Duration.ofMillis(9_500)));
        shows(robot, "HF_TOKEN", ".reveal-button", "[1 s]");
        robot.interact(() -> console.time.advance(Duration.ofMillis(500)));

        shows(robot, "HF_TOKEN", ".secret-value", "[hf_••••••••]");
        shows(robot, "HF_TOKEN", ".reveal-button", "[]");
        assertThat(sceneShows(HF_ENV)).isFalse();
    }

    @Test
    void deleteAsksForConfirmationThenRemovesTheKeyFromTheFile(FxRobot robot) throws IOException {
        standard(robot);

        clickInRow(robot, "REPLICATE_API_TOKEN", ".delete-button");
        assertThat(text(robot, ".confirm-bar .label")).isEqualTo("Delete REPLICATE_API_TOKEN from the secrets file?");
        assertThat(Files.readString(file)).contains("REPLICATE_API_TOKEN");
        robot.clickOn("#confirmDeleteButton");
        settle(robot);

        assertThat(keysShown(robot)).containsExactly("HF_TOKEN");
        assertThat(Files.readString(file)).doesNotContain("REPLICATE_API_TOKEN").contains("HF_TOKEN");
        assertThat(visible(robot, ".confirm-bar")).isFalse();
        assertThat(text(robot, ".message-bar .label")).isEqualTo("Deleted REPLICATE_API_TOKEN from " + file + ".");
        AuditEntry entry = console.audit.newest(1).get(0);
        assertThat(entry.action() + " " + entry.target()).isEqualTo("secret.delete secret:REPLICATE_API_TOKEN");
    }

    @Test
    void aMalformedFileShowsItsErrorAndAWriteLeavesItUntouched(FxRobot robot) throws IOException {
        env.put("HF_TOKEN", HF_ENV);
        String broken = "{\n  \"REPLICATE_API_TOKEN\": \"r8_x\"\n  \"HF_TOKEN\": \"hf_y\"\n}\n";
        open(robot, broken);

        assertThat(text(robot, ".unavailable-banner .label")).contains("file — malformed JSON in " + file).contains("(line 3");
        assertThat(onFx(() -> allText(robot.lookup("#source-card-file").query()))).anyMatch(t -> t.startsWith("parse error: "));

        robot.clickOn("#addButton");
        robot.clickOn("#keyField").write("WANDB_API_KEY");
        settle(robot);
        robot.clickOn("#valueHidden").write("w");
        robot.clickOn("#saveButton");
        settle(robot);

        String error = text(robot, ".editor-error");
        assertThat(error).startsWith("Not saved: refusing to write " + file + ": it is not a valid secrets file")
                .doesNotContain("\n");
        assertThat(visible(robot, ".editor-error")).isTrue();
        assertThat(robot.lookup("#keyField").queryAs(TextField.class).getText()).isEqualTo("WANDB_API_KEY");
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    @Test
    void theEditorWarnsBeforeSavingThatTheEnvironmentWinsAndHintsAtTokenFormats(FxRobot robot) throws IOException {
        standard(robot);

        robot.clickOn("#addButton");
        robot.clickOn("#keyField").write("HF_TOKEN");
        settle(robot);
        robot.clickOn("#valueHidden").write("r8_oops");

        assertThat(text(robot, ".shadow-warning .label")).startsWith("The environment variable HF_TOKEN is set and wins over the secrets file");
        assertThat(text(robot, ".hints .label")).startsWith("This looks like a Replicate token");
        assertThat(robot.lookup("#saveButton").queryButton().isDisabled()).isFalse();

        robot.clickOn("#showValueToggle");
        assertThat(robot.lookup("#valueShown").queryAs(TextField.class).getText())
                .as("the show toggle shows what was typed").isEqualTo("r8_oops");
        robot.clickOn("#cancelEditButton");
        assertThat(sceneShows("r8_oops")).isFalse();
    }

    @Test
    void aSaveClickedBeforeTheShadowCheckAnswersWritesNothingUntilTheWarningIsShown(FxRobot robot) throws IOException {
        standard(robot);

        robot.clickOn("#addButton");
        robot.clickOn("#keyField").write("HF_TOKEN");
        robot.clickOn("#valueHidden").write("hf_savedTooFast");
        assertThat(robot.lookup("#saveButton").queryButton().isDisabled()).as("disabled while the check runs").isTrue();
        robot.clickOn("#saveButton");
        robot.type(KeyCode.ENTER);
        settle(robot);

        assertThat(text(robot, ".shadow-warning .label")).startsWith("The environment variable HF_TOKEN is set");
        assertThat(Files.readString(file).contains("hf_savedTooFast")).as("nothing written before the warning showed").isFalse();
        assertThat(robot.lookup("#saveButton").queryButton().isDisabled()).isFalse();

        robot.clickOn("#saveButton");
        settle(robot);
        assertThat(text(robot, "#replaceLabel")).as("HF_TOKEN exists: Add asks first")
                .startsWith("HF_TOKEN already exists in the environment (variable HF_TOKEN) and the secrets file");
        robot.clickOn("#replaceButton");
        settle(robot);

        assertThat(Files.readString(file).contains("hf_savedTooFast")).as("saved with the warning on screen").isTrue();
        assertThat(text(robot, ".message-bar .label")).startsWith("Saved HF_TOKEN to " + file + ", but the environment");
    }

    @Test
    void ctrlFFocusesTheSearchAndTypingFilters(FxRobot robot) throws IOException {
        standard(robot);

        robot.push(KeyCode.CONTROL, KeyCode.F);
        assertThat(robot.lookup(".search-field").queryAs(TextField.class).isFocused()).isTrue();
        robot.write("repl");

        assertThat(keysShown(robot)).containsExactly("REPLICATE_API_TOKEN");
        assertThat(text(robot, ".count-label")).isEqualTo("1 of 2 keys");
    }

    @Test
    void theSourceFilterShowsTheKeysASourceHolds(FxRobot robot) throws IOException {
        standard(robot);

        robot.clickOn("#filter-env");
        assertThat(keysShown(robot)).containsExactly("HF_TOKEN");
        robot.clickOn("#filter-file");
        assertThat(keysShown(robot)).as("the file holds HF_TOKEN too, shadowed").containsExactly("HF_TOKEN", "REPLICATE_API_TOKEN");
        robot.clickOn("#filter-file");
        assertThat(onFx(() -> robot.lookup("#filter-file").queryAs(ToggleButton.class).isSelected()))
                .as("clicking the selected filter keeps it").isTrue();
        robot.clickOn("#filter-vault");
        assertThat(keysShown(robot)).isEmpty();
        assertThat(text(robot, ".table-placeholder")).isEqualTo("No key matches the search or the source filter.");
        robot.clickOn("#filter-all");
        assertThat(keysShown(robot)).hasSize(2);
    }

    @Test
    void f5ReloadsWhatAnotherProgramWrote(FxRobot robot) throws IOException {
        standard(robot);
        Files.writeString(file, "{\"REPLICATE_API_TOKEN\": \"" + R8_FILE + "\", \"ADDED_ELSEWHERE\": \"x\"}");

        robot.push(KeyCode.F5);
        settle(robot);

        assertThat(keysShown(robot)).containsExactly("ADDED_ELSEWHERE", "HF_TOKEN", "REPLICATE_API_TOKEN");
        shows(robot, "HF_TOKEN", ".shadows-cell", "[—]");
    }

    @Test
    @Tag("slow")
    void aVaultThatNeverAnswersLeavesTheViewResponsiveAndThenSaysWhy(FxRobot robot) throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        try (VaultKvTestServer vault = VaultKvTestServer.start().mount("secret", 2)) {
            vault.hang(true);
            env.put("VAULT_ADDR", vault.url());
            env.put("VAULT_TOKEN", vault.rootToken());
            // Vault's own read timeout (5 s) must not end the silence while the steps below run on a loaded machine.
            env.put("SIMPLETUNER_VAULT_TIMEOUT_SECONDS", "120");
            env.put("HF_TOKEN", HF_ENV);
            home = SimpleTunerHome.underUserHome(Files.createTempDirectory(userHome, "home"));
            robot.interact(() -> {
                console = new ConsoleUnderTest(stage, env, home, threads, threads);
                console.model.loadIfNeeded();
            });
            waitUntil(() -> !vault.requests().isEmpty());

            assertThat(visible(robot, ".loading-box")).as("loading shows while Vault is silent").isTrue();
            assertThat(text(robot, ".table-placeholder")).isEqualTo("Loading the secrets from every source…");
            robot.push(KeyCode.CONTROL, KeyCode.F).write("hf");
            assertThat(robot.lookup(".search-field").queryAs(TextField.class).getText()).isEqualTo("hf");
            robot.clickOn("#addButton");
            assertThat(visible(robot, ".editor")).isTrue();
            robot.clickOn("#cancelEditButton");
            robot.clickOn("#nav-providers").clickOn("#nav-secrets");
            robot.push(KeyCode.F5);
            assertThat(text(robot, ".message-bar .label")).isEqualTo(SecretsViewModel.STILL_LOADING);

            vault.hang(false); // drops the held requests unanswered: Vault fails, the others have answered
            waitUntil(() -> onFx(() -> !console.model.loadingProperty().get()));

            assertThat(keysShown(robot)).containsExactly("HF_TOKEN");
            assertThat(text(robot, ".unavailable-banner .label")).contains("vault — ");
            assertThat(onFx(() -> robot.lookup("#source-card-vault").query().getStyleClass().contains("unavailable"))).isTrue();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    @Tag("slow")
    void testConnectionShowsTheExactReasonWithASpinnerWhileItRuns(FxRobot robot) throws Exception {
        try (VaultKvTestServer vault = VaultKvTestServer.start().mount("secret", 2)) {
            vault.put("secret", "simpletuner", Map.of("FROM_VAULT", "v"));
            env.put("VAULT_ADDR", vault.url());
            env.put("VAULT_TOKEN", vault.rootToken());
            open(robot, null);
            assertThat(keysShown(robot)).containsExactly("FROM_VAULT");

            vault.sealed(true);
            robot.clickOn("#test-vault");
            assertThat(visible(robot, "#source-card-vault .small-spinner")).as("a spinner while the test runs").isTrue();
            assertThat(robot.lookup("#test-vault").queryButton().isDisabled()).isTrue();
            settle(robot);

            assertThat(visible(robot, "#source-card-vault .small-spinner")).isFalse();
            assertThat(text(robot, "#source-detail-vault")).startsWith("Failed: ").contains("sealed");
            vault.sealed(false);
            robot.clickOn("#test-vault");
            settle(robot);
            assertThat(text(robot, "#source-detail-vault")).isEqualTo("Connected: 1 key at secret/simpletuner (KV v2)");
            assertThat(onFx(() -> allText(robot.lookup("#source-card-vault").query()))).contains("v2")
                    .noneMatch(t -> t.contains(vault.rootToken()));
        }
    }

    /** A bounded wait for work on real threads (a real server is involved here). */
    private static void waitUntil(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static <T> T onFx(Callable<T> query) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(query));
    }
}
