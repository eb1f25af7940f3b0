package io.secretdesk.ui.providers;

import atlantafx.base.theme.Styles;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.SecretField;
import io.secretdesk.ui.shell.ShellPage;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Binds the Provider Config view ({@code ProvidersView.fxml}) to its {@link ProvidersViewModel} and is the
 * page the shell shows under "providers": Ctrl+F goes to the audit filter, F5 reloads.
 */
public final class ProvidersController implements ShellPage {

    private static final PseudoClass DIRTY = PseudoClass.getPseudoClass("dirty");
    private static final PseudoClass BROKEN = PseudoClass.getPseudoClass("broken");
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");
    private static final PseudoClass OVERRIDDEN = PseudoClass.getPseudoClass("overridden");

    private final ProvidersViewModel model;
    private final LegacyImport legacy;
    private final Reveals reveals;
    private final ClipboardGuard clipboard;
    private final ObservableList<String> listed = FXCollections.observableArrayList();
    private boolean syncingSelection;

    @FXML private BorderPane root;
    @FXML private TabPane tabs;
    @FXML private Tab auditTab;
    @FXML private ListView<String> providerList;
    @FXML private TextField newProviderField;
    @FXML private Button addProviderButton;
    @FXML private Label providerTitle;
    @FXML private Label unsavedLabel;
    @FXML private Button discardButton;
    @FXML private Button reloadOutsideButton;
    @FXML private Button saveButton;
    @FXML private VBox switchBar;
    @FXML private Button cancelSwitchButton;
    @FXML private HBox messageBox;
    @FXML private Button dismissButton;
    @FXML private HBox legacyBar;
    @FXML private Label legacyLabel;
    @FXML private Button legacyImportButton;
    @FXML private Label switchLabel;
    @FXML private Label messageLabel;
    @FXML private VBox form;
    @FXML private GridPane webhookGrid;
    @FXML private TextField webhookUrlField;
    @FXML private Label urlProblemLabel;
    @FXML private HBox webhookSecretBox;
    private SecretField webhookSecret;
    @FXML private CheckBox requireSignatureBox;
    @FXML private ListView<String> ipList;
    @FXML private TextField newIpField;
    @FXML private Button removeIpButton;
    @FXML private Label ipsProblemLabel;
    @FXML private Label webhookInJsonLabel;
    @FXML private GridPane costGrid;
    @FXML private CheckBox costEnabledBox;
    @FXML private TextField costAmountField;
    @FXML private ComboBox<String> costPeriodBox;
    @FXML private ComboBox<String> costActionBox;
    @FXML private Label costProblemLabel;
    @FXML private Label costInJsonLabel;
    @FXML private TextArea jsonArea;
    @FXML private Label jsonProblemLabel;
    @FXML private Label tokenSourceLabel;
    @FXML private Label tokenKeyLabel;
    @FXML private HBox tokenSecretBox;
    private SecretField token;
    @FXML private Button saveTokenButton;
    @FXML private Label tokenHintLabel;
    @FXML private Label credentialsLabel;
    @FXML private TextField auditFilterField;
    @FXML private Button verifyButton;
    @FXML private Label verdictLabel;
    @FXML private TableView<AuditRow> auditTable;
    @FXML private TableColumn<AuditRow, Long> seqColumn;
    @FXML private TableColumn<AuditRow, String> timeColumn;
    @FXML private TableColumn<AuditRow, String> actorColumn;
    @FXML private TableColumn<AuditRow, String> actionColumn;
    @FXML private TableColumn<AuditRow, String> targetColumn;
    @FXML private TableColumn<AuditRow, String> detailsColumn;
    @FXML private Label auditSummaryLabel;
    @FXML private ComboBox<String> eventTypeBox;
    @FXML private Label auditProblemLabel;
    @FXML private Label auditFiguresLabel;

    /** The page outside the console (tests, screenshots): reveals and a clipboard guard of its own. */
    public ProvidersController(ProvidersViewModel model) {
        this(model, null, Reveals.onFxThread(Reveals.DEFAULT_REVEAL_FOR), ClipboardGuard.onFxThread(Duration.ofSeconds(20)));
    }

    /**
     * @param legacy    the banner for configs an earlier SecretDesk kept in console.db, or null for none
     * @param reveals   the console's reveals: the webhook secret re-masks after their timeout, and the idle lock masks it
     * @param clipboard the console's clipboard guard: the only way the webhook secret is copied
     */
    public ProvidersController(ProvidersViewModel model, LegacyImport legacy, Reveals reveals, ClipboardGuard clipboard) {
        this.model = Objects.requireNonNull(model, "model");
        this.legacy = legacy;
        this.reveals = Objects.requireNonNull(reveals, "reveals");
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
    }

    @FXML
    private void initialize() {
        bindProviderList();
        bindHeader();
        bindWebhook();
        bindCostLimit();
        bindJsonAndToken();
        bindAudit();
        bindLegacy();
        model.refresh();
    }

    private void bindLegacy() {
        if (legacy == null) {
            return;
        }
        legacyBar.visibleProperty().bind(legacy.shownProperty());
        legacyBar.managedProperty().bind(legacy.shownProperty());
        legacyLabel.textProperty().bind(legacy.textProperty());
        legacyImportButton.visibleProperty().bind(legacy.canImportProperty());
        legacyImportButton.managedProperty().bind(legacy.canImportProperty());
        legacy.check();
    }

    @FXML
    private void importLegacy() {
        legacy.importNew();
    }

    private void bindProviderList() {
        // The list shows a copy of the model's names, changed only under the sync guard: a ListView moves its own
        // selection when its items change (a removed or replaced item), and that move is not the user asking to
        // open another provider (it was: "lambda has unsaved changes. Discard them and open modal?" after adding one).
        providerList.setItems(listed);
        showProviders();
        model.providers().addListener((ListChangeListener<String>) change -> showProviders());
        providerList.setCellFactory(list -> new ProviderCell());
        providerList.setPlaceholder(new Label("No provider configs yet.\nAdd one by name below."));
        providerList.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (!syncingSelection && now != null) {
                model.select(now);
                // When the model keeps the current provider (it asks first), the list follows it back.
                Platform.runLater(this::syncSelection);
            }
        });
        model.selectedProperty().addListener((obs, old, now) -> {
            syncSelection();
            providerList.refresh();
            if (webhookSecret != null) {
                webhookSecret.mask();
            }
            if (token != null) {
                token.mask();
            }
        });
        model.form().dirtyProperty().addListener(obs -> providerList.refresh());
        newProviderField.textProperty().bindBidirectional(model.newProviderNameProperty());
    }

    private void showProviders() {
        if (!listed.equals(model.providers())) {
            syncingSelection = true;
            try {
                listed.setAll(model.providers());
            } finally {
                syncingSelection = false;
            }
        }
        syncSelection();
    }

    private void syncSelection() {
        syncingSelection = true;
        try {
            String current = model.selectedProperty().get();
            if (current == null) {
                providerList.getSelectionModel().clearSelection();
            } else if (!current.equals(providerList.getSelectionModel().getSelectedItem())) {
                providerList.getSelectionModel().select(current);
            }
        } finally {
            syncingSelection = false;
        }
    }

    private void bindHeader() {
        providerTitle.textProperty().bind(Bindings.when(model.selectedProperty().isNull())
                .then("No provider selected").otherwise(model.selectedProperty()));
        // One status (PageStatus.Status): the marker and the status line never contradict each other.
        showWhen(unsavedLabel, model.status().statusProperty().isEqualTo(PageStatus.Status.UNSAVED));
        showWhen(reloadOutsideButton, model.outsidePendingProperty());
        reloadOutsideButton.disableProperty().bind(model.workingProperty());
        saveButton.disableProperty().bind(model.canSave().not());
        discardButton.disableProperty().bind(model.form().dirtyProperty().not().or(model.workingProperty()));
        showWhen(switchBar, model.pendingSwitchProperty().isNotNull());
        switchLabel.textProperty().bind(Bindings.createStringBinding(() -> model.selectedProperty().get()
                + " has unsaved changes. Discard them and open " + model.pendingSwitchProperty().get() + "?",
                model.selectedProperty(), model.pendingSwitchProperty()));
        model.pendingSwitchProperty().addListener((obs, old, now) -> {
            if (now != null) {
                // The safe answer, for Enter or Space (Esc answers it too); after the click on the list has ended.
                Platform.runLater(cancelSwitchButton::requestFocus);
            }
        });
        messageLabel.textProperty().bind(model.status().statusTextProperty());
        showWhen(messageBox, model.status().statusTextProperty().isNotEmpty());
        // x dismisses what an action said; "Cannot save yet" goes when the form is fixed, so it has no x.
        showWhen(dismissButton, model.status().messageProperty().isNotEmpty().and(model.status().messageProperty().isEqualTo(model.status().statusTextProperty())));
        model.status().statusProperty().addListener((obs, old, now) -> {
            messageBox.getStyleClass().remove(styleClass(old));
            messageBox.getStyleClass().add(styleClass(now));
        });
        messageBox.getStyleClass().add(styleClass(model.status().statusProperty().get()));
        root.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE && model.pendingSwitchProperty().get() != null) {
                model.cancelSwitch();
                event.consume();
            }
        });
        form.disableProperty().bind(model.loadedProperty().not().or(model.workingProperty()));
    }

    private void bindWebhook() {
        webhookGrid.disableProperty().bind(model.form().webhookInFormProperty().not());
        showWhen(webhookInJsonLabel, model.form().webhookInFormProperty().not());
        webhookUrlField.textProperty().bindBidirectional(model.form().webhookUrlProperty());
        problemLabel(urlProblemLabel, webhookUrlField, model.form().urlProblemProperty());
        SecretField secret = webhookSecret = SecretField.input("webhook secret", model.form().webhookSecretProperty(), reveals, clipboard, "Not set");
        secret.hiddenField().setId("webhookSecretField");
        secret.shownField().setId("webhookSecretShown");
        secret.revealButton().setId("showSecretToggle");
        HBox.setHgrow(secret, Priority.ALWAYS);
        webhookSecretBox.getChildren().setAll(secret);
        requireSignatureBox.selectedProperty().bindBidirectional(model.form().requireSignatureProperty());
        ipList.setItems(model.form().allowedIps());
        ipList.setPlaceholder(new Label("Any address may call the webhook."));
        removeIpButton.disableProperty().bind(ipList.getSelectionModel().selectedItemProperty().isNull());
        newIpField.textProperty().bindBidirectional(model.form().newIpProperty());
        newIpField.textProperty().addListener((obs, old, now) -> newIpField.pseudoClassStateChanged(Styles.STATE_DANGER,
                now != null && !now.isBlank() && IpRanges.problem(now).isPresent()));
        problemLabel(ipsProblemLabel, ipList, model.form().ipsProblemProperty());
    }

    private void bindCostLimit() {
        costGrid.disableProperty().bind(model.form().costInFormProperty().not());
        showWhen(costInJsonLabel, model.form().costInFormProperty().not());
        costEnabledBox.selectedProperty().bindBidirectional(model.form().costLimitEnabledProperty());
        costAmountField.textProperty().bindBidirectional(model.form().costLimitAmountProperty());
        costPeriodBox.getItems().setAll(ProvidersViewModel.PERIODS);
        costPeriodBox.valueProperty().bindBidirectional(model.form().costLimitPeriodProperty());
        costActionBox.getItems().setAll(ProvidersViewModel.ACTIONS);
        costActionBox.valueProperty().bindBidirectional(model.form().costLimitActionProperty());
        for (Node field : new Node[] {costAmountField, costPeriodBox, costActionBox}) {
            field.disableProperty().bind(model.form().costLimitEnabledProperty().not());
        }
        problemLabel(costProblemLabel, costAmountField, model.form().costProblemProperty());
    }

    private void bindJsonAndToken() {
        jsonArea.textProperty().bindBidirectional(model.form().extraJsonProperty());
        problemLabel(jsonProblemLabel, jsonArea, model.form().jsonProblemProperty());

        tokenKeyLabel.textProperty().bind(model.token().tokenKeyProperty());
        tokenSourceLabel.textProperty().bind(model.token().tokenSourceProperty());
        pseudoClassWhen(tokenSourceLabel, OVERRIDDEN, model.token().tokenOverriddenProperty());
        SecretField typed = token = SecretField.input("API token", model.token().tokenInputProperty(), reveals, clipboard,
                "Paste the new token");
        typed.hiddenField().setId("tokenField");
        typed.shownField().setId("tokenShown");
        typed.revealButton().setId("showTokenToggle");
        HBox.setHgrow(typed, Priority.ALWAYS);
        tokenSecretBox.getChildren().setAll(typed);
        saveTokenButton.disableProperty().bind(model.token().tokenInputProperty().isEmpty().or(model.workingProperty()));
        tokenHintLabel.textProperty().bind(model.token().tokenHintProperty());
        showWhen(tokenHintLabel, model.token().tokenHintProperty().isNotEmpty());
        credentialsLabel.textProperty().bind(model.token().credentialsSummaryProperty());
    }

    private void bindAudit() {
        AuditTrail audit = model.audit();
        auditTable.setItems(audit.shown());
        Label placeholder = new Label();
        placeholder.textProperty().bind(Bindings.when(audit.problemProperty().isEmpty())
                .then("No audit entries match.").otherwise("No entries: the audit log could not be read (above)."));
        auditTable.setPlaceholder(placeholder);
        auditTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        seqColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().seq()));
        timeColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().time()));
        actorColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().actor()));
        actionColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().action()));
        targetColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().target()));
        detailsColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().readableDetails()));
        detailsColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String details, boolean empty) {
                super.updateItem(details, empty);
                setText(empty ? null : details);
                setTooltip(empty || details == null || details.isEmpty() ? null : new Tooltip(details));
            }
        });
        auditTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(AuditRow entry, boolean empty) {
                super.updateItem(entry, empty);
                pseudoClassStateChanged(BROKEN, !empty && entry != null && entry.seq() == audit.brokenSeqProperty().get());
            }
        });
        audit.brokenSeqProperty().addListener(obs -> auditTable.refresh());
        auditFilterField.textProperty().bindBidirectional(audit.filterProperty());
        verdictLabel.textProperty().bind(audit.verdictTextProperty());
        showWhen(verdictLabel, audit.verdictTextProperty().isNotEmpty());
        pseudoClassWhen(verdictLabel, OK, audit.verdictProperty().isEqualTo(AuditTrail.Verdict.INTACT));
        pseudoClassWhen(verdictLabel, ERROR, audit.verdictProperty().isEqualTo(AuditTrail.Verdict.BROKEN)
                .or(audit.verdictProperty().isEqualTo(AuditTrail.Verdict.FAILED)));
        verifyButton.disableProperty().bind(audit.verdictProperty().isEqualTo(AuditTrail.Verdict.CHECKING));
        auditSummaryLabel.textProperty().bind(audit.summaryProperty());
        // A read the server refused (401/403) or that failed: one red line, and no rows of another target under it.
        auditProblemLabel.textProperty().bind(audit.problemProperty());
        showWhen(auditProblemLabel, audit.problemProperty().isNotEmpty());
        pseudoClassWhen(auditProblemLabel, ERROR, audit.problemProperty().isNotEmpty());
        AuditFigures figures = audit.figures();
        auditFiguresLabel.textProperty().bind(figures.textProperty());
        eventTypeBox.setItems(figures.eventTypes());
        eventTypeBox.valueProperty().bindBidirectional(figures.chosenProperty());
        eventTypeBox.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String type) {
                return figures.label(type);
            }

            @Override
            public String fromString(String text) {
                return text;
            }
        });
        auditTab.selectedProperty().addListener((obs, was, now) -> {
            if (now) {
                audit.refresh();
            }
        });
    }

    private static void problemLabel(Label label, Node field, ObservableStringValue problem) {
        label.textProperty().bind(problem);
        ObservableBooleanValue present = Bindings.createBooleanBinding(() -> !problem.get().isEmpty(), problem);
        showWhen(label, present);
        pseudoClassWhen(field, Styles.STATE_DANGER, present);
    }

    private static void showWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }

    private static void pseudoClassWhen(Node node, PseudoClass pseudoClass, ObservableBooleanValue condition) {
        // A binding listens to its sources weakly: the node keeps it, or it would be collected and stop updating.
        node.getProperties().put(pseudoClass, condition);
        node.pseudoClassStateChanged(pseudoClass, condition.get());
        condition.addListener((obs, was, now) -> node.pseudoClassStateChanged(pseudoClass, now));
    }

    @FXML
    private void addProvider() {
        model.addProvider();
    }

    @FXML
    private void save() {
        model.save();
    }

    @FXML
    private void reloadOutside() {
        model.reloadOutside();
    }

    @FXML
    private void discard() {
        model.discard();
    }

    @FXML
    private void confirmSwitch() {
        model.confirmSwitch();
    }

    @FXML
    private void cancelSwitch() {
        model.cancelSwitch();
    }

    @FXML
    private void dismissMessage() {
        model.dismissMessage();
    }

    private static String styleClass(PageStatus.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    @FXML
    private void addIp() {
        if (model.addAllowedIp()) {
            newIpField.requestFocus();
        }
    }

    @FXML
    private void removeIp() {
        String entry = ipList.getSelectionModel().getSelectedItem();
        if (entry != null) {
            model.removeAllowedIp(entry);
        }
    }

    @FXML
    private void saveToken() {
        model.saveToken();
    }

    @FXML
    private void verifyChain() {
        model.audit().verify();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public boolean focusSearch() {
        tabs.getSelectionModel().select(auditTab);
        auditFilterField.requestFocus();
        return true;
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public boolean hasUnsavedChanges() {
        return model.hasUnsavedChanges();
    }

    /** The page was left, the theme changed or the console locked: the status line's notice and the switch question go. */
    @Override
    public void dismissNotices() {
        model.dismissNotices();
    }

    /** A provider's name, with a dot when it is the one with unsaved changes. */
    private final class ProviderCell extends ListCell<String> {
        private final FontIcon dot = new FontIcon("mdi2c-circle-medium");

        ProviderCell() {
            dot.getStyleClass().add("dirty-dot");
            setContentDisplay(ContentDisplay.RIGHT);
        }

        @Override
        protected void updateItem(String provider, boolean empty) {
            super.updateItem(provider, empty);
            boolean dirty = !empty && provider != null && provider.equals(model.selectedProperty().get())
                    && model.form().dirtyProperty().get();
            setText(empty ? null : provider);
            setGraphic(dirty ? dot : null);
            setTooltip(dirty ? new Tooltip("Unsaved changes") : null);
            pseudoClassStateChanged(DIRTY, dirty);
        }
    }
}
