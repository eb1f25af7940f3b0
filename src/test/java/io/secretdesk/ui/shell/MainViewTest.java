package io.secretdesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.UiExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real MainView.fxml, driven with clicks and keys on a headless (Monocle) stage. */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class MainViewTest {

    /** A page with a search box that counts refreshes: what a view registers. */
    static final class SearchablePage implements ShellPage {
        final TextField search = new TextField();
        final VBox root = new VBox(search);
        final AtomicInteger refreshes = new AtomicInteger();

        SearchablePage() {
            search.setId("test-search");
            root.setId("page-secrets");
        }

        @Override
        public Node view() {
            return root;
        }

        @Override
        public boolean focusSearch() {
            search.requestFocus();
            return true;
        }

        @Override
        public void refresh() {
            refreshes.incrementAndGet();
        }
    }

    private final QueuedExecutor background = new QueuedExecutor();
    private final AtomicInteger quits = new AtomicInteger();
    private SearchablePage secrets;
    private ShellFixture shell;
    private Preferences prefs;
    private ClipboardGuard guard;
    private MainViewModel model;
    private PageRegistry pages;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        secrets = new SearchablePage();
        SourceStatusFeed feed = () -> List.of(
                new SourceStatus("env", true, "2 keys"),
                new SourceStatus("file", true, "4 keys in /home/u/.simpletuner/secrets.json"),
                new SourceStatus("aws", false, "connect timed out after 3 s (https://127.0.0.1:1)"),
                new SourceStatus("vault", false, "not configured: set VAULT_ADDR"));
        shell = new ShellFixture(stage, UiExecutor.onFxThread(background), ClipboardGuard.onFxThread(Duration.ofSeconds(20)), feed)
                .page("secrets", () -> secrets)
                .onQuit(quits::incrementAndGet);
        shell.show();
        prefs = shell.prefs;
        guard = shell.guard;
        model = shell.model;
        pages = shell.pages;
    }

    @AfterEach
    void cleanUp() throws BackingStoreException {
        shell.close();
    }

    private String pageTitle(FxRobot robot) {
        return robot.lookup(".page-title").queryAs(Label.class).getText();
    }

    @Test
    void theWindowIsTitledSecretDeskAndCarriesTheAppIcon() {
        assertThat(stage.getTitle()).isEqualTo("SecretDesk");
        assertThat(stage.getIcons()).hasSize(MainWindow.ICON_SIZES.length);
        assertThat(stage.getIcons()).allSatisfy(icon -> assertThat(icon.isError()).isFalse());
        assertThat(stage.getIcons().get(0).getWidth()).isEqualTo(16);
    }

    @Test
    void clickingTheSidebarShowsEachPageAndBuildsItOnlyWhenFirstShown(FxRobot robot) {
        assertThat(pageTitle(robot)).isEqualTo("Secrets");
        assertThat(pages.isBuilt("pricing")).isFalse();

        robot.clickOn("#nav-pricing");

        assertThat(pageTitle(robot)).isEqualTo("Hardware Pricing");
        assertThat(robot.lookup("#page-pricing").query().isVisible()).isTrue();
        assertThat(robot.lookup("#page-secrets").tryQuery()).as("the previous page left the scene").isEmpty();
        assertThat(pages.isBuilt("pricing")).isTrue();
        assertThat(pages.isBuilt("rotation")).isFalse();

        robot.clickOn("#nav-cachestats");
        assertThat(pageTitle(robot)).isEqualTo("Cache Stats");
        robot.clickOn("Key Rotation");
        assertThat(pageTitle(robot)).isEqualTo("Key Rotation");
        robot.clickOn("#nav-secrets");
        assertThat(robot.lookup("#test-search").tryQuery()).isPresent();
    }

    @Test
    void clickingTheCurrentPageAgainKeepsItSelected(FxRobot robot) {
        robot.clickOn("#nav-secrets");

        assertThat(robot.lookup("#nav-secrets").queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(pageTitle(robot)).isEqualTo("Secrets");
    }

    @Test
    void ctrlAndADigitNavigates(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        assertThat(pageTitle(robot)).isEqualTo("Provider Config");
        assertThat(robot.lookup("#nav-providers").queryAs(ToggleButton.class).isSelected()).isTrue();

        robot.push(KeyCode.CONTROL, KeyCode.DIGIT5);
        assertThat(pageTitle(robot)).isEqualTo("Key Rotation");

        robot.push(KeyCode.CONTROL, KeyCode.DIGIT6);
        assertThat(pageTitle(robot)).isEqualTo("User Credentials");
        assertThat(robot.lookup("#nav-usercredentials").queryAs(ToggleButton.class).isSelected()).isTrue();

        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        assertThat(pageTitle(robot)).isEqualTo("Secrets");
    }

    @Test
    void ctrlFFocusesTheSearchBoxOfAPageThatHasOne(FxRobot robot) {
        robot.clickOn("#nav-secrets");
        assertThat(secrets.search.isFocused()).isFalse();

        robot.push(KeyCode.CONTROL, KeyCode.F);

        assertThat(secrets.search.isFocused()).isTrue();
    }

    @Test
    void ctrlFOnAPageWithoutSearchSaysSo(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT3);

        robot.push(KeyCode.CONTROL, KeyCode.F);

        assertThat(robot.lookup(".status-message").queryAs(Label.class).getText()).isEqualTo("Hardware Pricing has no search box.");
    }

    @Test
    void f5AndTheRefreshButtonRefreshTheCurrentPageAndTheSourceDots(FxRobot robot) {
        robot.push(KeyCode.F5);
        assertThat(secrets.refreshes).hasValue(1);
        assertThat(robot.lookup("#source-file").queryAs(Label.class).getStyleClass()).contains("checking");
        robot.interact(background::drain);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#source-file").queryAs(Label.class).getStyleClass()).contains("available");

        robot.clickOn("#refreshButton");
        assertThat(secrets.refreshes).hasValue(2);
        assertThat(background.pending()).as("the sources are checked again").isEqualTo(1);
        robot.interact(background::drain);
    }

    @Test
    void ctrlQQuits(FxRobot robot) {
        robot.push(KeyCode.CONTROL, KeyCode.Q);

        assertThat(quits).hasValue(1);
    }

    @Test
    void switchingTheThemeAppliesAndRemembersIt(FxRobot robot) {
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeChoice.PRIMER_LIGHT.stylesheet());

        robot.clickOn("#themeButton");
        robot.clickOn("Primer Dark");

        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeChoice.PRIMER_DARK.stylesheet());
        assertThat(prefs.get(MainViewModel.KEY_THEME, "")).isEqualTo("PRIMER_DARK");
        BorderPane root = robot.lookup(".main-view").queryAs(BorderPane.class);
        assertThat(root.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("dark"));

        assertThat(robot.lookup("#themeButton").queryAs(Button.class).getText()).isEqualTo("Primer Dark");

        robot.clickOn("#themeButton");
        robot.clickOn("Cupertino Light");
        assertThat(Application.getUserAgentStylesheet()).isEqualTo(ThemeChoice.CUPERTINO_LIGHT.stylesheet());
        assertThat(root.getPseudoClassStates()).doesNotContain(PseudoClass.getPseudoClass("dark"));
    }

    @Test
    void theStatusBarShowsEachSourceWithItsReasonAndTheProgressWhileChecking(FxRobot robot) {
        Label aws = robot.lookup("#source-aws").queryAs(Label.class);
        assertThat(aws.getStyleClass()).contains("unknown");
        assertThat(robot.lookup(".busy-indicator").tryQuery()).as("no spinner until something runs").isEmpty();

        robot.interact(model::refreshSources);

        ProgressIndicator progress = robot.lookup(".busy-indicator").queryAs(ProgressIndicator.class);
        assertThat(progress.isVisible()).as("progress shows while the check runs").isTrue();
        assertThat(robot.lookup("#source-aws").queryAs(Label.class).getStyleClass()).contains("checking");

        robot.interact(background::drain);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(progress.isVisible()).isFalse();
        Label env = robot.lookup("#source-env").queryAs(Label.class);
        aws = robot.lookup("#source-aws").queryAs(Label.class);
        assertThat(env.getStyleClass()).contains("available");
        assertThat(aws.getStyleClass()).contains("unavailable");
        assertThat(aws.getTooltip().getText()).startsWith("aws: unavailable — connect timed out after 3 s (https://127.0.0.1:1)");
        assertThat(robot.lookup(".source-dot").queryAll()).hasSize(4);
    }

    @Test
    void aSourceThatNeverAnswersLeavesTheWindowResponsive(FxRobot robot) throws BackingStoreException {
        CountDownLatch answer = new CountDownLatch(1);
        SourceStatusFeed hanging = () -> {
            try {
                answer.await(); // a Vault address that accepts the connection and never replies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        };
        ExecutorService threads = Executors.newSingleThreadExecutor();
        ShellFixture silent = onFx(() -> new ShellFixture(stage, UiExecutor.onFxThread(threads), guard, hanging));
        try {
            robot.interact(() -> {
                silent.show();
                silent.model.refreshSources();
            });

            robot.push(KeyCode.CONTROL, KeyCode.DIGIT4);
            robot.clickOn("#nav-providers");

            assertThat(pageTitle(robot)).isEqualTo("Provider Config");
            assertThat(robot.lookup("#source-vault").queryAs(Label.class).getStyleClass()).contains("checking");
            assertThat(robot.lookup(".busy-indicator").query().isVisible()).isTrue();
        } finally {
            answer.countDown();
            threads.shutdown();
            silent.close();
        }
    }

    @Test
    void clickingADotChecksTheSourcesAgain(FxRobot robot) {
        robot.clickOn("#source-vault");

        assertThat(background.pending()).isEqualTo(1);
        robot.interact(background::drain);
    }

    @Test
    void theClipboardCountdownShowsAndClearNowEmptiesTheSystemClipboard(FxRobot robot) {
        Node box = robot.lookup(".clipboard-box").query();
        assertThat(box.isVisible()).isFalse();
        // Copy through the guard the model was given, as the Secrets view will.
        robot.interact(() -> guard.copy("HF_TOKEN", "hf_shellTestValue"));

        assertThat(box.isVisible()).isTrue();
        assertThat(robot.lookup(".clipboard-box .label").queryAs(Label.class).getText())
                .startsWith("HF_TOKEN copied · clears in ");
        boolean holds = onFx(() -> "hf_shellTestValue".equals(Clipboard.getSystemClipboard().getString()));
        assertThat(holds).as("system clipboard holds the copied value").isTrue();

        robot.clickOn("Clear now");

        assertThat(box.isVisible()).isFalse();
        assertThat(onFx(() -> Clipboard.getSystemClipboard().hasString())).as("system clipboard emptied").isFalse();
        assertThat(robot.lookup(".status-message").queryAs(Label.class).getText()).isEqualTo("Clipboard cleared.");
    }

    @Test
    void closingTheWindowRemembersItsSizeAndPosition(FxRobot robot) {
        robot.interact(() -> {
            stage.setX(37);
            stage.setY(41);
            stage.setWidth(900);
            stage.setHeight(600);
        });

        robot.interact(stage::hide);

        assertThat(model.savedWindow()).isEqualTo(new WindowBounds(37, 41, 900, 600, false));
    }

    @Test
    void aMaximizedWindowRemembersItsNormalSizeAndThatItWasMaximized(FxRobot robot) {
        robot.interact(() -> {
            stage.setX(20);
            stage.setY(30);
            stage.setWidth(880);
            stage.setHeight(620);
            stage.setMaximized(true);
        });

        robot.interact(stage::hide);

        assertThat(model.savedWindow()).isEqualTo(new WindowBounds(20, 30, 880, 620, true));
    }

    @Test
    void closingTheWindowClearsACopiedSecretFromTheSystemClipboard(FxRobot robot) {
        robot.interact(() -> guard.copy("HF_TOKEN", "hf_copiedBeforeQuitting"));
        assertThat(onFx(() -> Clipboard.getSystemClipboard().hasString())).isTrue();

        robot.interact(stage::hide);

        assertThat(onFx(() -> Clipboard.getSystemClipboard().hasString())).as("cleared on exit").isFalse();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> query) {
        return WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(query));
    }
}
