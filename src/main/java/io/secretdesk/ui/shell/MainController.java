package io.secretdesk.ui.shell;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Side;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Binds the main window ({@code MainView.fxml}) to its {@link MainViewModel}: builds the navigation,
 * swaps pages from the {@link PageRegistry}, installs the keyboard shortcuts, applies the theme, and draws
 * the status bar. Holds no state of its own beyond the nodes.
 */
public final class MainController {

    private static final PseudoClass DARK = PseudoClass.getPseudoClass("dark");
    private static final PseudoClass COMPACT = PseudoClass.getPseudoClass("compact");
    /** Below this window width the sidebar shows only icons (their names stay in the tooltips). */
    static final double COMPACT_BELOW = 900;

    private final MainViewModel model;
    private final PageRegistry pages;
    private final Runnable quit;
    private final Map<String, ToggleButton> navButtons = new HashMap<>();
    private final ToggleGroup navGroup = new ToggleGroup();
    private ContextMenu themeMenu;
    private ProgressIndicator progress;

    @FXML private StackPane shell;
    @FXML private BorderPane root;
    @FXML private VBox lockScreen;
    @FXML private Label lockReason;
    @FXML private Button unlockButton;
    @FXML private ImageView brandIcon;
    @FXML private VBox sidebar;
    @FXML private VBox navBox;
    @FXML private Button lockButton;
    @FXML private Button themeButton;
    @FXML private Label pageTitle;
    @FXML private StackPane pageHost;
    @FXML private HBox sourceDots;
    @FXML private Label messageLabel;
    @FXML private Label targetLabel;
    @FXML private ComboBox<String> targetBox;
    @FXML private HBox clipboardBox;
    @FXML private Label clipboardLabel;
    @FXML private HBox busyBox;
    @FXML private Label busyLabel;
    @FXML private HBox quitBox;
    @FXML private Label quitLabel;
    @FXML private Button keepEditingButton;

    /** @param quit closes the console (Ctrl+Q, or Quit when asked about unsaved edits) */
    public MainController(MainViewModel model, PageRegistry pages, Runnable quit) {
        this.model = Objects.requireNonNull(model, "model");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.quit = Objects.requireNonNull(quit, "quit");
    }

    @FXML
    private void initialize() {
        var iconUrl = MainController.class.getResource("/io/secretdesk/icons/secretdesk-64.png");
        if (iconUrl != null) {
            brandIcon.setImage(new Image(iconUrl.toExternalForm(), true));
        }
        buildNavigation();
        themeButton.textProperty().bind(model.themeProperty().asString());
        themeButton.setTooltip(new Tooltip("Choose the theme"));
        model.themeProperty().addListener((obs, old, now) -> {
            applyTheme(now);
            currentPage().dismissNotices(); // a toast never outlives the look it was shown in
        });
        applyTheme(model.themeProperty().get());

        showPage(model.currentPageProperty().get());
        model.currentPageProperty().addListener((obs, old, now) -> {
            if (old != null) {
                pages.page(old).dismissNotices(); // nor the page it was about
            }
            showPage(now);
        });
        bindLock();
        root.widthProperty().addListener((obs, old, width) -> compact(width.doubleValue() > 0 && width.doubleValue() < COMPACT_BELOW));

        drawSources();
        model.sources().addListener((ListChangeListener<SourceDot>) change -> drawSources());
        messageLabel.textProperty().bind(model.messageProperty());
        targetLabel.textProperty().bind(model.targetTextProperty());
        if (model.targets() != null) {
            targetBox.setItems(model.targets().choices());
            targetBox.valueProperty().bindBidirectional(model.targets().chosenProperty());
            targetBox.setVisible(true);
            targetBox.setManaged(true);
            targetBox.setOnShowing(event -> model.targets().reload());
        }
        clipboardLabel.textProperty().bind(model.clipboardText());
        clipboardBox.visibleProperty().bind(model.clipboardPending());
        clipboardBox.managedProperty().bind(model.clipboardPending());
        model.busy().addListener((obs, was, busy) -> showSpinnerIfBusy());
        showSpinnerIfBusy();
        busyLabel.textProperty().bind(model.busyText());

        quitLabel.textProperty().bind(model.quitQuestionProperty());
        quitBox.visibleProperty().bind(model.quitQuestionProperty().isNotEmpty());
        quitBox.managedProperty().bind(model.quitQuestionProperty().isNotEmpty());
        model.quitQuestionProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                keepEditingButton.requestFocus(); // the safe answer, for Enter or Space
            }
        });
        root.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE && !model.quitQuestionProperty().get().isEmpty()) {
                model.keepEditing();
                event.consume();
            }
        });

        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                installShortcuts(scene);
                scene.windowProperty().addListener((o, was, window) -> {
                    askBeforeClosing(window);
                    lockWhenMinimised(window);
                });
                askBeforeClosing(scene.getWindow());
                lockWhenMinimised(scene.getWindow());
            }
        });
    }

    /**
     * The lock screen covers the whole window while the console is locked; keyboard and mouse input counts as activity
     * (but never unlocks: only the Unlock button does).
     */
    private void bindLock() {
        IdleLock lock = model.lock();
        model.onLock(pages::dismissNotices);
        lockScreen.visibleProperty().bind(lock.lockedProperty());
        lockScreen.managedProperty().bind(lock.lockedProperty());
        root.visibleProperty().bind(lock.lockedProperty().not());
        lockReason.textProperty().bind(lock.reasonProperty());
        lock.lockedProperty().addListener((obs, was, now) -> {
            if (now) {
                unlockButton.requestFocus();
            }
        });
        shell.addEventFilter(KeyEvent.ANY, event -> lock.activity());
        shell.addEventFilter(MouseEvent.MOUSE_MOVED, event -> lock.activity());
        shell.addEventFilter(MouseEvent.MOUSE_PRESSED, event -> lock.activity());
        shell.addEventFilter(ScrollEvent.ANY, event -> lock.activity());
    }

    private void lockWhenMinimised(Window window) {
        if (window instanceof Stage stage && stage.getProperties().putIfAbsent(IdleLock.class, Boolean.TRUE) == null) {
            stage.iconifiedProperty().addListener((obs, was, now) -> {
                if (now && stage.getScene() == root.getScene()) {
                    model.lock().windowMinimised();
                }
            });
        }
    }

    @FXML
    private void lockNow() {
        model.lock().lock();
    }

    @FXML
    private void unlock() {
        model.lock().unlock();
    }

    /** Icons only in the sidebar when the window is narrow, so the page keeps the room. */
    private void compact(boolean compact) {
        sidebar.pseudoClassStateChanged(COMPACT, compact);
        ContentDisplay display = compact ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT;
        navButtons.values().forEach(button -> button.setContentDisplay(display));
        lockButton.setContentDisplay(display);
        themeButton.setContentDisplay(display);
    }

    /**
     * The window's close button asks first while a page holds unsaved edits: consuming the request keeps the
     * window open. Set, not added, so a shell shown later on the same window replaces this one's guard.
     */
    private void askBeforeClosing(Window window) {
        if (window != null) {
            window.setOnCloseRequest(event -> {
                // Only while this shell is what the window shows (tests put other scenes on the same stage).
                if (window.getScene() == root.getScene() && !model.mayQuit(pages.withUnsavedChanges())) {
                    event.consume();
                }
            });
        }
    }

    /** Ctrl+Q: quits at once unless a page holds unsaved edits, in which case the shell asks first. */
    private void requestQuit() {
        if (model.mayQuit(pages.withUnsavedChanges())) {
            quit.run();
        }
    }

    @FXML
    private void confirmQuit() {
        model.confirmQuit();
        quit.run();
    }

    @FXML
    private void keepEditing() {
        model.keepEditing();
    }

    /** Adds the spinner the first time something runs: its skin is costly and the first frame does not need it. */
    private void showSpinnerIfBusy() {
        if (progress == null && model.busy().get()) {
            progress = new ProgressIndicator();
            progress.getStyleClass().add("busy-indicator");
            progress.setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
            progress.visibleProperty().bind(model.busy());
            progress.managedProperty().bind(model.busy());
            busyBox.getChildren().add(0, progress);
        }
    }

    private void buildNavigation() {
        int number = 1;
        for (NavItem item : MainViewModel.PAGES) {
            ToggleButton button = new ToggleButton(item.title(), new FontIcon(item.icon()));
            button.setId("nav-" + item.name());
            button.getStyleClass().add("nav-button");
            button.setMaxWidth(Double.MAX_VALUE);
            button.setToggleGroup(navGroup);
            button.setTooltip(new Tooltip(item.title() + " (Ctrl+" + number + ")"));
            button.setOnAction(event -> {
                model.show(item.name());
                // A toggle group lets a click unselect the current page; the model decides what is selected.
                button.setSelected(model.currentPageProperty().get() == item);
            });
            navButtons.put(item.name(), button);
            navBox.getChildren().add(button);
            number++;
        }
    }

    private void showPage(NavItem item) {
        navButtons.get(item.name()).setSelected(true);
        pageTitle.setText(item.title());
        pageHost.getChildren().setAll(pages.page(item).view());
    }

    private void applyTheme(ThemeChoice choice) {
        choice.apply();
        root.pseudoClassStateChanged(DARK, choice.dark());
        shell.pseudoClassStateChanged(DARK, choice.dark());
    }

    private void drawSources() {
        sourceDots.getChildren().clear();
        for (SourceDot dot : model.sources()) {
            Circle circle = new Circle(4);
            circle.getStyleClass().add("dot");
            Label label = new Label(dot.name(), circle);
            label.setMinWidth(Region.USE_PREF_SIZE);
            label.setId("source-" + dot.name());
            label.getStyleClass().addAll("source-dot", dot.state().styleClass());
            Tooltip tooltip = new Tooltip(dot.tooltip() + "\nClick to check again.");
            tooltip.setWrapText(true);
            tooltip.setMaxWidth(420);
            label.setTooltip(tooltip);
            label.setOnMouseClicked(event -> model.refreshSources());
            sourceDots.getChildren().add(label);
        }
    }

    private void installShortcuts(Scene scene) {
        var accelerators = scene.getAccelerators();
        accelerators.put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN), this::lockNow);
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6,
            KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};
        KeyCode[] numpad = {KeyCode.NUMPAD1, KeyCode.NUMPAD2, KeyCode.NUMPAD3, KeyCode.NUMPAD4, KeyCode.NUMPAD5, KeyCode.NUMPAD6,
            KeyCode.NUMPAD7, KeyCode.NUMPAD8, KeyCode.NUMPAD9};
        for (int i = 0; i < Math.min(digits.length, MainViewModel.PAGES.size()); i++) {
            int number = i + 1;
            accelerators.put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), unlocked(() -> model.showNumber(number)));
            accelerators.put(new KeyCodeCombination(numpad[i], KeyCombination.SHORTCUT_DOWN), unlocked(() -> model.showNumber(number)));
        }
        accelerators.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), unlocked(this::focusSearch));
        accelerators.put(new KeyCodeCombination(KeyCode.F5), unlocked(this::refresh));
        accelerators.put(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), unlocked(this::requestQuit));
    }

    /** A shortcut that does nothing while the console is locked (only Unlock acts then). */
    private Runnable unlocked(Runnable action) {
        return () -> {
            if (!model.lock().lockedProperty().get()) {
                action.run();
            }
        };
    }

    private void focusSearch() {
        if (!currentPage().focusSearch()) {
            model.say(model.currentPageProperty().get().title() + " has no search box.");
        }
    }

    /** Opens the theme menu; built on first use, since a menu's skin is costly and start-up does not need it. */
    @FXML
    private void chooseTheme() {
        if (themeMenu == null) {
            themeMenu = new ContextMenu();
            ToggleGroup group = new ToggleGroup();
            for (ThemeChoice choice : ThemeChoice.values()) {
                RadioMenuItem item = new RadioMenuItem(choice.label());
                item.setToggleGroup(group);
                item.setSelected(choice == model.themeProperty().get());
                item.setOnAction(event -> model.themeProperty().set(choice));
                model.themeProperty().addListener((obs, old, now) -> item.setSelected(now == choice));
                themeMenu.getItems().add(item);
            }
        }
        themeMenu.show(themeButton, Side.TOP, 0, 0);
    }

    /** F5 and the refresh button: the page reloads, and the status bar checks the sources again. */
    @FXML
    private void refresh() {
        currentPage().refresh();
        model.refreshSources();
    }

    @FXML
    private void clearClipboard() {
        model.clearClipboard();
    }

    private ShellPage currentPage() {
        return pages.page(model.currentPageProperty().get());
    }
}
