package io.secretdesk.ui.usercredentials;

import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.SecretField;
import io.secretdesk.ui.shell.ShellPage;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Binds the User Credentials view ({@code UserCredentialsView.fxml}) to its {@link UserCredentialsViewModel} and is the
 * page the shell shows under "usercredentials": Ctrl+F goes to the user filter, F5 reads the table again, and a typed,
 * unsaved value counts as an unsaved edit.
 */
public final class UserCredentialsController implements ShellPage {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");
    private static final PseudoClass INACTIVE = PseudoClass.getPseudoClass("inactive");
    static final String ALL_USERS = "All users";

    private final UserCredentialsViewModel model;
    private final Reveals reveals;
    private final ClipboardGuard clipboard;

    @FXML private VBox root;
    @FXML private Label plaintextLabel;
    @FXML private Label storesLabel;
    @FXML private ComboBox<String> userFilter;
    @FXML private TextField serverUserField;
    @FXML private VBox setForm;
    @FXML private Label summaryLabel;
    @FXML private Button deactivateButton;
    @FXML private Button deleteButton;
    @FXML private Label sourceLabel;
    @FXML private Label problemLabel;
    @FXML private Label messageLabel;
    @FXML private HBox messageBox;
    @FXML private Node confirmBox;
    @FXML private Label confirmLabel;
    @FXML private Button confirmButton;
    @FXML private Button cancelButton;
    @FXML private TableView<CredentialRow> table;
    @FXML private TableColumn<CredentialRow, String> userColumn;
    @FXML private TableColumn<CredentialRow, String> providerColumn;
    @FXML private TableColumn<CredentialRow, String> nameColumn;
    @FXML private TableColumn<CredentialRow, String> activeColumn;
    @FXML private TableColumn<CredentialRow, String> createdColumn;
    @FXML private TableColumn<CredentialRow, String> updatedColumn;
    @FXML private TableColumn<CredentialRow, String> lastUsedColumn;
    @FXML private TableColumn<CredentialRow, String> ageColumn;
    @FXML private TableColumn<CredentialRow, CredentialRow> staleColumn;
    @FXML private ComboBox<String> userChoice;
    @FXML private ComboBox<String> providerChoice;
    @FXML private TextField nameField;
    @FXML private StackPane valueSlot;
    @FXML private Button setButton;
    @FXML private Label formHint;

    /**
     * @param reveals   the console's reveals (the value field's eye, masked again by the idle lock)
     * @param clipboard the console's clipboard guard (a copy out of a revealed value is cleared after the countdown)
     */
    public UserCredentialsController(UserCredentialsViewModel model, Reveals reveals, ClipboardGuard clipboard) {
        this.model = Objects.requireNonNull(model, "model");
        this.reveals = Objects.requireNonNull(reveals, "reveals");
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
    }

    @FXML
    private void initialize() {
        plaintextLabel.setText(UserCredentialsViewModel.PLAINTEXT_WARNING);
        storesLabel.setText(UserCredentialsViewModel.STORES_APART);
        bindTable();
        bindFilter();
        bindForm();
        bindMessages();
        model.refresh();
    }

    private void bindTable() {
        table.setItems(model.rows());
        table.setPlaceholder(new Label("No per-user credentials: set one below."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        text(userColumn, CredentialRow::user, "user-cell");
        text(providerColumn, CredentialRow::provider, "provider-cell");
        text(nameColumn, CredentialRow::name, "name-cell");
        text(activeColumn, row -> row.active() ? "yes" : "no", "active-cell");
        timed(createdColumn, CredentialRow::created, "created-cell");
        timed(updatedColumn, CredentialRow::updated, "updated-cell");
        timed(lastUsedColumn, CredentialRow::lastUsed, "last-used-cell");
        text(ageColumn, CredentialRow::age, "age-cell");
        ageColumn.setComparator((a, b) -> Long.compare(days(a), days(b)));
        staleColumn.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        staleColumn.setCellFactory(column -> new StaleCell());
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(CredentialRow row, boolean empty) {
                super.updateItem(row, empty);
                pseudoClassStateChanged(INACTIVE, !empty && row != null && !row.active());
            }
        });
        table.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.DELETE && selected() != null) {
                model.askDelete(selected());
                event.consume();
            }
        });
        var noSelection = table.getSelectionModel().selectedItemProperty().isNull();
        deactivateButton.disableProperty().bind(noSelection.or(model.workingProperty()).or(model.onServerProperty()));
        deleteButton.disableProperty().bind(noSelection.or(model.workingProperty()).or(model.onServerProperty()));
    }

    private static long days(String age) {
        try {
            return Long.parseLong(age.replace(" d", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void text(TableColumn<CredentialRow, String> column, Function<CredentialRow, String> value, String styleClass) {
        cells(column, value, styleClass, false);
    }

    /** A date column: the day in the cell, every time of the row to the minute in its tooltip. */
    private static void timed(TableColumn<CredentialRow, String> column, Function<CredentialRow, String> value, String styleClass) {
        cells(column, value, styleClass, true);
    }

    private static void cells(TableColumn<CredentialRow, String> column, Function<CredentialRow, String> value, String styleClass,
                              boolean times) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setCellFactory(c -> {
            TableCell<CredentialRow, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                    CredentialRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                    setTooltip(times && row != null ? new Tooltip(row.times()) : null);
                }
            };
            cell.getStyleClass().add(styleClass);
            return cell;
        });
    }

    /** The user filter: "All users", then SimpleTuner's users. */
    private void bindFilter() {
        ObservableList<String> choices = FXCollections.observableArrayList(ALL_USERS);
        model.users().addListener((ListChangeListener<String>) change -> {
            String chosen = model.userFilterProperty().get();
            choices.setAll(ALL_USERS);
            choices.addAll(model.users());
            userFilter.setValue(chosen == null ? ALL_USERS : chosen);
        });
        userFilter.setItems(choices);
        userFilter.setValue(ALL_USERS);
        userFilter.valueProperty().addListener((obs, was, now) ->
                model.userFilterProperty().set(now == null || now.equals(ALL_USERS) ? null : now));
        model.userFilterProperty().addListener((obs, was, now) -> userFilter.setValue(now == null ? ALL_USERS : now));
        // On a server: a user id instead of the user list (SimpleTuner's API has no list of users), and no changes.
        serverUserField.textProperty().bindBidirectional(model.serverUserProperty());
        showWhen(serverUserField, model.onServerProperty());
        showWhen(userFilter, model.onServerProperty().not());
        setForm.disableProperty().bind(model.onServerProperty());
        summaryLabel.textProperty().bind(model.summaryProperty());
        sourceLabel.textProperty().bind(model.sourceProperty());
    }

    private void bindForm() {
        userChoice.setItems(model.users());
        userChoice.valueProperty().bindBidirectional(model.userProperty());
        providerChoice.setItems(FXCollections.observableArrayList("replicate", "huggingface"));
        providerChoice.getEditor().textProperty().bindBidirectional(model.providerProperty());
        nameField.textProperty().bindBidirectional(model.nameProperty());
        SecretField valueField = SecretField.input("credential value", model.valueProperty(), reveals, clipboard,
                "Value (masked)");
        valueField.getStyleClass().add("value-field");
        valueField.setMaxWidth(Double.MAX_VALUE);
        valueField.lookupAll(".text-field").forEach(field -> ((TextField) field).setOnAction(event -> set()));
        valueSlot.getChildren().setAll(valueField);
        setButton.disableProperty().bind(model.canSet().not());
        formHint.setText("SimpleTuner reads replicate/api_token and huggingface/api_token for a user's jobs; without an "
                + "active one it uses the global REPLICATE_API_TOKEN or HF_TOKEN. Setting a value again updates it and "
                + "makes it active.");
    }

    private void bindMessages() {
        problemLabel.textProperty().bind(model.problemProperty());
        showWhen(problemLabel, model.problemProperty().isNotEmpty());
        messageLabel.textProperty().bind(model.messageProperty());
        showWhen(messageBox, model.messageProperty().isNotEmpty());
        messageBox.pseudoClassStateChanged(OK, true);
        model.messageIsErrorProperty().addListener((obs, was, error) -> {
            messageBox.pseudoClassStateChanged(ERROR, error);
            messageBox.pseudoClassStateChanged(OK, !error);
        });
        showWhen(confirmBox, model.pendingProperty().isNotNull());
        confirmLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            UserCredentialsViewModel.Pending pending = model.pendingProperty().get();
            return pending == null ? "" : pending.question();
        }, model.pendingProperty()));
        confirmButton.textProperty().bind(Bindings.createStringBinding(() -> {
            UserCredentialsViewModel.Pending pending = model.pendingProperty().get();
            return pending != null && pending.action() == UserCredentialsViewModel.Action.DEACTIVATE ? "Deactivate" : "Delete";
        }, model.pendingProperty()));
        model.pendingProperty().addListener((obs, was, now) -> {
            if (now != null) {
                cancelButton.requestFocus(); // Enter then never confirms by accident
            }
        });
    }

    private static void showWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }

    private CredentialRow selected() {
        return table.getSelectionModel().getSelectedItem();
    }

    @FXML
    private void listOnServer() {
        model.refresh();
    }

    @FXML
    private void deactivate() {
        if (selected() != null) {
            model.askDeactivate(selected());
        }
    }

    @FXML
    private void delete() {
        if (selected() != null) {
            model.askDelete(selected());
        }
    }

    @FXML
    private void confirm() {
        model.confirm();
        table.requestFocus();
    }

    @FXML
    private void cancel() {
        model.cancel();
        table.requestFocus();
    }

    @FXML
    private void set() {
        if (!model.workingProperty().get()) {
            model.set(); // says what is missing when the form is incomplete
        }
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public boolean focusSearch() {
        (model.onServerProperty().get() ? serverUserField : userFilter).requestFocus();
        return true;
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public boolean hasUnsavedChanges() {
        return model.hasTypedValue();
    }

    /** The badge column: {@code STALE} on a credential last set more than 90 days ago, with why in its tooltip. */
    private static final class StaleCell extends TableCell<CredentialRow, CredentialRow> {

        private final Label badge = new Label("STALE");

        StaleCell() {
            getStyleClass().add("stale-cell");
            badge.getStyleClass().add("stale-badge");
            badge.setMinWidth(Label.USE_PREF_SIZE);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(CredentialRow row, boolean empty) {
            super.updateItem(row, empty);
            boolean stale = !empty && row != null && row.stale();
            badge.setTooltip(stale ? new Tooltip(row.staleReason()) : null);
            setGraphic(stale ? badge : null);
        }
    }

    @FXML
    private void dismissMessage() {
        model.dismissMessage();
    }

    /** The page was left, the theme changed or the console locked: what the last action said goes with it. */
    @Override
    public void dismissNotices() {
        model.dismissMessage();
    }
}
