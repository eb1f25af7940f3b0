package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.edit.SecretEdits;
import io.secretdesk.core.services.SecretWrites;
import java.util.function.Supplier;

import io.secretdesk.core.secrets.chain.ProviderChains;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.testing.ShellFixture;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.FxClipboard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.shell.MainViewModel;
import io.secretdesk.ui.shell.SourceDot;
import io.secretdesk.ui.shell.SourceStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.prefs.BackingStoreException;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The console as App builds it, with the Secrets page registered the same way, over a real chain built from an
 * explicit env map and a temp home; the clipboard guard runs on the system clipboard with a fake clock.
 */
final class ConsoleUnderTest {

    final FakeTime time = new FakeTime();
    final ClipboardGuard guard = new ClipboardGuard(new FxClipboard(), Duration.ofSeconds(20), time::nanoTime, time);
    final Reveals reveals = new Reveals(time::nanoTime, time, SecretsViewModel.REVEAL_FOR);
    final SecretsManager manager;
    final AuditUnderTest audit;
    final UiExecutor executor;
    final SecretsViewModel model;
    final KeyDetailViewModel detail;
    final MainViewModel shell;
    final Scene scene;
    private final ShellFixture fixture;

    /** Builds and shows the console on {@code stage}; call on the FX thread. */
    ConsoleUnderTest(Stage stage, Map<String, String> env, SimpleTunerHome home, Executor background, Executor fanOut) {
        manager = ProviderChains.fromConfig(Map.of(), env, home, fanOut);
        audit = AuditUnderTest.in(home);
        executor = UiExecutor.onFxThread(background);
        fixture = new ShellFixture(stage, executor, guard, () -> manager.providers().stream()
                .map(p -> new SourceStatus(p.name(), p.availability().available(), p.availability().detail())).toList(),
                reveals);
        shell = fixture.model;
        // As the console's Services composes them: one editing service for the page's writes and the detail pane.
        Supplier<SecretEdits> edits = audit.edits(() -> manager);
        model = new SecretsViewModel(() -> manager, new SecretWrites(edits, "secrets-view"), executor, guard, reveals,
                shell::refreshSources);
        detail = new KeyDetailViewModel(edits, executor, reveals, guard, model::refresh);
        // As App wires them: the status bar's report of the sources reloads the page when its cards disagree.
        shell.sources().addListener((ListChangeListener<SourceDot>) change -> model.sourcesReported(SourceDot.available(shell.sources())));
        scene = fixture.page("secrets", SecretsController.class, () -> new SecretsController(model, detail))
                .onQuit(stage::hide)
                .show();
    }

    /** Closes the window, the chain and the audit log; call from the test thread. */
    void close() throws BackingStoreException {
        fixture.close();
        manager.close();
        audit.close();
    }
}
