package io.secretdesk.ui.fleet;

import io.secretdesk.ui.shell.ShellPage;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/** Binds the Fleet page to its view model; open and unreachable servers are drawn in red. */
public final class FleetController implements ShellPage {

    private static final PseudoClass ATTENTION = PseudoClass.getPseudoClass("attention");

    private final FleetViewModel model;

    @FXML private VBox root;
    @FXML private Button checkButton;
    @FXML private Button removeButton;
    @FXML private Label messageLabel;
    @FXML private TableView<ServerRow> serverTable;
    @FXML private TableColumn<ServerRow, String> nameColumn;
    @FXML private TableColumn<ServerRow, String> versionColumn;
    @FXML private TableColumn<ServerRow, String> healthColumn;
    @FXML private TableColumn<ServerRow, String> secretsColumn;
    @FXML private TableColumn<ServerRow, String> chainColumn;
    @FXML private TableColumn<ServerRow, String> accessColumn;
    @FXML private TableColumn<ServerRow, String> restartColumn;
    @FXML private TableColumn<ServerRow, String> apiKeyColumn;
    @FXML private Label detailLabel;
    @FXML private TableView<DriftRow> driftTable;
    @FXML private TableColumn<DriftRow, String> sectionColumn;
    @FXML private TableColumn<DriftRow, String> keyColumn;
    @FXML private TableColumn<DriftRow, String> valuesColumn;
    @FXML private ComboBox<String> sourceBox;
    @FXML private ComboBox<String> providerBox;
    @FXML private TextField keysField;
    @FXML private Button applyButton;
    @FXML private ListView<String> resultList;
    @FXML private TextField nameField;
    @FXML private TextField urlField;
    @FXML private PasswordField keyField;
    @FXML private TextField caField;
    @FXML private CheckBox plainHttpBox;
    @FXML private CheckBox replaceBox;
    @FXML private Button addButton;

    public FleetController(FleetViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @FXML
    private void initialize() {
        messageLabel.textProperty().bind(model.messageProperty());
        checkButton.disableProperty().bind(model.checkingProperty());
        serverTable.setItems(model.rows());
        serverTable.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // A few words per cell, so the table fits 1024 px; the whole line is in the box under it and the row's tooltip.
        column(nameColumn, ServerRow::name);
        column(healthColumn, ServerRow::healthCell);
        column(versionColumn, ServerRow::version);
        column(secretsColumn, ServerRow::secretsCell);
        column(accessColumn, ServerRow::accessCell);
        column(apiKeyColumn, ServerRow::keyCell);
        column(chainColumn, ServerRow::chainCell);
        column(restartColumn, ServerRow::restartCell);
        restartColumn.getStyleClass().add("restart-needed");
        serverTable.setRowFactory(table -> new TableRow<>() {
            @Override
            protected void updateItem(ServerRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("open-row", "down-row");
                setTooltip(null);
                if (!empty && row != null) {
                    if (!row.reachable()) {
                        getStyleClass().add("down-row");
                    } else if (row.open()) {
                        getStyleClass().add("open-row");
                    }
                    Tooltip whole = new Tooltip(row.detail());
                    whole.setWrapText(true);
                    whole.setMaxWidth(640);
                    setTooltip(whole);
                }
            }
        });
        // The selected server in full; with none selected, the first that needs the operator (down first, then open, ...).
        ObjectBinding<ServerRow> detailed = Bindings.createObjectBinding(() -> {
            ServerRow selected = serverTable.getSelectionModel().getSelectedItem();
            return selected != null ? selected : model.rows().stream().filter(ServerRow::needsAttention)
                    .min(Comparator.comparing(ServerRow::reachable).thenComparing(row -> !row.open())).orElse(null);
        }, serverTable.getSelectionModel().selectedItemProperty(), model.rows());
        detailLabel.textProperty().bind(Bindings.createStringBinding(() -> detailed.get() == null ? ""
                : detailed.get().detail(), detailed));
        detailLabel.visibleProperty().bind(detailLabel.textProperty().isNotEmpty());
        detailLabel.managedProperty().bind(detailLabel.visibleProperty());
        detailed.addListener((obs, old, now) -> detailLabel.pseudoClassStateChanged(ATTENTION, now != null
                && (!now.reachable() || now.open())));
        detailLabel.getProperties().put("detailed", detailed); // keeps the binding (bindings listen weakly)
        driftTable.setItems(model.drift());
        sectionColumn.setCellValueFactory(row -> new SimpleStringProperty(row.getValue().section()));
        keyColumn.setCellValueFactory(row -> new SimpleStringProperty(row.getValue().key()));
        valuesColumn.setCellValueFactory(row -> new SimpleStringProperty(row.getValue().valuesText()));
        providerBox.getItems().setAll("replicate", "simpletuner_io");
        providerBox.setValue("replicate");
        model.rows().addListener((javafx.collections.ListChangeListener<ServerRow>) change -> {
            String kept = sourceBox.getValue();
            sourceBox.getItems().setAll(model.rows().stream().map(ServerRow::name).toList());
            sourceBox.setValue(sourceBox.getItems().contains(kept) ? kept : null);
        });
        resultList.setItems(model.applyResults());
        resultList.visibleProperty().bind(Bindings.isNotEmpty(model.applyResults())); // no empty box at 1024x700
        resultList.managedProperty().bind(resultList.visibleProperty());
        resultList.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty ? null : line);
                getStyleClass().remove("failed");
                if (!empty && line != null && line.startsWith("FAILED")) {
                    getStyleClass().add("failed");
                }
            }
        });
        model.refresh();
    }

    private static void column(TableColumn<ServerRow, String> column, Function<ServerRow, String> value) {
        column.setCellValueFactory(row -> new SimpleStringProperty(value.apply(row.getValue())));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
    }

    @FXML
    private void check() {
        model.refresh();
    }

    @FXML
    private void remove() {
        serverTable.getSelectionModel().getSelectedItems().stream().map(ServerRow::name).toList()
                .forEach(model::removeServer);
    }

    @FXML
    private void apply() {
        List<String> keys = keysField.getText() == null || keysField.getText().isBlank() ? List.of()
                : Arrays.stream(keysField.getText().split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
        List<String> to = serverTable.getSelectionModel().getSelectedItems().stream().map(ServerRow::name).toList();
        model.apply(sourceBox.getValue(), providerBox.getValue(), keys, to);
    }

    @FXML
    private void add() {
        model.addServer(nameField.getText(), urlField.getText(), keyField.getText(), caField.getText(),
                plainHttpBox.isSelected(), replaceBox.isSelected(), () -> {
                    nameField.clear();
                    urlField.clear();
                    keyField.clear();
                    caField.clear();
                });
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        model.refresh();
    }
}
