package io.secretdesk.ui.health;

import io.secretdesk.ui.shell.ShellPage;
import java.util.Objects;
import javafx.beans.property.SimpleStringProperty;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/** Binds the Health page: a summary line and one row per check, failed ones marked. */
public final class HealthController implements ShellPage {

    private final HealthViewModel model;

    @FXML private VBox root;
    @FXML private Label summaryLabel;
    @FXML private TableView<CheckRow> checkTable;
    @FXML private TableColumn<CheckRow, String> stateColumn;
    @FXML private TableColumn<CheckRow, String> nameColumn;
    @FXML private TableColumn<CheckRow, String> detailColumn;

    public HealthController(HealthViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @FXML
    private void initialize() {
        summaryLabel.textProperty().bind(model.summaryProperty());
        checkTable.setItems(model.checks());
        stateColumn.setCellValueFactory(row -> new SimpleStringProperty(row.getValue().state()));
        stateColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String state, boolean empty) {
                super.updateItem(state, empty);
                setText(empty ? null : state);
                getStyleClass().removeAll("state-ok", "state-warning", "state-failed");
                if (!empty && state != null) {
                    getStyleClass().add("state-" + state.toLowerCase(java.util.Locale.ROOT));
                }
            }
        });
        nameColumn.setCellValueFactory(row -> new SimpleStringProperty(row.getValue().name()));
        detailColumn.setCellValueFactory(row -> new SimpleStringProperty(row.getValue().detail()));
        detailColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String detail, boolean empty) {
                super.updateItem(detail, empty);
                setText(empty ? null : detail);
                setTooltip(empty || detail == null ? null : new javafx.scene.control.Tooltip(detail));
            }
        });
        model.refresh();
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
