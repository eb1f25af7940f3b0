package io.secretdesk.ui.secrets;

import static io.secretdesk.testing.FxSteps.onFx;
import static io.secretdesk.testing.FxSteps.untilAsserted;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.shell.ThemeChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
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

/**
 * Regression (issue 15, "Space and first use"): at 1024x700 key names were cut while the Value column kept ~250 px
 * empty, at 800 px the source badges became "…", and in an empty home the setup hints were cut exactly where they say
 * how ("not set (SIMPL…"). Read here from what the cells and labels draw (their text node holds the clipped text), at
 * the sizes the issue names, in both themes, on the real FXML.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class SecretsLayoutTest {

    /** Key names SimpleTuner's operators keep, the longest ones included. */
    private static final List<String> KEYS = List.of("HF_TOKEN", "REPLICATE_API_TOKEN", "CLOUD_WEBHOOK_SECRET",
            "HUGGINGFACE_HUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "WANDB_API_KEY", "OPENAI_API_KEY");
    private static final List<double[]> SIZES = List.of(new double[] {1024, 700}, new double[] {800, 600});
    private static final List<ThemeChoice> THEMES = List.of(ThemeChoice.PRIMER_LIGHT, ThemeChoice.PRIMER_DARK);

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
        // The stage is shared with the next class in this JVM: give it back at its usual size.
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            stage.setWidth(1100);
            stage.setHeight(720);
        }));
        if (console != null) {
            console.close();
        }
        Application.setUserAgentStylesheet(null);
    }

    private void open(FxRobot robot, Map<String, String> env) {
        SimpleTunerHome home = SimpleTunerHome.underUserHome(userHome);
        robot.interact(() -> {
            console = new ConsoleUnderTest(stage, env, home, background, Runnable::run);
            console.model.loadIfNeeded();
            console.shell.refreshSources();
        });
        settle(robot);
    }

    private void settle(FxRobot robot) {
        FxSteps.settle(robot, background);
    }

    private void resize(FxRobot robot, double[] size, ThemeChoice theme) {
        robot.interact(() -> {
            console.shell.themeProperty().set(theme);
            stage.setWidth(size[0]);
            stage.setHeight(size[1]);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** What {@code labeled} draws, as its text node holds it: the text cut with "…" when it does not fit. */
    private static String drawn(Labeled labeled) {
        Node text = labeled.lookup(".text");
        return text instanceof Text shown ? shown.getText() : "";
    }

    private static String where(double[] size, ThemeChoice theme) {
        return (int) size[0] + "x" + (int) size[1] + " " + theme;
    }

    @Test
    void keyNamesAndSourceBadgesAreWholeAt1024AndAt800PixelsWide(FxRobot robot) throws Exception {
        Files.createDirectories(SimpleTunerHome.underUserHome(userHome).dir());
        Files.writeString(SimpleTunerHome.underUserHome(userHome).dir().resolve("secrets.json"), KEYS.stream()
                .filter(key -> !key.equals("HF_TOKEN"))
                .map(key -> "\"" + key + "\": \"value-of-" + key.toLowerCase() + "\"")
                .collect(Collectors.joining(", ", "{", "}")));
        open(robot, Map.of("HF_TOKEN", "hf_fromTheEnvironment0123456789"));
        assertThat(onFx(() -> stage.getMinWidth())).as("the window's least width").isEqualTo(800);
        assertThat(onFx(() -> stage.getMinHeight())).as("the window's least height").isEqualTo(560);
        @SuppressWarnings("unchecked")
        TableView<SecretRow> table = robot.lookup(".secrets-table").queryAs(TableView.class);
        untilAsserted(() -> assertThat(table.getItems()).extracting(SecretRow::key).containsExactlyInAnyOrderElementsOf(KEYS));

        for (double[] size : SIZES) {
            for (ThemeChoice theme : THEMES) {
                resize(robot, size, theme);
                untilAsserted(() -> {
                    List<Labeled> keys = robot.lookup(".key-cell").queryAllAs(Labeled.class).stream()
                            .filter(cell -> cell.getText() != null && cell.isVisible()).toList();
                    assertThat(keys).extracting(Labeled::getText).as("the rows drawn at " + where(size, theme))
                            .hasSizeGreaterThanOrEqualTo(4);
                    for (Labeled cell : keys) {
                        assertThat(drawn(cell)).as("the key %s at %s", cell.getText(), where(size, theme))
                                .isEqualTo(cell.getText());
                    }
                    Bounds page = robot.lookup(".secrets-view").query().localToScene(
                            robot.lookup(".secrets-view").query().getLayoutBounds());
                    assertThat(page.getMinY()).as("the page's top in the window at " + where(size, theme)).isGreaterThanOrEqualTo(0);
                    assertThat(page.getMaxY()).as("the page's foot in the window at " + where(size, theme))
                            .isLessThanOrEqualTo(console.scene.getHeight());
                    for (Labeled masked : robot.lookup(".secrets-table .secret-value").queryAllAs(Labeled.class)) {
                        if (masked.isVisible() && masked.getText() != null && !masked.getText().isEmpty()) {
                            assertThat(drawn(masked)).as("a masked value at %s", where(size, theme))
                                    .isEqualTo(masked.getText());
                        }
                    }
                    Labeled note = robot.lookup(".not-configured-note").queryAs(Labeled.class);
                    assertThat(note.getText()).contains("Settings, Ctrl+7");
                    assertThat(drawn(note)).as("the note on what is not set up at %s", where(size, theme))
                            .isEqualTo(note.getText());
                    List<Labeled> badges = robot.lookup(".source-chip").queryAllAs(Labeled.class).stream()
                            .filter(Node::isVisible).toList();
                    assertThat(badges).extracting(Labeled::getText).as("badges at " + where(size, theme))
                            .contains("env", "file");
                    for (Labeled badge : badges) {
                        assertThat(drawn(badge)).as("the badge %s at %s", badge.getText(), where(size, theme))
                                .isEqualTo(badge.getText());
                    }
                });
            }
        }
    }

    @Test
    void inAnEmptyHomeTheSetupHintsAreShownWhole(FxRobot robot) throws Exception {
        open(robot, Map.of());
        for (double[] size : SIZES) {
            for (ThemeChoice theme : THEMES) {
                resize(robot, size, theme);
                if (!robot.lookup("#sourceScroll").query().isVisible()) {
                    robot.clickOn("#sourcesToggle"); // a short window folds the cards; the chevron opens them
                }
                WaitForAsyncUtils.waitForFxEvents();
                untilAsserted(() -> {
                    List<Labeled> hints = robot.lookup("#sourceCards .field-value").queryAllAs(Labeled.class).stream()
                            .filter(Node::isVisible)
                            .filter(label -> !label.getText().startsWith("/") && !label.getText().startsWith("http"))
                            .toList();
                    assertThat(hints).extracting(Labeled::getText).as("the hints at " + where(size, theme))
                            .contains("not set (SIMPLETUNER_AWS_SECRET_NAME)");
                    for (Labeled hint : hints) {
                        assertThat(drawn(hint)).as("the hint at %s", where(size, theme)).isEqualTo(hint.getText());
                        assertWordsWhole(hint, "\\S+", where(size, theme));
                        assertThat(hint.getHeight()).as("not cut below: %s at %s", hint.getText(), where(size, theme))
                                .isGreaterThanOrEqualTo(hint.prefHeight(hint.getWidth()) - 0.5);
                    }
                    Set<String> details = robot.lookup("#sourceCards .card-detail").queryAllAs(Labeled.class).stream()
                            .filter(Node::isVisible).filter(detail -> !drawn(detail).equals(detail.getText()))
                            .map(Labeled::getText).collect(Collectors.toSet());
                    assertThat(details).as("a card's detail cut at %s", where(size, theme)).isEmpty();
                    // Regression (issue 15): "(SIMPLETUNE" / "R_AWS_SECR" / "ET_NAME)" in a narrow card at 1024x700.
                    for (Labeled detail : robot.lookup("#sourceCards .card-detail").queryAllAs(Labeled.class)) {
                        if (detail.isVisible()) {
                            assertWordsWhole(detail, "[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", where(size, theme));
                        }
                    }
                    Bounds page = robot.lookup(".secrets-view").query().localToScene(
                            robot.lookup(".secrets-view").query().getLayoutBounds());
                    assertThat(page.getMaxY()).as("open cards keep the page's foot in the window at " + where(size, theme))
                            .isLessThanOrEqualTo(console.scene.getHeight());
                });
            }
        }
    }

    /**
     * Every word of {@code label} matching {@code word} (every word, or the variable names) fits on one of its lines, so
     * wrapping breaks only between words, never inside one (JavaFX breaks a word only when it is wider than the line).
     */
    private static void assertWordsWhole(Labeled label, String word, String where) {
        double line = label.getWidth() - label.snappedLeftInset() - label.snappedRightInset();
        java.util.regex.Matcher words = java.util.regex.Pattern.compile(word).matcher(label.getText());
        while (words.find()) {
            javafx.scene.text.Text measured = new javafx.scene.text.Text(words.group());
            measured.setFont(label.getFont());
            assertThat(measured.getLayoutBounds().getWidth()).as("%s fits whole on a line of \"%s\" at %s", words.group(),
                    label.getText(), where).isLessThanOrEqualTo(line);
        }
    }
}
