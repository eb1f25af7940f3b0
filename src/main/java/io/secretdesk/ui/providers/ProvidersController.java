package io.secretdesk.ui.providers;

import atlantafx.base.theme.Styles;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.ui.shell.ShellPage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
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
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
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
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ProvidersViewModel model;
    private final LegacyImport legacy;
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
    @FXML private HBox legacyBar;
    @FXML private Label legacyLabel;
    @FXML private Button legacyImportButton;
    @FXML private Label blockedLabel;
    @FXML private Label switchLabel;
    @FXML private Label messageLabel;
    @FXML private VBox form;
    @FXML private GridPane webhookGrid;
    @FXML private TextField webhookUrlField;
    @FXML private Label urlProblemLabel;
    @FXML private PasswordField webhookSecretField;
    @FXML private TextField webhookSecretShown;
    @FXML private ToggleButton showSecretToggle;
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
    @FXML private PasswordField tokenField;
    @FXML private TextField tokenShown;
    @FXML private ToggleButton showTokenToggle;
    @FXML private Button saveTokenButton;
    @FXML private Label tokenHintLabel;
    @FXML private Label credentialsLabel;
    @FXML private TextField auditFilterField;
    @FXML private Button verifyButton;
    @FXML private Label verdictLabel;
    @FXML private TableView<AuditEntry> auditTable;
    @FXML private TableColumn<AuditEntry, Long> seqColumn;
    @FXML private TableColumn<AuditEntry, String> timeColumn;
    @FXML private TableColumn<AuditEntry, String> actorColumn;
    @FXML private TableColumn<AuditEntry, String> actionColumn;
    @FXML private TableColumn<AuditEntry, String> targetColumn;
    @FXML private TableColumn<AuditEntry, String> detailsColumn;
    @FXML private Label auditSummaryLabel;

    public ProvidersController(ProvidersViewModel model) {
        this(model, null);
    }

    /** @param legacy the banner for configs an earlier SecretDesk kept in console.db, or null for none */
    public ProvidersController(ProvidersViewModel model, LegacyImport legacy) {
        this.model = Objects.requireNonNull(model, "model");
        this.legacy = legacy;
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
        providerList.setItems(model.providers());
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
            showSecretToggle.setSelected(false);
            showTokenToggle.setSelected(false);
        });
        model.dirtyProperty().addListener(obs -> providerList.refresh());
        newProviderField.textProperty().bindBidirectional(model.newProviderNameProperty());
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
        showWhen(unsavedLabel, model.dirtyProperty());
        showWhen(reloadOutsideButton, model.outsidePendingProperty());
        reloadOutsideButton.disableProperty().bind(model.workingProperty());
        saveButton.disableProperty().bind(model.canSave().not());
        discardButton.disableProperty().bind(model.dirtyProperty().not().or(model.workingProperty()));
        showWhen(switchBar, model.pendingSwitchProperty().isNotNull());
        switchLabel.textProperty().bind(Bindings.createStringBinding(() -> model.selectedProperty().get()
                + " has unsaved changes. Discard them and open " + model.pendingSwitchProperty().get() + "?",
                model.selectedProperty(), model.pendingSwitchProperty()));
        blockedLabel.textProperty().bind(Bindings.concat("Cannot save yet: ", model.problemProperty()));
        showWhen(blockedLabel, model.problemProperty().isNotEmpty().and(model.dirtyProperty()));
        messageLabel.textProperty().bind(model.messageProperty());
        showWhen(messageLabel, model.messageProperty().isNotEmpty());
        pseudoClassWhen(messageLabel, ERROR, model.messageIsErrorProperty());
        pseudoClassWhen(messageLabel, OK, model.messageIsErrorProperty().not());
        form.disableProperty().bind(model.loadedProperty().not().or(model.workingProperty()));
    }

    private void bindWebhook() {
        webhookGrid.disableProperty().bind(model.webhookInFormProperty().not());
        showWhen(webhookInJsonLabel, model.webhookInFormProperty().not());
        webhookUrlField.textProperty().bindBidirectional(model.webhookUrlProperty());
        problemLabel(urlProblemLabel, webhookUrlField, model.urlProblemProperty());
        maskedField(webhookSecretField, webhookSecretShown, showSecretToggle, model.webhookSecretProperty());
        requireSignatureBox.selectedProperty().bindBidirectional(model.requireSignatureProperty());
        ipList.setItems(model.allowedIps());
        ipList.setPlaceholder(new Label("Any address may call the webhook."));
        removeIpButton.disableProperty().bind(ipList.getSelectionModel().selectedItemProperty().isNull());
        newIpField.textProperty().bindBidirectional(model.newIpProperty());
        newIpField.textProperty().addListener((obs, old, now) -> newIpField.pseudoClassStateChanged(Styles.STATE_DANGER,
                now != null && !now.isBlank() && IpRanges.problem(now).isPresent()));
        problemLabel(ipsProblemLabel, ipList, model.ipsProblemProperty());
    }

    private void bindCostLimit() {
        costGrid.disableProperty().bind(model.costInFormProperty().not());
        showWhen(costInJsonLabel, model.costInFormProperty().not());
        costEnabledBox.selectedProperty().bindBidirectional(model.costLimitEnabledProperty());
        costAmountField.textProperty().bindBidirectional(model.costLimitAmountProperty());
        costPeriodBox.getItems().setAll(ProvidersViewModel.PERIODS);
        costPeriodBox.valueProperty().bindBidirectional(model.costLimitPeriodProperty());
        costActionBox.getItems().setAll(ProvidersViewModel.ACTIONS);
        costActionBox.valueProperty().bindBidirectional(model.costLimitActionProperty());
        for (Node field : new Node[] {costAmountField, costPeriodBox, costActionBox}) {
            field.disableProperty().bind(model.costLimitEnabledProperty().not());
        }
        problemLabel(costProblemLabel, costAmountField, model.costProblemProperty());
    }

    private void bindJsonAndToken() {
        jsonArea.textProperty().bindBidirectional(model.extraJsonProperty());
        problemLabel(jsonProblemLabel, jsonArea, model.jsonProblemProperty());

        tokenKeyLabel.textProperty().bind(model.tokenKeyProperty());
        tokenSourceLabel.textProperty().bind(model.tokenSourceProperty());
        pseudoClassWhen(tokenSourceLabel, OVERRIDDEN, model.tokenOverriddenProperty());
        maskedField(tokenField, tokenShown, showTokenToggle, model.tokenInputProperty());
        saveTokenButton.disableProperty().bind(model.tokenInputProperty().isEmpty().or(model.workingProperty()));
        tokenHintLabel.textProperty().bind(model.tokenHintProperty());
        showWhen(tokenHintLabel, model.tokenHintProperty().isNotEmpty());
        credentialsLabel.textProperty().bind(model.credentialsSummaryProperty());
    }

    private void bindAudit() {
        AuditTrail audit = model.audit();
        auditTable.setItems(audit.shown());
        auditTable.setPlaceholder(new Label("No audit entries match."));
        auditTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        seqColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().seq()));
        timeColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(TIME.format(cell.getValue().at())));
        actorColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().actor()));
        actionColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().action()));
        targetColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().target()));
        detailsColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(AuditTrail.readable(cell.getValue().details())));
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
            protected void updateItem(AuditEntry entry, boolean empty) {
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
        auditTab.selectedProperty().addListener((obs, was, now) -> {
            if (now) {
                audit.refresh();
            }
        });
    }

    /** A secret's field: masked by default, shown in plain text while the eye toggle is on. */
    private static void maskedField(PasswordField masked, TextField shown, ToggleButton toggle,
                                    StringProperty value) {
        masked.textProperty().bindBidirectional(value);
        shown.textProperty().bindBidirectional(value);
        showWhen(shown, toggle.selectedProperty());
        showWhen(masked, toggle.selectedProperty().not());
        FontIcon icon = new FontIcon("mdi2e-eye");
        toggle.setGraphic(icon);
        toggle.selectedProperty().addListener((obs, was, now) -> {
            icon.setIconLiteral(now ? "mdi2e-eye-off" : "mdi2e-eye");
            (now ? shown : masked).requestFocus();
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
                    && model.dirtyProperty().get();
            setText(empty ? null : provider);
            setGraphic(dirty ? dot : null);
            setTooltip(dirty ? new Tooltip("Unsaved changes") : null);
            pseudoClassStateChanged(DIRTY, dirty);
        }
    }
}
