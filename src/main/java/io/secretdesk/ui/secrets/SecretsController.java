package io.secretdesk.ui.secrets;

import atlantafx.base.controls.CustomTextField;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.shell.ShellPage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Binds the Secrets view ({@code SecretsView.fxml}) to its {@link SecretsViewModel} and is the page the shell
 * shows: Ctrl+F focuses the search box, F5 reloads. Holds no state beyond the nodes.
 */
public final class SecretsController implements ShellPage {

    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private final SecretsViewModel model;

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
    @FXML private TableView<SecretRow> table;
    @FXML private TableColumn<SecretRow, String> keyColumn;
    @FXML private TableColumn<SecretRow, String> sourceColumn;
    @FXML private TableColumn<SecretRow, String> shadowsColumn;
    @FXML private TableColumn<SecretRow, SecretRow> valueColumn;
    @FXML private TableColumn<SecretRow, SecretRow> actionsColumn;
    @FXML private HBox sourceCards;
    @FXML private Button sourcesToggle;
    @FXML private VBox sourcesPanel;
    @FXML private VBox editorPane;
    @FXML private Label editorTitle;
    @FXML private TextField keyField;
    @FXML private Label keyProblemLabel;
    @FXML private PasswordField valueHidden;
    @FXML private TextField valueShown;
    @FXML private ToggleButton showValueToggle;
    @FXML private Label valueProblemLabel;
    @FXML private VBox hintsBox;
    @FXML private HBox shadowBox;
    @FXML private Label shadowLabel;
    @FXML private Label editorErrorLabel;
    @FXML private Button saveButton;
    @FXML private HBox editorButtons;

    private final Label placeholder = new Label();
    /** Whether the source cards are expanded; the view's own state, so it is not in the view model. */
    private final BooleanProperty sourcesShown = new SimpleBooleanProperty(true);

    public SecretsController(SecretsViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * The controller the console uses: system time, and the reveal countdown ticking on a timeline.
     * {@code afterWrite} runs on the FX thread after a save or delete changed the secrets file.
     */
    public static SecretsController create(Supplier<SecretsManager> secrets, Supplier<AuditLog> audit, UiExecutor executor,
                                           ClipboardGuard clipboard, Runnable afterWrite) {
        return new SecretsController(new SecretsViewModel(secrets, audit, executor, clipboard, System::nanoTime,
                SecretsController::every, afterWrite));
    }

    /** Runs {@code tick} every {@code period} on the FX thread until the returned action runs. */
    static Runnable every(Duration period, Runnable tick) {
        Timeline timeline = new Timeline(new KeyFrame(javafx.util.Duration.millis(period.toMillis()), event -> tick.run()));
        timeline.setCycleCount(Animation.INDEFINITE);
        timeline.play();
        return timeline::stop;
    }

    @FXML
    private void initialize() {
        bindToolbar();
        bindTable();
        bindBanners();
        bindEditor();
        drawSources();
        model.sources().addListener((ListChangeListener<SourceCard>) change -> drawSources());
        showWhen(sourceCards, sourcesShown);
        sourcesToggle.setOnAction(event -> sourcesShown.set(!sourcesShown.get()));
        sourcesShown.addListener((obs, was, now) -> ((FontIcon) sourcesToggle.getGraphic())
                .setIconLiteral(now ? "mdi2c-chevron-down" : "mdi2c-chevron-up"));
        loadOnceShown();
    }

    // ------------------------------------------------------------------------------------------------ toolbar and banners

    private void bindToolbar() {
        searchField.textProperty().bindBidirectional(model.searchProperty());
        buildSourceFilter();
        countLabel.textProperty().bind(model.countText());
        showWhen(loadingBox, model.loadingProperty());
        // A spinner's skin is costly and the first frame does not need one: built when the first load starts.
        spinnerWhen(loadingBox, 0, model.loadingProperty());
    }

    /** One segmented button per source filter; a click on the selected one keeps it selected. */
    private void buildSourceFilter() {
        ToggleGroup group = new ToggleGroup();
        List<String> filters = model.sourceFilters();
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
                .filter(t -> t.getUserData().equals(model.sourceFilterProperty().get())).findFirst()
                .ifPresent(t -> t.setSelected(true));
        select.run();
        model.sourceFilterProperty().addListener(obs -> select.run());
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                model.sourceFilterProperty().set((String) now.getUserData());
            }
        });
    }

    /** Adds a small spinner to {@code box} at {@code index}, the first time {@code busy} holds, shown while it does. */
    private static void spinnerWhen(HBox box, int index, ObservableBooleanValue busy) {
        Runnable build = () -> {
            ProgressIndicator spinner = new ProgressIndicator();
            spinner.getStyleClass().add("small-spinner");
            showWhen(spinner, busy);
            box.getChildren().add(Math.min(index, box.getChildren().size()), spinner);
        };
        if (busy.get()) {
            build.run();
            return;
        }
        busy.addListener(new ChangeListener<Boolean>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> obs, Boolean was, Boolean now) {
                if (now) {
                    busy.removeListener(this);
                    build.run();
                }
            }
        });
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
                    + (row.source().equals("file") ? "" : " " + row.source() + " keeps supplying it.");
        }, model.pendingDeleteProperty()));
        confirmDeleteButton.disableProperty().bind(model.deletingProperty());
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
        SortedList<SecretRow> sorted = new SortedList<>(model.filteredRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(placeholder);
        placeholder.getStyleClass().add("table-placeholder");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> {
            if (!model.loadedProperty().get()) {
                return model.loadingProperty().get() ? "Loading the secrets from every source…" : "";
            }
            return model.rows().isEmpty()
                    ? "No secrets yet. Add one with “Add secret”, or set REPLICATE_API_TOKEN or HF_TOKEN in the environment."
                    : "No key matches the search or the source filter.";
        }, model.loadedProperty(), model.loadingProperty(), model.rows()));

        keyColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue().key()));
        keyColumn.setCellFactory(column -> new KeyCell());
        sourceColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue().source()));
        sourceColumn.setCellFactory(column -> new SourceCell());
        shadowsColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue().shadowedText()));
        shadowsColumn.setCellFactory(column -> new ShadowsCell());
        valueColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue()));
        valueColumn.setCellFactory(column -> new ValueCell());
        actionsColumn.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue()));
        actionsColumn.setCellFactory(column -> new ActionsCell());
        actionsColumn.setMinWidth(152);
        actionsColumn.setMaxWidth(152);

        table.setOnKeyPressed(event -> {
            SecretRow selected = table.getSelectionModel().getSelectedItem();
            if (selected == null) {
                return;
            }
            if (COPY.match(event)) {
                model.copy(selected);
                event.consume();
            } else if (event.getCode() == KeyCode.DELETE) {
                model.requestDelete(selected);
                event.consume();
            }
        });
    }

    private static FontIcon icon(String literal) {
        return new FontIcon(literal);
    }

    private static Button iconButton(String literal, String tooltip, String id) {
        Button button = new Button(null, icon(literal));
        button.getStyleClass().addAll("button-icon", "flat", "row-action", id);
        button.setTooltip(new Tooltip(tooltip));
        button.setFocusTraversable(false);
        return button;
    }

    /** The key, with the sources that could not answer for it in the tooltip. */
    private static final class KeyCell extends TableCell<SecretRow, String> {
        KeyCell() {
            getStyleClass().add("key-cell");
        }

        @Override
        protected void updateItem(String key, boolean empty) {
            super.updateItem(key, empty);
            SecretRow row = empty ? null : getTableRow().getItem();
            if (row == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            setText(key);
            // The banner names unavailable sources once; a mark on every row would only repeat it.
            Tooltip tip = new Tooltip(row.unanswered().isEmpty() ? key
                    : key + "\nShown from the sources that answered. Could not ask:\n" + row.unanswered());
            tip.setWrapText(true);
            tip.setMaxWidth(460);
            setTooltip(tip);
        }
    }

    /** The winning source as a chip, with where it reads in the tooltip. */
    private static final class SourceCell extends TableCell<SecretRow, String> {
        @Override
        protected void updateItem(String source, boolean empty) {
            super.updateItem(source, empty);
            SecretRow row = empty ? null : getTableRow().getItem();
            if (row == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            Label chip = new Label(source);
            chip.getStyleClass().addAll("source-chip", "source-" + source);
            setGraphic(chip);
            setTooltip(new Tooltip(row.location()));
        }
    }

    private static final class ShadowsCell extends TableCell<SecretRow, String> {
        ShadowsCell() {
            getStyleClass().add("shadows-cell");
        }

        @Override
        protected void updateItem(String shadows, boolean empty) {
            super.updateItem(shadows, empty);
            setText(empty || shadows == null ? null : shadows.isEmpty() ? "—" : shadows);
            setTooltip(empty || shadows == null || shadows.isEmpty() ? null
                    : new Tooltip("Also held by " + shadows + ", whose value is not used: a source higher in the chain wins."));
        }
    }

    /**
     * A cell that follows its row's reveal state. Cells are reused for other rows, so the one listener moves
     * with the item instead of piling up on every row the cell has shown.
     */
    private abstract static class RevealAwareCell extends TableCell<SecretRow, SecretRow> {
        private final ChangeListener<Boolean> onReveal = (obs, was, now) -> revealed(now);
        private SecretRow watched;

        @Override
        protected final void updateItem(SecretRow row, boolean empty) {
            super.updateItem(row, empty);
            if (watched != null) {
                watched.revealedProperty().removeListener(onReveal);
                watched = null;
            }
            if (empty || row == null) {
                clear();
                setGraphic(null);
                return;
            }
            watched = row;
            row.revealedProperty().addListener(onReveal);
            show(row);
            revealed(row.revealedProperty().get());
        }

        abstract void clear();

        abstract void show(SecretRow row);

        abstract void revealed(boolean revealed);
    }

    /** The masked value, or the value while revealed (in the accent colour; the reveal toggle counts down). */
    private static final class ValueCell extends RevealAwareCell {
        private final Label value = new Label();
        private final Tooltip whole = new Tooltip();

        ValueCell() {
            value.getStyleClass().add("secret-value");
            value.setMinWidth(0);
            // A long token may not fit the column: while revealed, the tooltip shows all of it.
            whole.getStyleClass().add("secret-value-tooltip");
        }

        @Override
        void clear() {
            value.textProperty().unbind();
            whole.textProperty().unbind();
            value.setTooltip(null);
        }

        @Override
        void show(SecretRow row) {
            value.textProperty().bind(row.shownProperty());
            whole.textProperty().bind(row.shownProperty());
            setGraphic(value);
        }

        @Override
        void revealed(boolean revealed) {
            value.pseudoClassStateChanged(REVEALED, revealed);
            value.setTooltip(revealed ? whole : null);
        }
    }

    private static final PseudoClass REVEALED = PseudoClass.getPseudoClass("revealed");

    private static final double REVEAL_WIDTH = 52;

    /** Reveal, copy, edit and delete for one row. */
    private final class ActionsCell extends RevealAwareCell {
        private final FontIcon eye = icon("mdi2e-eye-outline");
        private final ToggleButton reveal = new ToggleButton(null, eye);
        private final Button copy = iconButton("mdi2c-content-copy", "Copy the value without showing it (Ctrl+C); the clipboard is cleared after the countdown", "copy-button");
        private final Button edit = iconButton("mdi2p-pencil-outline", "Set a new value in the secrets file", "edit-button");
        private final Button delete = iconButton("mdi2d-delete-outline", "Delete from the secrets file (Delete)", "delete-button");
        private final HBox box = new HBox(2, reveal, copy, edit, delete);

        ActionsCell() {
            reveal.getStyleClass().addAll("button-icon", "flat", "row-action", "reveal-button");
            reveal.setTooltip(new Tooltip("Show the value for " + SecretsViewModel.REVEAL_FOR.toSeconds() + " s"));
            reveal.setFocusTraversable(false);
            // Wide enough for the eye and "10 s", so copy/edit/delete stay in the same place on every row.
            reveal.setMinWidth(REVEAL_WIDTH);
            reveal.setPrefWidth(REVEAL_WIDTH);
            reveal.setAlignment(Pos.CENTER_LEFT);
            box.setAlignment(Pos.CENTER_LEFT);
            reveal.setOnAction(event -> {
                if (getItem() != null) {
                    model.toggleReveal(getItem());
                    revealed(getItem().revealedProperty().get());
                }
            });
            copy.setOnAction(event -> {
                if (getItem() != null) {
                    model.copy(getItem());
                }
            });
            edit.setOnAction(event -> {
                if (getItem() != null) {
                    model.edit(getItem());
                    valueHidden.requestFocus();
                }
            });
            delete.setOnAction(event -> {
                if (getItem() != null) {
                    model.requestDelete(getItem());
                }
            });
        }

        @Override
        void clear() {
            reveal.textProperty().unbind();
            reveal.setText(null);
        }

        @Override
        void show(SecretRow row) {
            // While revealed, the toggle counts down to the moment the value is masked again.
            reveal.textProperty().bind(Bindings.createStringBinding(() -> row.revealedProperty().get()
                    ? row.secondsLeftProperty().get() + " s" : null, row.revealedProperty(), row.secondsLeftProperty()));
            reveal.setDisable(!row.hasValue());
            copy.setDisable(!row.hasValue());
            delete.setDisable(!row.heldByFile());
            setGraphic(box);
        }

        @Override
        void revealed(boolean revealed) {
            reveal.setSelected(revealed);
            eye.setIconLiteral(revealed ? "mdi2e-eye-off-outline" : "mdi2e-eye-outline");
            reveal.getTooltip().setText(revealed ? "Mask the value now (it is masked again when the countdown ends)"
                    : "Show the value for " + SecretsViewModel.REVEAL_FOR.toSeconds() + " s");
        }
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
        valueHidden.textProperty().bindBidirectional(editor.valueProperty());
        valueShown.textProperty().bindBidirectional(editor.valueProperty());
        showValueToggle.selectedProperty().bindBidirectional(editor.showValueProperty());
        valueShown.visibleProperty().bind(editor.showValueProperty());
        valueHidden.visibleProperty().bind(editor.showValueProperty().not());
        editor.showValueProperty().addListener((obs, was, now) -> {
            ((FontIcon) showValueToggle.getGraphic()).setIconLiteral(now ? "mdi2e-eye-off-outline" : "mdi2e-eye-outline");
            TextField focused = now ? valueShown : valueHidden;
            if (valueShown.isFocused() || valueHidden.isFocused() || showValueToggle.isFocused()) {
                focused.requestFocus();
                focused.end();
            }
        });
        bindText(keyProblemLabel, editor.keyProblemProperty());
        bindText(valueProblemLabel, editor.valueProblemProperty());
        bindText(editorErrorLabel, editor.errorProperty());
        shadowLabel.textProperty().bind(editor.shadowWarningProperty());
        showWhen(shadowBox, editor.shadowWarningProperty().isNotEmpty());
        editor.hints().addListener((ListChangeListener<String>) change -> drawHints());
        saveButton.disableProperty().bind(editor.canSave().not());
        spinnerWhen(editorButtons, 2, editor.savingProperty());
    }

    private void drawHints() {
        hintsBox.getChildren().clear();
        for (String hint : model.editor().hints()) {
            Label label = new Label(hint, icon("mdi2a-alert-circle-outline"));
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

    /** Preferred card widths: the environment says little, the file's path is long; extra width is shared. */
    private static final Map<String, Double> CARD_WIDTHS = Map.of("env", 165.0, "file", 245.0, "aws", 225.0, "vault", 205.0);

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
            Node node = cardNode(card);
            ((Region) node).setPrefWidth(CARD_WIDTHS.getOrDefault(card.name(), 210.0));
            HBox.setHgrow(node, Priority.ALWAYS);
            sourceCards.getChildren().add(node);
        }
    }

    private Node cardNode(SourceCard card) {
        Circle dot = new Circle(4);
        dot.getStyleClass().add("dot");
        Label title = new Label(card.title(), dot);
        title.getStyleClass().add("card-title");
        title.setTooltip(new Tooltip(card.title() + " (" + card.name() + " in the status bar and the table)"));
        HBox header = new HBox(8, title);
        header.setAlignment(Pos.CENTER_LEFT);

        GridPane grid = new GridPane();
        grid.getStyleClass().add("card-fields");
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setMinWidth(0);
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(names, values);
        Runnable drawFields = () -> {
            grid.getChildren().clear();
            int line = 0;
            for (SourceCard.Field field : card.fields()) {
                Label label = new Label(field.label());
                label.getStyleClass().add("field-name");
                label.setMinWidth(Region.USE_PREF_SIZE);
                Label value = new Label(field.value());
                value.getStyleClass().add("field-value");
                value.setMinWidth(0);
                // A path or an address is told apart by its end: cut the start when it does not fit.
                value.setTextOverrun(field.value().startsWith("/") || field.value().startsWith("http")
                        ? OverrunStyle.LEADING_ELLIPSIS : OverrunStyle.ELLIPSIS);
                value.setTooltip(new Tooltip(field.value()));
                grid.addRow(line++, label, value);
            }
        };
        drawFields.run();
        card.fields().addListener((ListChangeListener<SourceCard.Field>) change -> drawFields.run());

        // At most three lines (CSS); the whole reason is in the tooltip and in the banner above the table.
        Label detail = new Label();
        detail.getStyleClass().add("card-detail");
        detail.setWrapText(true);
        detail.setMinHeight(0);
        var shown = Bindings.when(card.testResultProperty().isEmpty()).then(card.detailProperty())
                .otherwise(card.testResultProperty());
        detail.textProperty().bind(shown);
        Tooltip whole = new Tooltip();
        whole.setWrapText(true);
        whole.setMaxWidth(420);
        whole.textProperty().bind(shown);
        detail.setTooltip(whole);
        card.testResultProperty().addListener((obs, old, now) -> detail.pseudoClassStateChanged(TESTED, !now.isEmpty()));
        card.testPassedProperty().addListener((obs, was, passed) -> detail.pseudoClassStateChanged(PASSED, passed));
        VBox box = new VBox(6, header, grid, detail);
        box.setMinWidth(0);
        box.setMaxHeight(Double.MAX_VALUE);
        box.getStyleClass().addAll("source-card", card.stateProperty().get().styleClass());
        box.setId("source-card-" + card.name());
        card.stateProperty().addListener((obs, old, now) -> {
            box.getStyleClass().remove(old.styleClass());
            box.getStyleClass().add(now.styleClass());
        });

        if (card.testable()) {
            Button test = new Button("Test connection", icon("mdi2l-lan-connect"));
            test.getStyleClass().addAll("small", "test-button");
            test.setId("test-" + card.name());
            test.disableProperty().bind(card.testingProperty());
            test.setOnAction(event -> model.testConnection(card));
            HBox actions = new HBox(8, test);
            spinnerWhen(actions, 1, card.testingProperty());
            actions.setAlignment(Pos.CENTER_LEFT);
            Region push = new Region();
            VBox.setVgrow(push, Priority.ALWAYS); // buttons line up along the bottom of the row of cards
            box.getChildren().addAll(push, actions);
        }
        detail.setId("source-detail-" + card.name());
        return box;
    }

    private static final PseudoClass PASSED = PseudoClass.getPseudoClass("passed");
    private static final PseudoClass TESTED = PseudoClass.getPseudoClass("tested");

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
