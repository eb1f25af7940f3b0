package io.secretdesk.testing;

import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.common.ViewLoader;
import io.secretdesk.ui.shell.MainController;
import io.secretdesk.ui.shell.MainViewModel;
import io.secretdesk.ui.shell.MainWindow;
import io.secretdesk.ui.shell.PageRegistry;
import io.secretdesk.ui.shell.ShellPage;
import io.secretdesk.ui.shell.SourceStatusFeed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console's shell on a TestFX stage, wired as App wires it: MainView.fxml over a {@link MainViewModel} with
 * settings in a throw-away preferences node, the theme applied before any control exists, and the pages a test
 * registers loaded from their FXML when first shown. Build it and {@link #show()} it on the FX thread (a
 * {@code @Start} method or {@code robot.interact}); {@link #close()} it from the test thread.
 */
public final class ShellFixture {

    public final Stage stage;
    public final Preferences prefs = Preferences.userRoot().node("io/secretdesk/test/" + UUID.randomUUID());
    public final ClipboardGuard guard;
    public final MainViewModel model;
    public final PageRegistry pages = new PageRegistry();
    private final Map<Class<?>, Supplier<?>> controllers = new HashMap<>();
    private final ViewLoader views;
    private Runnable onQuit = () -> { };
    private Scene scene;

    /** A shell whose work waits in a queue nobody drains, with a 20 s clipboard guard and no sources. */
    public ShellFixture(Stage stage) {
        this(stage, UiExecutor.onFxThread(new QueuedExecutor()), ClipboardGuard.onFxThread(Duration.ofSeconds(20)),
                List::of);
    }

    public ShellFixture(Stage stage, UiExecutor executor, ClipboardGuard guard, SourceStatusFeed sources) {
        this(stage, executor, guard, sources, null);
    }

    /** A shell whose reveals (and idle lock) run on {@code reveals}' clock; null for reveals that never tick. */
    public ShellFixture(Stage stage, UiExecutor executor, ClipboardGuard guard, SourceStatusFeed sources, Reveals reveals) {
        this.stage = stage;
        this.guard = guard;
        this.model = reveals == null ? new MainViewModel(prefs, executor, guard, sources)
                : new MainViewModel(prefs, executor, guard, sources, reveals);
        // Before any control exists, as App does, so JavaFX never parses its default theme.
        model.themeProperty().get().apply();
        this.views = new ViewLoader(type -> type == MainController.class
                ? new MainController(model, pages, () -> onQuit.run())
                : controllerFor(type));
    }

    /** Registers page {@code name} as its FXML view, whose controller {@code controller} builds when first shown. */
    public <C extends ShellPage> ShellFixture page(String name, Class<C> type, Supplier<? extends C> controller) {
        controllers.put(type, controller);
        pages.register(name, () -> views.load(type).controller());
        return this;
    }

    /** Registers page {@code name} as a page built without FXML. */
    public ShellFixture page(String name, Supplier<? extends ShellPage> page) {
        pages.register(name, page);
        return this;
    }

    /** What Ctrl+Q and the quit question's Quit run; nothing unless set. */
    public ShellFixture onQuit(Runnable action) {
        this.onQuit = action;
        return this;
    }

    /** Shows the shell on the stage (on the FX thread) and returns its scene. */
    public Scene show() {
        scene = MainWindow.show(stage, views.load(MainController.class).root(), model);
        return scene;
    }

    public Scene scene() {
        return scene;
    }

    /**
     * Hides the window first (hiding saves its bounds into the settings node), clears a copied value, drops the
     * window handlers (TestFX reuses one stage for every class), removes the settings node and resets the
     * JVM-global user-agent stylesheet. Call from the test thread.
     */
    public void close() throws BackingStoreException {
        WaitForAsyncUtils.waitFor(WaitForAsyncUtils.asyncFx(() -> {
            stage.hide();
            stage.setOnHidden(null);
            stage.setOnCloseRequest(null);
            guard.clearNow();
        }));
        prefs.removeNode();
        Application.setUserAgentStylesheet(null);
    }

    private Object controllerFor(Class<?> type) {
        Supplier<?> controller = controllers.get(type);
        if (controller == null) {
            throw new IllegalArgumentException("No page registered with controller " + type.getName());
        }
        return controller.get();
    }
}
