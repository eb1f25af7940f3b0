package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.chain.ProviderChains;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.FxClipboard;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.MainController;
import io.secretdesk.ui.shell.MainViewModel;
import io.secretdesk.ui.shell.MainWindow;
import io.secretdesk.ui.shell.PageRegistry;
import io.secretdesk.ui.shell.SourceStatus;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The console as App builds it, with the Secrets page registered the same way, over a real chain built from an
 * explicit env map and a temp home; the clipboard guard runs on the system clipboard with a fake clock.
 */
final class ConsoleUnderTest {

    final FakeTime time = new FakeTime();
    final Preferences prefs = Preferences.userRoot().node("io/secretdesk/test/" + UUID.randomUUID());
    final ClipboardGuard guard = new ClipboardGuard(new FxClipboard(), Duration.ofSeconds(20), time::nanoTime, time);
    final SecretsManager manager;
    final AuditUnderTest audit;
    final UiExecutor executor;
    final SecretsViewModel model;
    final MainViewModel shell;
    final Scene scene;

    /** Builds and shows the console on {@code stage}; call on the FX thread. */
    ConsoleUnderTest(Stage stage, Map<String, String> env, SimpleTunerHome home, Executor background, Executor fanOut) {
        manager = ProviderChains.fromConfig(Map.of(), env, home, fanOut);
        audit = AuditUnderTest.in(home);
        executor = UiExecutor.onFxThread(background);
        shell = new MainViewModel(prefs, executor, guard, () -> manager.providers().stream()
                .map(p -> new SourceStatus(p.name(), p.availability().available(), p.availability().detail())).toList());
        model = new SecretsViewModel(() -> manager, audit, executor, guard, time::nanoTime, time, shell::refreshSources);
        shell.themeProperty().get().apply();
        PageRegistry pages = new PageRegistry();
        ViewLoader views = new ViewLoader(type -> type == SecretsController.class ? new SecretsController(model)
                : new MainController(shell, pages, stage::hide));
        pages.register("secrets", () -> views.load(SecretsController.class).controller());
        scene = MainWindow.show(stage, views.load(MainController.class).root(), shell);
    }

    void close() throws BackingStoreException {
        guard.clearNow();
        manager.close();
        audit.close();
        prefs.removeNode();
    }
}
