package io.secretdesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.cache.Caches;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.FxSteps;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.cachestats.CacheStatsController;
import io.secretdesk.ui.cachestats.CacheStatsViewModel;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.FxClipboard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.pricing.PricingController;
import io.secretdesk.ui.providers.ProvidersController;
import io.secretdesk.ui.rotation.RotationController;
import io.secretdesk.ui.rotation.RotationViewModel;
import io.secretdesk.ui.secrets.SecretsController;
import io.secretdesk.ui.secrets.SecretsViewModel;
import io.secretdesk.core.remote.ApiKey;
import io.secretdesk.core.remote.ServerSettings;
import io.secretdesk.testing.SimpleTunerApiServer;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.fleet.FleetController;
import io.secretdesk.ui.fleet.FleetViewModel;
import io.secretdesk.ui.health.HealthController;
import io.secretdesk.ui.health.HealthViewModel;
import io.secretdesk.ui.settings.SettingsController;
import io.secretdesk.ui.settings.SettingsViewModel;
import io.secretdesk.ui.usercredentials.UserCredentialsController;
import io.secretdesk.ui.usercredentials.UserCredentialsViewModel;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A keyboard-only walk through every page of the console, wired as App wires it over real services: each page is
 * reached with Ctrl+1..9, then Tab walks its controls. Every stop must be a visible control with an accessible name, and
 * a button that has the focus must draw the focus ring.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class KeyboardWalkTest {

    private static final int TABS_PER_PAGE = 45;

    private Stage stage;
    private ConsoleFixture console;
    private ShellFixture shell;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** A server, so the target switch, Health and Fleet have something to show. */
    private final SimpleTunerApiServer gpu1 = SimpleTunerApiServer.start();

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (shell != null) {
            shell.close();
        }
        threads.shutdownNow();
        gpu1.close();
        if (console != null) {
            console.close();
        }
    }

    private void open(FxRobot robot) throws Exception {
        console = ConsoleFixture.inNewTempDir("walk", Map.of());
        Files.createDirectories(console.home.dir());
        Files.writeString(console.home.dir().resolve("secrets.json"), "{\"HF_TOKEN\": \"hf_walkValue0123456789\"}");
        console.services.servers().add(ServerSettings.of("gpu1", gpu1.url()), ApiKey.of(gpu1.adminApiKey()), false);
        robot.interact(() -> {
            TickingClock time = new TickingClock();
            Reveals reveals = new Reveals(time::nanoTime, time, Duration.ofSeconds(10));
            ClipboardGuard guard = new ClipboardGuard(new FxClipboard(), Duration.ofSeconds(20), time::nanoTime, time);
            UiExecutor executor = UiExecutor.onFxThread(threads);
            shell = new ShellFixture(stage, executor, guard, List::of, reveals);
            TargetSwitch targets = new TargetSwitch(console.services::localTarget, console.services::servers, executor);
            shell.model.useTargets(targets);
            SecretsViewModel secrets = new SecretsViewModel(console.services::secrets, console.services.secretWrites("secrets-view"), executor,
                    guard, reveals, () -> { });
            shell.page("secrets", SecretsController.class, () -> new SecretsController(secrets))
                    .page("providers", ProvidersController.class,
                            () -> new ProvidersController(console.providersModel(executor, () -> { })))
                    .page("pricing", PricingController.class, () -> new PricingController(console.pricingModel(executor)))
                    .page("cachestats", CacheStatsController.class, () -> new CacheStatsController(
                            new CacheStatsViewModel(Caches::named, System::nanoTime, CacheStatsController::repeatOnFxThread)))
                    .page("rotation", RotationController.class, () -> new RotationController(new RotationViewModel(
                            executor, Platform::runLater, guard, reveals, console.services::keyRotations)))
                    .page("usercredentials", UserCredentialsController.class, () -> new UserCredentialsController(
                            new UserCredentialsViewModel(console.services::userCredentials, executor, Clock.systemUTC(),
                                    ZoneOffset.UTC), reveals, guard))
                    .page("settings", SettingsController.class, () -> new SettingsController(new SettingsViewModel(
                            shell.prefs, console.env, shell.model.lock(), executor, console.services::credentials, () -> { }),
                            reveals, guard))
                    .page("health", HealthController.class, () -> new HealthController(new HealthViewModel(targets, executor)))
                    .page("fleet", FleetController.class, () -> new FleetController(new FleetViewModel(
                            console.services::servers, threads, executor, targets::reload)));
            shell.show();
            targets.reload();
            stage.setWidth(1024);
            stage.setHeight(700);
            secrets.loadIfNeeded();
        });
    }

    @Test
    void everyPageIsReachedAndWalkedByKeyboardWithVisibleFocusAndNamedControls(FxRobot robot) throws Exception {
        open(robot);
        List<String> problems = new ArrayList<>();
        for (int number = 1; number <= MainViewModel.PAGES.size(); number++) {
            NavItem page = MainViewModel.PAGES.get(number - 1);
            robot.push(KeyCode.CONTROL, KeyCode.getKeyCode(String.valueOf(number)));
            FxSteps.untilAsserted(() -> assertThat(shell.model.currentPageProperty().get()).isEqualTo(page));
            Set<Node> stops = new LinkedHashSet<>();
            for (int i = 0; i < TABS_PER_PAGE; i++) {
                robot.type(KeyCode.TAB);
                Node focused = FxSteps.onFx(() -> stage.getScene().getFocusOwner());
                if (focused == null) {
                    problems.add(page.name() + ": Tab left nothing focused");
                    continue;
                }
                stops.add(focused);
                // The focus ring is CSS on :focused, applied in the next pulse's CSS pass: on a loaded machine that
                // pulse comes after Tab's events are handled, so the check is read until it passes (or PATIENCE ends).
                try {
                    FxSteps.untilAsserted(() -> assertThat(check(focused)).isNull());
                } catch (AssertionError stillWrong) {
                    problems.add(page.name() + ": " + stillWrong.getMessage().strip());
                }
            }
            long onPage = FxSteps.onFx(() -> stops.stream().filter(n -> isInside(n, shell.pages.page(page).view())).count());
            if (onPage == 0 && !page.name().equals("cachestats")) {
                problems.add(page.name() + ": Tab never reached a control of the page");
            }
        }
        assertThat(problems.stream().distinct().toList()).isEmpty();
    }

    /** What is wrong with a focus stop: hidden, nameless, or (a button) without a visible focus ring; null when fine. */
    private static String check(Node node) {
        String what = node.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId())
                + " " + node.getStyleClass();
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return what + " has the focus while hidden";
            }
        }
        if (accessibleName(node).isBlank()) {
            return what + " has no accessible name";
        }
        if (node instanceof ButtonBase button) {
            // A check box or radio button draws its ring on its box; every other button on itself.
            Node ringed = button instanceof CheckBox || button instanceof RadioButton
                    ? button.lookup(button instanceof CheckBox ? ".box" : ".radio") : button;
            if (!(ringed instanceof Region region) || !ring(region)) {
                return what + " draws no focus ring";
            }
        }
        return null;
    }

    private static boolean ring(Region region) {
        return region.getBorder() != null && region.getBorder().getStrokes().stream()
                .map(BorderStroke::getTopStroke).anyMatch(paint -> paint instanceof Color c && c.getOpacity() > 0.5);
    }

    private static String accessibleName(Node node) {
        if (node.getAccessibleText() != null && !node.getAccessibleText().isBlank()) {
            return node.getAccessibleText();
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isBlank()) {
            return labeled.getText();
        }
        if (node instanceof TextInputControl input && input.getPromptText() != null && !input.getPromptText().isBlank()) {
            return input.getPromptText();
        }
        // A label that names it (labelFor), anywhere in the scene.
        Parent root = node.getScene() == null ? null : node.getScene().getRoot();
        if (root != null) {
            for (Node label : root.lookupAll(".label")) {
                if (label instanceof javafx.scene.control.Label l && l.getLabelFor() == node) {
                    return l.getText();
                }
            }
        }
        return "";
    }

    private static boolean isInside(Node node, Node parent) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == parent) {
                return true;
            }
        }
        return false;
    }
}
