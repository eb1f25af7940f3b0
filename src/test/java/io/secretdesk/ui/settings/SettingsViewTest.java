package io.secretdesk.ui.settings;

import static io.secretdesk.testing.FxSteps.replaceText;
import static io.secretdesk.testing.FxSteps.scrollIntoView;
import static io.secretdesk.testing.FxSteps.untilAsserted;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.FxClipboard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
 * The Settings page on its real FXML in the console's shell, over a real console database (the credential store) and
 * a throw-away settings node: the chain's settings saved and read back by a new page, the environment winning and
 * saying so, a value the chain cannot use refused with nothing saved, and Esc dropping a field's edit.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class SettingsViewTest {

    private static final String TOKEN = "hvs.CANARYsettingsViewToken0123";

    private Stage stage;
    private ConsoleFixture console;
    private ShellFixture shell;
    private final AtomicInteger rebuilds = new AtomicInteger();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (shell != null) {
            shell.close();
        }
        if (console != null) {
            console.close();
        }
    }

    /** Shows the Settings page over {@code env} (the process environment as the page sees it). */
    private void open(FxRobot robot, Map<String, String> env) throws Exception {
        console = ConsoleFixture.inNewTempDir("settings-view", env);
        robot.interact(() -> {
            TickingClock time = new TickingClock();
            Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));
            ClipboardGuard guard = new ClipboardGuard(new FxClipboard(), Duration.ofSeconds(20), time::nanoTime, time);
            UiExecutor inline = new UiExecutor(Runnable::run, Runnable::run);
            shell = new ShellFixture(stage, inline, guard, List::of, reveals);
            registerSettings("settings", inline, reveals, guard);
            shell.show();
            shell.model.show("settings");
        });
        untilAsserted(() -> assertThat(robot.lookup("#setting-VAULT_ADDR").tryQuery()).isPresent());
    }

    private void registerSettings(String name, UiExecutor executor, Reveals reveals, ClipboardGuard guard) {
        shell.page(name, SettingsController.class, () -> new SettingsController(new SettingsViewModel(
                shell.prefs, console.env, shell.model.lock(), executor, console.services::credentials,
                rebuilds::incrementAndGet), reveals, guard));
    }

    private void type(FxRobot robot, String variable, String text) {
        scrollIntoView(robot, "#setting-" + variable);
        replaceText(robot, "#setting-" + variable, text);
    }

    private void save(FxRobot robot) {
        scrollIntoView(robot, "#saveButton");
        robot.clickOn("#saveButton");
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }

    @Test
    void savedSettingsAreReadBackByANewPageAndTheTokenIsKeptEncrypted(FxRobot robot) throws Exception {
        open(robot, Map.of());
        type(robot, "AWS_DEFAULT_REGION", "eu-west-1");
        type(robot, "VAULT_ADDR", "https://vault.example.com:8200");
        type(robot, "SIMPLETUNER_VAULT_MOUNT", "kv/team");
        type(robot, "VAULT_TOKEN", TOKEN);
        save(robot);

        untilAsserted(() -> assertThat(text(robot, ".settings-message")).startsWith("Saved. The chain was rebuilt"));
        assertThat(rebuilds.get()).as("the chain is rebuilt once").isEqualTo(1);
        assertThat(shell.prefs.get("chain.AWS_DEFAULT_REGION", null)).isEqualTo("eu-west-1");
        assertThat(shell.prefs.get("chain.VAULT_ADDR", null)).isEqualTo("https://vault.example.com:8200");
        assertThat(Arrays.stream(shell.prefs.keys()).map(key -> shell.prefs.get(key, "")))
                .as("the token is not in the settings node").noneMatch(value -> value.contains("CANARY"));
        assertThat(console.services.storedChainSecrets().get("VAULT_TOKEN").equals(TOKEN))
                .as("the token is in the credential store").isTrue();
        assertThat(new String(Files.readAllBytes(console.database), StandardCharsets.ISO_8859_1).contains("CANARY"))
                .as("encrypted there").isFalse();
        assertThat(robot.lookup("#setting-VAULT_TOKEN").queryAs(TextField.class).getText())
                .as("the typed token leaves the form").isEmpty();
        assertThat(text(robot, "#note-VAULT_TOKEN")).startsWith("Stored, encrypted.");

        // A second Settings page over the same settings node and store (as the console started again builds it; shown
        // through another of the shell's page names) reads everything back, the token only as "stored".
        robot.interact(() -> {
            TickingClock time = new TickingClock();
            UiExecutor inline = new UiExecutor(Runnable::run, Runnable::run);
            registerSettings("health", inline, new Reveals(time::nanoTime, time, Duration.ofSeconds(10)),
                    shell.guard);
            shell.model.show("health");
        });
        untilAsserted(() -> {
            List<TextField> regions = robot.lookup("#setting-AWS_DEFAULT_REGION").queryAllAs(TextField.class).stream()
                    .filter(field -> field.getScene() != null && field.isVisible()).toList();
            assertThat(regions).extracting(TextField::getText).containsExactly("eu-west-1");
        });
        List<String> mounts = robot.lookup("#setting-SIMPLETUNER_VAULT_MOUNT").queryAllAs(TextField.class).stream()
                .filter(field -> field.getScene() != null && field.isVisible()).map(TextField::getText).toList();
        assertThat(mounts).containsExactly("kv/team");
        List<String> tokenNotes = robot.lookup("#note-VAULT_TOKEN").queryAllAs(Label.class).stream()
                .filter(note -> note.getScene() != null && note.isVisible()).map(Label::getText).toList();
        assertThat(tokenNotes).singleElement().asString().startsWith("Stored, encrypted.");
    }

    @Test
    void aVariableSetInTheEnvironmentWinsAndItsFieldAndTheSaveSaySo(FxRobot robot) throws Exception {
        open(robot, Map.of("VAULT_ADDR", "https://vault.from-the-environment:8200"));
        untilAsserted(() -> assertThat(text(robot, "#note-VAULT_ADDR")).isEqualTo(
                "VAULT_ADDR is set in the environment (https://vault.from-the-environment:8200) and wins over this setting."));
        assertThat(robot.lookup("#note-VAULT_ADDR").query().getStyleClass()).contains("overridden");
        assertThat(text(robot, "#note-AWS_DEFAULT_REGION")).isEqualTo("As AWS_DEFAULT_REGION.");
        assertThat(robot.lookup("#note-AWS_DEFAULT_REGION").query().getStyleClass()).doesNotContain("overridden");

        type(robot, "VAULT_ADDR", "https://vault.stored:8200");
        save(robot);

        untilAsserted(() -> assertThat(text(robot, ".settings-message"))
                .isEqualTo("Saved. The chain was rebuilt with these settings; the environment still wins for VAULT_ADDR."));
        assertThat(shell.prefs.get("chain.VAULT_ADDR", null)).as("kept for when the variable is gone")
                .isEqualTo("https://vault.stored:8200");
        assertThat(text(robot, "#note-VAULT_ADDR")).startsWith("VAULT_ADDR is set in the environment");
    }

    @Test
    void anAddressThatIsNotAUrlIsRefusedWithWhatToSetAndNothingIsSaved(FxRobot robot) throws Exception {
        open(robot, Map.of());
        type(robot, "AWS_DEFAULT_REGION", "eu-west-1");
        type(robot, "VAULT_ADDR", "vault.example.com");
        type(robot, "VAULT_TOKEN", TOKEN);
        save(robot);

        untilAsserted(() -> assertThat(text(robot, ".settings-message")).isEqualTo("Nothing was saved: VAULT_ADDR"
                + " 'vault.example.com' is not an http:// or https:// address: set it like https://vault.example.com:8200."));
        assertThat(text(robot, "#note-VAULT_ADDR")).startsWith("VAULT_ADDR 'vault.example.com' is not an http://");
        assertThat(robot.lookup("#note-VAULT_ADDR").query().getStyleClass()).contains("problem");
        assertThat(shell.prefs.keys()).as("no setting saved, not even the good region").noneMatch(k -> k.startsWith("chain."));
        assertThat(console.services.storedChainSecrets()).as("nor the token").doesNotContainKey("VAULT_TOKEN");
        assertThat(rebuilds.get()).isZero();
        assertThat(text(robot, ".settings-message")).doesNotContain("CANARY");

        // An AWS endpoint that is not a URL is refused the same way, by the rule the AWS provider applies.
        type(robot, "VAULT_ADDR", "https://vault.example.com:8200");
        assertThat(robot.lookup("#note-VAULT_ADDR").query().getStyleClass()).as("an edit answers the problem")
                .doesNotContain("problem");
        type(robot, "AWS_ENDPOINT_URL", "localhost:5000");
        save(robot);
        untilAsserted(() -> assertThat(text(robot, ".settings-message")).startsWith("Nothing was saved: AWS_ENDPOINT_URL"));
        assertThat(text(robot, "#note-AWS_ENDPOINT_URL")).contains("http://127.0.0.1:5000");
        assertThat(shell.prefs.keys()).noneMatch(k -> k.startsWith("chain."));

        type(robot, "AWS_ENDPOINT_URL", "");
        save(robot);
        untilAsserted(() -> assertThat(text(robot, ".settings-message")).startsWith("Saved."));
        assertThat(shell.prefs.get("chain.VAULT_ADDR", null)).isEqualTo("https://vault.example.com:8200");
        assertThat(console.services.storedChainSecrets()).containsKey("VAULT_TOKEN");
    }

    @Test
    void escInAFieldDropsWhatWasTypedThereSinceTheLastSaveAndEnterSaves(FxRobot robot) throws Exception {
        open(robot, Map.of());
        type(robot, "AWS_DEFAULT_REGION", "eu-west-1");
        save(robot);
        untilAsserted(() -> assertThat(text(robot, ".settings-message")).startsWith("Saved."));

        type(robot, "AWS_DEFAULT_REGION", "us-east-2");
        robot.push(KeyCode.ESCAPE);
        untilAsserted(() -> assertThat(robot.lookup("#setting-AWS_DEFAULT_REGION").queryAs(TextField.class).getText())
                .isEqualTo("eu-west-1"));

        type(robot, "VAULT_TOKEN", TOKEN);
        robot.push(KeyCode.ESCAPE);
        untilAsserted(() -> assertThat(robot.lookup("#setting-VAULT_TOKEN").queryAs(TextField.class).getText()).isEmpty());
        save(robot);
        untilAsserted(() -> assertThat(text(robot, "#note-VAULT_TOKEN")).startsWith("Not stored."));
        assertThat(console.services.storedChainSecrets()).doesNotContainKey("VAULT_TOKEN");
        assertThat(shell.prefs.get("chain.AWS_DEFAULT_REGION", null)).isEqualTo("eu-west-1");

        type(robot, "AWS_DEFAULT_REGION", "us-east-2");
        robot.type(KeyCode.ENTER); // Save is the page's default button
        untilAsserted(() -> assertThat(shell.prefs.get("chain.AWS_DEFAULT_REGION", null)).isEqualTo("us-east-2"));
    }

    /** Whether the "Unsaved changes" marker beside Save shows. */
    private static boolean unsavedShown(FxRobot robot) {
        return robot.lookup("#unsavedLabel").query().isVisible();
    }

    private static String quitQuestion(FxRobot robot) {
        Label label = robot.lookup(".quit-text").queryAs(Label.class);
        return label.isVisible() ? label.getText() : "";
    }

    /**
     * Regression (issue 15): typed chain settings were not unsaved changes, so Ctrl+Q quit at once and dropped them. Now
     * they are, as on Provider Config and Hardware Pricing: the page marks them, they stay when the page is left, quitting
     * asks "Discard unsaved changes in Settings and quit?", and once saved (or undone with Esc) it quits at once.
     */
    @Test
    void typedButUnsavedChainSettingsAreUnsavedChangesThatQuittingAsksAbout(FxRobot robot) throws Exception {
        open(robot, Map.of());
        AtomicInteger quits = new AtomicInteger();
        shell.onQuit(quits::incrementAndGet);
        assertThat(unsavedShown(robot)).as("nothing typed yet").isFalse();

        type(robot, "AWS_DEFAULT_REGION", "eu-west-1");
        untilAsserted(() -> assertThat(unsavedShown(robot)).isTrue());

        // Left for another page and quit from there: the edit is kept, and quitting asks about it.
        robot.interact(() -> shell.model.show("health"));
        robot.push(KeyCode.CONTROL, KeyCode.Q);
        assertThat(quits).as("nothing quit yet").hasValue(0);
        assertThat(quitQuestion(robot)).isEqualTo("Discard unsaved changes in Settings and quit?");
        robot.clickOn("#keepEditingButton");
        untilAsserted(() -> assertThat(robot.lookup("#setting-AWS_DEFAULT_REGION").queryAs(TextField.class).getText())
                .as("back on Settings with the edit").isEqualTo("eu-west-1"));
        assertThat(robot.lookup("#setting-AWS_DEFAULT_REGION").queryAs(TextField.class).getScene()).isNotNull();

        save(robot);
        untilAsserted(() -> assertThat(text(robot, ".settings-message")).startsWith("Saved."));
        assertThat(unsavedShown(robot)).as("saved: nothing unsaved").isFalse();

        // A typed secret counts too, until it is stored; Esc drops it and with it the question.
        type(robot, "VAULT_TOKEN", TOKEN);
        untilAsserted(() -> assertThat(unsavedShown(robot)).isTrue());
        assertThat(text(robot, ".settings-message")).as("\"Saved\" never shows beside \"Unsaved changes\"").isEmpty();
        robot.push(KeyCode.CONTROL, KeyCode.Q);
        assertThat(quitQuestion(robot)).isEqualTo("Discard unsaved changes in Settings and quit?");
        assertThat(quitQuestion(robot)).doesNotContain("CANARY");
        robot.push(KeyCode.ESCAPE); // keeps editing
        scrollIntoView(robot, "#setting-VAULT_TOKEN");
        robot.clickOn("#setting-VAULT_TOKEN");
        robot.push(KeyCode.ESCAPE); // drops the typed token
        untilAsserted(() -> assertThat(unsavedShown(robot)).isFalse());

        // Typing the stored value back (spaces aside, as Save strips them) is not an edit either.
        type(robot, "AWS_DEFAULT_REGION", " eu-west-1 ");
        assertThat(unsavedShown(robot)).isFalse();
        robot.push(KeyCode.CONTROL, KeyCode.Q);
        assertThat(quits).as("nothing unsaved: quits at once").hasValue(1);
    }
}
