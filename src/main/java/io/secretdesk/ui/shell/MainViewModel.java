package io.secretdesk.ui.shell;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.prefs.Preferences;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The state and commands of the console's main window: which page is shown, the theme, the remembered
 * window bounds, the secret sources' dots, background work, the clipboard countdown and a one-line
 * status message. JavaFX properties only; tested without a toolkit.
 *
 * <p>Settings (theme, last page, window bounds) live in the {@link Preferences} node passed in. Call
 * everything on the FX thread.
 */
public final class MainViewModel {

    /** The console's pages, in navigation order; Ctrl+1 is the first. */
    public static final List<NavItem> PAGES = List.of(
            new NavItem("secrets", "Secrets", "mdi2k-key-variant"),
            new NavItem("providers", "Provider Config", "mdi2c-cog-outline"),
            new NavItem("pricing", "Hardware Pricing", "mdi2c-chip"),
            new NavItem("cachestats", "Cache Stats", "mdi2c-chart-line"),
            new NavItem("rotation", "Key Rotation", "mdi2k-key-change"),
            new NavItem("usercredentials", "User Credentials", "mdi2a-account-key-outline"),
            new NavItem("settings", "Settings", "mdi2t-tune"),
            new NavItem("health", "Health", "mdi2h-heart-pulse"),
            new NavItem("fleet", "Fleet", "mdi2s-server-network"));

    /** The secret sources the status bar always shows, in chain order. */
    public static final List<String> SOURCES = ProviderId.names();

    static final String TITLE = "SecretDesk";
    static final String KEY_THEME = "theme";
    static final String KEY_PAGE = "page";
    static final String KEY_X = "window.x";
    static final String KEY_Y = "window.y";
    static final String KEY_WIDTH = "window.width";
    static final String KEY_HEIGHT = "window.height";
    static final String KEY_MAXIMIZED = "window.maximized";

    private final Preferences prefs;
    private final UiExecutor executor;
    private final ClipboardGuard clipboard;
    private final SourceStatusFeed feed;
    private final Reveals reveals;
    private final IdleLock lock;
    private final List<Runnable> onLock = new ArrayList<>();

    private final ReadOnlyObjectWrapper<NavItem> currentPage = new ReadOnlyObjectWrapper<>(this, "currentPage");
    private final ObjectProperty<ThemeChoice> theme = new SimpleObjectProperty<>(this, "theme");
    private final ObservableList<SourceDot> sources = FXCollections.observableArrayList();
    private final ObservableList<SourceDot> sourcesView = FXCollections.unmodifiableObservableList(sources);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", TITLE);
    private final ReadOnlyStringWrapper targetText = new ReadOnlyStringWrapper(this, "targetText", "");
    private TargetSwitch targets;
    private final ReadOnlyStringWrapper quitQuestion = new ReadOnlyStringWrapper(this, "quitQuestion", "");
    /** The pages with unsaved edits when quitting was last asked about. */
    private List<NavItem> unsavedAtQuit = List.of();
    private final StringBinding busyText;
    private final StringBinding clipboardText;
    private boolean checkingSources;
    /** Set when a check was asked for while one ran: what it reports may predate the change that asked. */
    private boolean checkSourcesAgain;

    /** A shell whose reveals and idle lock never tick (for tests of the rest). */
    public MainViewModel(Preferences prefs, UiExecutor executor, ClipboardGuard clipboard, SourceStatusFeed feed) {
        this(prefs, executor, clipboard, feed, new Reveals(System::nanoTime, (period, tick) -> () -> { },
                Reveals.DEFAULT_REVEAL_FOR));
    }

    /**
     * @param reveals the console's reveals: the lock masks them all; its clock and ticking drive the idle lock
     */
    public MainViewModel(Preferences prefs, UiExecutor executor, ClipboardGuard clipboard, SourceStatusFeed feed,
                         Reveals reveals) {
        this.prefs = Objects.requireNonNull(prefs, "prefs");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.reveals = Objects.requireNonNull(reveals, "reveals");
        this.lock = new IdleLock(prefs, reveals.clock(), reveals.repeater(), this::locking);

        currentPage.set(page(prefs.get(KEY_PAGE, "")) == null ? PAGES.get(0) : page(prefs.get(KEY_PAGE, "")));
        currentPage.addListener((obs, old, now) -> prefs.put(KEY_PAGE, now.name()));
        theme.set(storedTheme());
        theme.addListener((obs, old, now) -> {
            if (now == null) {
                theme.set(old); // the combo box may clear its value; a theme is always chosen
            } else {
                prefs.put(KEY_THEME, now.name());
            }
        });
        for (String name : SOURCES) {
            sources.add(new SourceDot(name, SourceDot.State.UNKNOWN, name + ": not checked yet"));
        }
        busyText = Bindings.createStringBinding(() -> {
            int n = executor.inFlightProperty().get();
            return n == 0 ? "" : n == 1 ? "Working…" : "Working… (" + n + " tasks)";
        }, executor.inFlightProperty());
        clipboardText = Bindings.createStringBinding(
                () -> clipboard.pendingProperty().get()
                        ? clipboard.whatProperty().get() + " copied · clears in " + clipboard.secondsLeftProperty().get() + " s"
                        : "",
                clipboard.pendingProperty(), clipboard.whatProperty(), clipboard.secondsLeftProperty());
    }

    private static NavItem page(String name) {
        for (NavItem item : PAGES) {
            if (item.name().equals(name)) {
                return item;
            }
        }
        return null;
    }

    private ThemeChoice storedTheme() {
        String stored = prefs.get(KEY_THEME, ThemeChoice.PRIMER_LIGHT.name());
        for (ThemeChoice choice : ThemeChoice.values()) {
            if (choice.name().equals(stored)) {
                return choice;
            }
        }
        return ThemeChoice.PRIMER_LIGHT;
    }

    /** The window title. */
    public String title() {
        return title.get();
    }

    /** The window title: SecretDesk and the target being changed. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** What the status bar says about the target ("" until {@link #useTargets} was called). */
    public ReadOnlyStringProperty targetTextProperty() {
        return targetText.getReadOnlyProperty();
    }

    /** The target switch the shell shows, or null when the console has none (tests of the shell alone). */
    public TargetSwitch targets() {
        return targets;
    }

    /**
     * Shows {@code switcher} in the shell: its choice goes into the title and the status bar. Call before the shell's
     * view is loaded; the switch reads the servers when {@link TargetSwitch#reload()} is called (after the first frame).
     */
    public void useTargets(TargetSwitch switcher) {
        this.targets = Objects.requireNonNull(switcher, "switcher");
        Runnable update = () -> {
            String name = switcher.chosenProperty().get();
            String where = switcher.locationProperty().get();
            title.set(TITLE + " — " + name + (switcher.remote() && !where.isEmpty() ? " (" + where + ")" : ""));
            targetText.set("Changing: " + name + (where.isEmpty() ? "" : " · " + where));
        };
        switcher.chosenProperty().addListener((obs, old, now) -> update.run());
        switcher.locationProperty().addListener((obs, old, now) -> update.run());
        update.run();
    }

    /** The page shown now; starts at the page shown when the console was last closed. */
    public ReadOnlyObjectProperty<NavItem> currentPageProperty() {
        return currentPage.getReadOnlyProperty();
    }

    /** Shows the page named {@code name}, one of {@link #PAGES}' names. */
    public void show(String name) {
        NavItem item = page(name);
        if (item == null) {
            throw new IllegalArgumentException("No page named '" + name + "'; pages are " + PAGES.stream().map(NavItem::name).toList());
        }
        currentPage.set(item);
    }

    /** Shows the {@code number}th page, counting from 1 (Ctrl+1..9); a number without a page does nothing. */
    public void showNumber(int number) {
        if (number >= 1 && number <= PAGES.size()) {
            currentPage.set(PAGES.get(number - 1));
        }
    }

    /** The chosen theme; never null; remembered between runs. */
    public ObjectProperty<ThemeChoice> themeProperty() {
        return theme;
    }

    /** The window bounds remembered from the last run, or {@link WindowBounds#DEFAULT} when there are none usable. */
    public WindowBounds savedWindow() {
        double width = prefs.getDouble(KEY_WIDTH, Double.NaN);
        double height = prefs.getDouble(KEY_HEIGHT, Double.NaN);
        if (!(width >= WindowBounds.MIN_WIDTH && height >= WindowBounds.MIN_HEIGHT && width < 100_000 && height < 100_000)) {
            return WindowBounds.DEFAULT;
        }
        return new WindowBounds(prefs.getDouble(KEY_X, Double.NaN), prefs.getDouble(KEY_Y, Double.NaN),
                width, height, prefs.getBoolean(KEY_MAXIMIZED, false));
    }

    /**
     * Whether the console may quit now (Ctrl+Q, or the window's close button): yes when no page holds unsaved
     * edits. Otherwise no, and {@link #quitQuestionProperty()} asks the user, naming those pages; the answer is
     * {@link #confirmQuit()} or {@link #keepEditing()}. Never blocks a quit when nothing is unsaved.
     *
     * @param unsaved the pages holding unsaved edits, in navigation order
     */
    public boolean mayQuit(List<NavItem> unsaved) {
        if (unsaved.isEmpty()) {
            dropQuitQuestion();
            return true;
        }
        unsavedAtQuit = List.copyOf(unsaved);
        quitQuestion.set("Discard unsaved changes in " + titles(unsavedAtQuit) + " and quit?");
        return false;
    }

    /** "Provider Config", "Provider Config and Hardware Pricing", "A, B and C". */
    private static String titles(List<NavItem> items) {
        List<String> names = items.stream().map(NavItem::title).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** The user chose to quit and lose the unsaved edits: the question goes; the caller then closes the window. */
    public void confirmQuit() {
        dropQuitQuestion();
    }

    /** The user chose to keep editing: the question goes and the first page with unsaved edits is shown. */
    public void keepEditing() {
        if (!unsavedAtQuit.isEmpty()) {
            currentPage.set(unsavedAtQuit.get(0));
        }
        dropQuitQuestion();
    }

    private void dropQuitQuestion() {
        unsavedAtQuit = List.of();
        quitQuestion.set("");
    }

    /** The question asked before quitting with unsaved edits; empty when none is asked. */
    public ReadOnlyStringProperty quitQuestionProperty() {
        return quitQuestion.getReadOnlyProperty();
    }

    /**
     * The main window closed, which ends the console: clears a copied secret still on the clipboard (only if
     * the clipboard still holds it) and remembers the window's bounds. Call on the FX thread.
     */
    public void windowClosed(WindowBounds bounds) {
        try {
            clipboard.clearNow();
        } finally {
            rememberWindow(bounds);
        }
    }

    /** Remembers where the window is, for the next run; the size is that of the window when not maximized. */
    public void rememberWindow(WindowBounds bounds) {
        try {
            if (bounds.placed()) {
                prefs.putDouble(KEY_X, bounds.x());
                prefs.putDouble(KEY_Y, bounds.y());
            }
            prefs.putDouble(KEY_WIDTH, Math.max(WindowBounds.MIN_WIDTH, bounds.width()));
            prefs.putDouble(KEY_HEIGHT, Math.max(WindowBounds.MIN_HEIGHT, bounds.height()));
            prefs.putBoolean(KEY_MAXIMIZED, bounds.maximized());
        } catch (IllegalStateException removed) {
            // The settings node was removed (by another program, or a test's clean-up): closing the window must
            // not fail for a size nobody can read back.
        }
    }

    /** One dot per secret source: {@link #SOURCES} first, then any other source the feed reports. */
    public ObservableList<SourceDot> sources() {
        return sourcesView;
    }

    /**
     * Asks the feed for every source's status in the background; the dots show "checking" meanwhile. Called at
     * start-up, on F5, on a click on a dot, and after a secret was written. A check still running is not started
     * twice (a source that never answers must not pile up threads): one more check follows it instead, since it
     * may have read the sources before the change that asked.
     */
    public void refreshSources() {
        if (checkingSources) {
            checkSourcesAgain = true;
            return;
        }
        checkingSources = true;
        checkSourcesAgain = false;
        sources.replaceAll(dot -> new SourceDot(dot.name(), SourceDot.State.CHECKING, dot.name() + ": checking…"));
        executor.run(feed::check, this::showSources, failure -> {
            checkingSources = false;
            String reason = ErrorMessages.oneLine(failure);
            sources.replaceAll(dot -> new SourceDot(dot.name(), SourceDot.State.UNKNOWN, dot.name() + ": could not check: " + reason));
            message.set("Could not check the secret sources: " + reason);
            checkAgainIfAsked();
        });
    }

    private void checkAgainIfAsked() {
        if (checkSourcesAgain) {
            refreshSources();
        }
    }

    private void showSources(List<SourceStatus> statuses) {
        checkingSources = false;
        Map<String, SourceDot> dots = new LinkedHashMap<>();
        for (String name : SOURCES) {
            dots.put(name, new SourceDot(name, SourceDot.State.UNKNOWN, name + ": not reported (not configured in this console)"));
        }
        for (SourceStatus status : statuses == null ? List.<SourceStatus>of() : statuses) {
            // A source nobody set up is grey, not red: nothing is failing.
            SourceDot.State state = status.available() ? SourceDot.State.AVAILABLE
                    : status.configured() ? SourceDot.State.UNAVAILABLE : SourceDot.State.UNKNOWN;
            String tooltip = status.name() + ": " + (status.available() ? "available" : status.configured() ? "unavailable" : "not set up")
                    + (status.detail().isBlank() ? "" : " — " + status.detail().strip());
            dots.put(status.name(), new SourceDot(status.name(), state, tooltip));
        }
        sources.setAll(new ArrayList<>(dots.values()));
        checkAgainIfAsked();
    }

    /** The idle lock: its settings, whether the console is locked, lock and unlock. */
    public IdleLock lock() {
        return lock;
    }

    /** The console's reveals (every secret shown in clear, with one timeout). */
    public Reveals reveals() {
        return reveals;
    }

    /** Adds what else locking does (the shell dismisses every page's notices); FX thread. */
    public void onLock(Runnable action) {
        onLock.add(Objects.requireNonNull(action, "action"));
    }

    private void locking() {
        try {
            reveals.hideAll();
            clipboard.clearNow();
            dropQuitQuestion();
        } finally {
            onLock.forEach(Runnable::run);
        }
        message.set("");
    }

    /** Whether background work is in flight; the progress indicator shows while it is. */
    public BooleanBinding busy() {
        return executor.busy();
    }

    /** Words next to the progress indicator; empty when idle. */
    public StringBinding busyText() {
        return busyText;
    }

    /** Whether a copied secret waits to be cleared from the clipboard. */
    public ReadOnlyBooleanProperty clipboardPending() {
        return clipboard.pendingProperty();
    }

    /** The countdown line, e.g. "HF_TOKEN copied · clears in 17 s"; empty when nothing is pending. */
    public StringBinding clipboardText() {
        return clipboardText;
    }

    /** Clears the copied secret from the clipboard now, and says what happened in the status message. */
    public void clearClipboard() {
        boolean pending = clipboard.pendingProperty().get();
        if (clipboard.clearNow()) {
            message.set("Clipboard cleared.");
        } else if (pending) {
            message.set("Clipboard left as it is: it no longer holds the copied secret.");
        }
    }

    /** A one-line message for the status bar (errors of the shell's own work); empty when there is none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Shows {@code text} as the status message; views use it for short confirmations. */
    public void say(String text) {
        message.set(text == null ? "" : text);
    }
}
