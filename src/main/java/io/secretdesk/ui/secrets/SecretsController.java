package io.secretdesk.ui.secrets;

import atlantafx.base.controls.CustomTextField;
import io.secretdesk.ui.common.SecretField;
import io.secretdesk.ui.shell.ShellPage;
import java.util.List;
import java.util.Objects;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Binds the Secrets view ({@code SecretsView.fxml}) to its {@link SecretsViewModel} and is the page the shell
 * shows: Ctrl+F focuses the search box, F5 reloads. Holds no state beyond the nodes.
 */
public final class SecretsController implements ShellPage {

    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private final SecretsViewModel model;
    private final KeyDetailViewModel detail;

    @FXML private BorderPane root;
    @FXML private CustomTextField searchField;
    @FXML private HBox sourceFilter;
    @FXML private Label countLabel;
    @FXML private HBox loadingBox;
    @FXML private HBox unavailableBox;
    @FXML private Label unavailableLabel;
    @FXML private Label notConfiguredLabel;
    @FXML private HBox messageBox;
    @FXML private Label messageLabel;
    @FXML private HBox confirmBox;
    @FXML private Label confirmLabel;
    @FXML private Button confirmDeleteButton;
    @FXML private Button cancelDeleteButton;
    @FXML private TableView<SecretRow> table;
    @FXML private TableColumn<SecretRow, String> keyColumn;
    @FXML private TableColumn<SecretRow, String> sourceColumn;
    @FXML private TableColumn<SecretRow, String> shadowsColumn;
    @FXML private TableColumn<SecretRow, SecretRow> driftColumn;
    @FXML private ToggleButton driftToggle;
    @FXML private Label driftNote;
    @FXML private TableColumn<SecretRow, SecretRow> valueColumn;
    @FXML private TableColumn<SecretRow, SecretRow> actionsColumn;
    @FXML private HBox sourceCards;
    @FXML private ScrollPane sourceScroll;
    @FXML private Button sourcesToggle;
    @FXML private VBox sourcesPanel;
    @FXML private VBox editorPane;
    @FXML private Label editorTitle;
    @FXML private TextField keyField;
    @FXML private Label keyProblemLabel;
    @FXML private HBox valueRow;
    @FXML private Label valueLabel;
    @FXML private Label valueProblemLabel;
    @FXML private VBox hintsBox;
    @FXML private HBox shadowBox;
    @FXML private Label shadowLabel;
    @FXML private Label editorErrorLabel;
    @FXML private Button saveButton;
    @FXML private HBox editorButtons;
    @FXML private HBox replaceBox;
    @FXML private Label replaceLabel;
    @FXML private Button replaceButton;
    @FXML private Button keepButton;

    private final Label placeholder = new Label();
    private SecretField valueField;
    /** Whether the source cards are expanded; the view's own state, so it is not in the view model. */
    private final BooleanProperty sourcesShown = new SimpleBooleanProperty(true);
    /** Whether the user folded or opened the cards: then the page's height no longer does. */
    private boolean sourcesFoldedByHand;
    /** The page height below which the source cards start folded. */
    static final double FOLD_SOURCES_BELOW = 560;

    public SecretsController(SecretsViewModel model) {
        this(model, null);
    }

    /** @param detail the per-key detail pane (versions, every source, edits in place); null for none */
    public SecretsController(SecretsViewModel model, KeyDetailViewModel detail) {
        this.model = Objects.requireNonNull(model, "model");
        this.detail = detail;
    }

    @FXML
    private void initialize() {
        bindToolbar();
        bindTable();
        bindBanners();
        bindEditor();
        drawSources();
        model.sources().addListener((ListChangeListener<SourceCard>) change -> drawSources());
        showWhen(sourceScroll, sourcesShown);
        // A scroll pane asks its content for a height at the content's own preferred width, where the cards' wrapped
        // lines are fewer: ask at the width they get, so the cards show whole whenever the page has the room.
        sourceCards.layoutBoundsProperty().addListener((obs, old, bounds) -> {
            double wanted = Math.ceil(sourceCards.prefHeight(bounds.getWidth()));
            if (Math.abs(wanted - sourceScroll.getPrefViewportHeight()) > 1) {
                sourceScroll.setPrefViewportHeight(wanted);
            }
        });
        sourcesToggle.setOnAction(event -> {
            sourcesFoldedByHand = true;
            sourcesShown.set(!sourcesShown.get());
        });
        // On a short window the cards fold by themselves, so the table keeps its rows; the chevron still opens them.
        root.heightProperty().addListener((obs, old, height) -> {
            if (!sourcesFoldedByHand && height.doubleValue() > 0) {
                sourcesShown.set(height.doubleValue() >= FOLD_SOURCES_BELOW);
            }
        });
        sourcesShown.addListener((obs, was, now) -> ((FontIcon) sourcesToggle.getGraphic())
                .setIconLiteral(now ? "mdi2c-chevron-down" : "mdi2c-chevron-up"));
        loadOnceShown();
        attachDetail();
    }

    /** Puts the per-key detail pane on the page's right, shown while it is open. */
    private void attachDetail() {
        if (detail == null) {
            return;
        }
        KeyDetailController pane = new io.secretdesk.ui.common.ViewLoader(type -> new KeyDetailController(detail))
                .load(KeyDetailController.class).controller();
        pane.root().visibleProperty().bind(detail.openProperty());
        pane.root().managedProperty().bind(detail.openProperty());
        root.setRight(pane.root());
    }

    // ------------------------------------------------------------------------------------------------ toolbar and banners

    private void bindToolbar() {
        searchField.textProperty().bindBidirectional(model.filter().searchProperty());
        searchField.setAccessibleText("Search keys");
        searchField.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ESCAPE && !searchField.getText().isEmpty()) {
                searchField.clear(); // Esc clears the search; a second Esc is the page's
                event.consume();
            } else if (event.getCode() == KeyCode.DOWN || event.getCode() == KeyCode.ENTER) {
                table.requestFocus();
                if (table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()) {
                    table.getSelectionModel().selectFirst();
                }
                event.consume();
            }
        });
        buildSourceFilter();
        bindDrift();
        countLabel.textProperty().bind(model.filter().countText());
        showWhen(loadingBox, model.loadingProperty());
        // A spinner's skin is costly and the first frame does not need one: built when the first load starts.
        LazySpinner.addWhen(loadingBox, 0, model.loadingProperty());
    }

    /** One segmented button per source filter; a click on the selected one keeps it selected. */
    private void buildSourceFilter() {
        ToggleGroup group = new ToggleGroup();
        List<String> filters = model.filter().sourceFilters();
        for (int i = 0; i < filters.size(); i++) {
            String filter = filters.get(i);
            ToggleButton button = new ToggleButton(filter.equals(SecretsViewModel.ALL_SOURCES) ? "All" : filter);
            button.setId("filter-" + (filter.equals(SecretsViewModel.ALL_SOURCES) ? "all" : filter));
            button.getStyleClass().add(i == 0 ? "left-pill" : i == filters.size() - 1 ? "right-pill" : "center-pill");
            button.setUserData(filter);
            button.setToggleGroup(group);
            button.setFocusTraversable(false);
            button.setTooltip(new Tooltip(filter.equals(SecretsViewModel.ALL_SOURCES) ? "Show every key"
                    : "Show the keys " + filter + " holds, whether its value wins or is shadowed"));
            sourceFilter.getChildren().add(button);
        }
        Runnable select = () -> group.getToggles().stream()
                .filter(t -> t.getUserData().equals(model.filter().sourceFilterProperty().get())).findFirst()
                .ifPresent(t -> t.setSelected(true));
        select.run();
        model.filter().sourceFilterProperty().addListener(obs -> select.run());
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                model.filter().sourceFilterProperty().set((String) now.getUserData());
            }
        });
    }

    /** The Drift toggle: only the keys that drift, with a column of letters per source (never values). */
    private void bindDrift() {
        driftToggle.selectedProperty().bindBidirectional(model.filter().driftOnlyProperty());
        driftToggle.textProperty().bind(Bindings.createStringBinding(() -> model.filter().driftCountProperty().get() == 0 ? "Drift"
                : "Drift (" + model.filter().driftCountProperty().get() + ")", model.filter().driftCountProperty()));
        driftToggle.setFocusTraversable(false); // like the source filter: the keyboard walk goes search -> table
        showWhen(driftNote, model.filter().driftOnlyProperty());
        driftColumn.visibleProperty().bind(model.filter().driftOnlyProperty());
        // The letters say more than Shadows, and the view compares without values: the detail pane shows them side by side.
        shadowsColumn.visibleProperty().bind(model.filter().driftOnlyProperty().not());
        valueColumn.visibleProperty().bind(model.filter().driftOnlyProperty().not());
        driftColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue()));
        driftColumn.setCellFactory(column -> new DriftCell());
    }

    private void bindBanners() {
        unavailableLabel.textProperty().bind(model.unavailableProperty());
        showWhen(unavailableBox, model.unavailableProperty().isNotEmpty());
        bindText(notConfiguredLabel, model.notConfiguredProperty());
        messageLabel.textProperty().bind(model.messageProperty());
        showWhen(messageBox, model.messageProperty().isNotEmpty());
        model.messageKindProperty().addListener((obs, old, now) -> {
            messageBox.getStyleClass().remove(old.styleClass());
            messageBox.getStyleClass().add(now.styleClass());
        });
        messageBox.getStyleClass().add(model.messageKindProperty().get().styleClass());
        showWhen(confirmBox, model.pendingDeleteProperty().isNotNull());
        confirmLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            SecretRow row = model.pendingDeleteProperty().get();
            return row == null ? "" : "Delete " + row.key() + " from the secrets file?"
                    + (row.suppliedByFile() ? "" : " " + row.source() + " keeps supplying it.");
        }, model.pendingDeleteProperty()));
        confirmDeleteButton.disableProperty().bind(model.deletingProperty());
        confirmDeleteButton.setAccessibleText("Delete: confirm");
        // The safe answer has the focus, for Enter or Space; Esc cancels wherever the focus is.
        model.pendingDeleteProperty().addListener((obs, old, now) -> {
            if (now != null) {
                cancelDeleteButton.requestFocus();
            } else if (old != null && root.getScene() != null && !editorPane.isVisible()) {
                table.requestFocus();
            }
        });
        root.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE && model.pendingDeleteProperty().get() != null) {
                model.cancelDelete();
                event.consume();
            }
        });
    }

    @FXML
    private void add() {
        model.add();
        keyField.requestFocus();
    }

    @FXML
    private void dismissMessage() {
        model.dismissMessage();
    }

    @FXML
    private void confirmDelete() {
        model.confirmDelete();
    }

    @FXML
    private void cancelDelete() {
        model.cancelDelete();
    }

    // ------------------------------------------------------------------------------------------------ table

    private void bindTable() {
        SortedList<SecretRow> sorted = new SortedList<>(model.filter().filteredRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(placeholder);
        placeholder.getStyleClass().add("table-placeholder");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> {
            if (!model.loadedProperty().get()) {
                return model.loadingProperty().get() ? "Loading the secrets from every source…" : "";
            }
            if (model.filter().driftOnlyProperty().get() && model.filter().driftCountProperty().get() == 0 && !model.rows().isEmpty()) {
                return "No drift: every key holds the same value in each source that has it, and no set-up source lacks one.";
            }
            return model.rows().isEmpty()
                    ? "No secrets yet. Add one with “Add secret”, or set REPLICATE_API_TOKEN or HF_TOKEN in the environment."
                    : "No key matches the search or the source filter.";
        }, model.loadedProperty(), model.loadingProperty(), model.rows(), model.filter().driftOnlyProperty(), model.filter().driftCountProperty()));

        keyColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue().key()));
        keyColumn.setCellFactory(column -> new KeyCell());
        sourceColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue().source()));
        sourceColumn.setCellFactory(column -> new SourceCell());
        shadowsColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue().shadowedText()));
        shadowsColumn.setCellFactory(column -> new ShadowsCell());
        valueColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue()));
        valueColumn.setCellFactory(column -> new ValueCell());
        actionsColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue()));
        actionsColumn.setCellFactory(column -> new ActionsCell(model, () -> valueField.inputField().requestFocus(),
                detail == null ? null : row -> detail.open(row.key())));
        SecretsColumns.fit(table, placeholder, model.rows(), keyColumn, sourceColumn, shadowsColumn, valueColumn, actionsColumn,
                driftColumn);
        table.setOnKeyPressed(this::rowKey);
    }

    /**
     * The selected row's keys: Space reveals or masks, Shift+Space shows the whole value, Enter edits, Ctrl+C copies,
     * Delete asks to delete.
     */
    private void rowKey(KeyEvent event) {
        SecretRow selected = table.getSelectionModel().getSelectedItem();
        if (selected == null) {
            return;
        }
        if (COPY.match(event)) {
            model.copy(selected);
        } else if (event.getCode() == KeyCode.DELETE) {
            model.requestDelete(selected);
        } else if (event.getCode() == KeyCode.SPACE && event.isShiftDown()) {
            model.showWhole(selected);
        } else if (event.getCode() == KeyCode.SPACE) {
            model.toggleReveal(selected);
        } else if (event.getCode() == KeyCode.ENTER) {
            model.edit(selected);
            valueField.inputField().requestFocus();
        } else {
            return;
        }
        event.consume();
    }

    // ------------------------------------------------------------------------------------------------ editor

    private void bindEditor() {
        SecretEditor editor = model.editor();
        var open = editor.modeProperty().isNotEqualTo(SecretEditor.Mode.CLOSED);
        showWhen(editorPane, open);
        showWhen(sourcesPanel, open.not()); // the editor takes the sources' place while it is open
        editorTitle.textProperty().bind(Bindings.createStringBinding(
                () -> editor.modeProperty().get() == SecretEditor.Mode.EDIT ? "Set a new value" : "Add a secret",
                editor.modeProperty()));
        keyField.textProperty().bindBidirectional(editor.keyProperty());
        keyField.editableProperty().bind(editor.modeProperty().isEqualTo(SecretEditor.Mode.ADD));
        valueField = SecretField.input("typed value", editor.valueProperty(), model.reveals(), model.clipboard(),
                "Paste the token");
        valueField.hiddenField().setId("valueHidden");
        valueField.shownField().setId("valueShown");
        valueField.revealButton().setId("showValueToggle");
        HBox.setHgrow(valueField, Priority.ALWAYS);
        valueRow.getChildren().setAll(valueField);
        valueLabel.setLabelFor(valueField.hiddenField());
        editor.modeProperty().addListener((obs, old, now) -> valueField.mask());
        bindText(keyProblemLabel, editor.keyProblemProperty());
        bindText(valueProblemLabel, editor.valueProblemProperty());
        bindText(editorErrorLabel, editor.errorProperty());
        shadowLabel.textProperty().bind(editor.shadowWarningProperty());
        showWhen(shadowBox, editor.shadowWarningProperty().isNotEmpty());
        editor.hints().addListener((ListChangeListener<String>) change -> drawHints());
        saveButton.disableProperty().bind(editor.canSave().not());
        LazySpinner.addWhen(editorButtons, 2, editor.savingProperty());
        bindReplaceQuestion(editor);
    }

    /** "KEY already exists in ...: replace?" — the safe answer has the focus; Esc answers it, keeping the form. */
    private void bindReplaceQuestion(SecretEditor editor) {
        replaceLabel.textProperty().bind(editor.replaceQuestionProperty());
        showWhen(replaceBox, editor.replaceQuestionProperty().isNotEmpty());
        replaceButton.setAccessibleText("Replace: confirm");
        keepButton.setAccessibleText("Cancel: keep editing, nothing is written");
        editor.replaceQuestionProperty().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                keepButton.requestFocus();
            } else if (!old.isEmpty() && editorPane.isVisible() && root.getScene() != null) {
                valueField.inputField().requestFocus();
            }
        });
        root.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE && !editor.replaceQuestionProperty().get().isEmpty()) {
                editor.cancelReplace(); // only the question: the editor's own Cancel would drop what was typed
                event.consume();
            }
        });
    }

    @FXML
    private void confirmReplace() {
        model.editor().confirmReplace();
    }

    @FXML
    private void cancelReplace() {
        model.editor().cancelReplace();
    }

    private void drawHints() {
        hintsBox.getChildren().clear();
        for (String hint : model.editor().hints()) {
            Label label = new Label(hint, new FontIcon("mdi2a-alert-circle-outline"));
            label.getStyleClass().add("hint");
            label.setWrapText(true);
            label.setMinHeight(Region.USE_PREF_SIZE);
            hintsBox.getChildren().add(label);
        }
    }

    @FXML
    private void save() {
        model.editor().save();
    }

    @FXML
    private void cancelEdit() {
        model.editor().cancel();
    }

    // ------------------------------------------------------------------------------------------------ sources

    private void drawSources() {
        sourceCards.getChildren().clear();
        if (model.sources().isEmpty()) {
            Label waiting = new Label("The sources are checked once the secrets load.");
            waiting.getStyleClass().add("note");
            waiting.setWrapText(true);
            sourceCards.getChildren().add(waiting);
            return;
        }
        for (SourceCard card : model.sources()) {
            Node node = SourceCardView.build(card, model::testConnection);
            HBox.setHgrow(node, Priority.ALWAYS);
            sourceCards.getChildren().add(node);
        }
    }

    // ------------------------------------------------------------------------------------------------ shell page

    @Override
    public Node view() {
        return root;
    }

    @Override
    public boolean focusSearch() {
        searchField.requestFocus();
        searchField.selectAll();
        return true;
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public void dismissNotices() {
        model.dismissMessage();
        model.cancelDelete();
    }

    @Override
    public boolean hasUnsavedChanges() {
        return model.editor().hasUnsavedValue();
    }

    /**
     * Starts the first load on the third pulse the page spends on a showing window. A frame is drawn before the next
     * pulse starts, so by then the console's first frame is on screen (App measures it on the second pulse), and
     * building the chain, which loads the provider SDKs, never delays it.
     */
    private void loadOnceShown() {
        new AnimationTimer() {
            private int pulsesShown;

            @Override
            public void handle(long now) {
                Window window = root.getScene() == null ? null : root.getScene().getWindow();
                if (window == null || !window.isShowing()) {
                    return;
                }
                if (++pulsesShown == 3) {
                    stop();
                    model.loadIfNeeded();
                }
            }
        }.start();
    }

    private static void bindText(Label label, ObservableStringValue text) {
        label.textProperty().bind(text);
        showWhen(label, Bindings.isNotEmpty(text));
    }

    private static void showWhen(Node node, ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }
}
