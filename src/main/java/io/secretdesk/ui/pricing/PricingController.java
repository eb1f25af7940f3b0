package io.secretdesk.ui.pricing;

import io.secretdesk.ui.shell.ShellPage;
import java.util.List;
import java.util.Objects;
import javafx.beans.value.ObservableBooleanValue;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Binds the Hardware Pricing view ({@code PricingView.fxml}) to its {@link PricingViewModel} and is the page
 * the shell shows under "pricing": F5 reloads (keeping unsaved edits).
 */
public final class PricingController implements ShellPage {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");

    private final PricingViewModel model;

    @FXML private VBox root;
    @FXML private HBox toolbar;
    @FXML private Button addButton;
    @FXML private Button removeButton;
    @FXML private Button resetButton;
    @FXML private Button clearCacheButton;
    @FXML private Label unsavedLabel;
    @FXML private Button discardButton;
    @FXML private Button reloadOutsideButton;
    @FXML private Button saveButton;
    @FXML private Label sourceLabel;
    @FXML private Label problemLabel;
    @FXML private Label messageLabel;
    @FXML private HBox messageBox;
    @FXML private TableView<PriceRow> table;
    @FXML private TableColumn<PriceRow, String> idColumn;
    @FXML private TableColumn<PriceRow, String> nameColumn;
    @FXML private TableColumn<PriceRow, String> costColumn;
    @FXML private TableColumn<PriceRow, String> hourColumn;

    public PricingController(PricingViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @FXML
    private void initialize() {
        table.setItems(model.rows());
        table.setPlaceholder(new Label("No hardware types: add a row, or reset to the defaults."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        idColumn.setCellValueFactory(cell -> cell.getValue().idProperty());
        idColumn.setCellFactory(column -> new EditCell("id-cell", PriceRow::idInvalidProperty, row -> row.idProperty().get()));
        nameColumn.setCellValueFactory(cell -> cell.getValue().nameProperty());
        nameColumn.setCellFactory(column -> new EditCell("name-cell", PriceRow::nameInvalidProperty, row -> row.nameProperty().get()));
        costColumn.setCellValueFactory(cell -> cell.getValue().costPerSecondProperty());
        costColumn.setCellFactory(column -> new EditCell("cost-cell", PriceRow::costInvalidProperty, PriceRow::costPerSecondShown));
        hourColumn.setCellValueFactory(cell -> cell.getValue().costPerHourProperty());
        hourColumn.setCellFactory(column -> {
            TableCell<PriceRow, String> cell = new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                }
            };
            cell.getStyleClass().add("hour-cell");
            return cell;
        });

        removeButton.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(model.workingProperty()));
        addButton.disableProperty().bind(model.loadedProperty().not().or(model.workingProperty()));
        resetButton.disableProperty().bind(model.loadedProperty().not().or(model.workingProperty()));
        clearCacheButton.disableProperty().bind(model.workingProperty());
        saveButton.disableProperty().bind(model.canSave().not());
        discardButton.disableProperty().bind(model.dirtyProperty().not().or(model.workingProperty()));
        showWhen(unsavedLabel, model.dirtyProperty());
        showWhen(reloadOutsideButton, model.outsidePendingProperty());
        reloadOutsideButton.disableProperty().bind(model.workingProperty());
        sourceLabel.textProperty().bind(model.sourceProperty());
        problemLabel.textProperty().bind(model.problemProperty());
        showWhen(problemLabel, model.problemProperty().isNotEmpty());
        messageLabel.textProperty().bind(model.messageProperty());
        showWhen(messageBox, model.messageProperty().isNotEmpty());
        messageBox.pseudoClassStateChanged(OK, true);
        model.messageIsErrorProperty().addListener((obs, was, error) -> {
            messageBox.pseudoClassStateChanged(ERROR, error);
            messageBox.pseudoClassStateChanged(OK, !error);
        });
        compactWhenNarrow();
        model.refresh();
    }

    /**
     * Below the width the toolbar needs with every label (about 1040 px of window), the secondary buttons show their
     * icon only (their tooltips and accessible names still say what they do), so Save is never pushed out of sight.
     */
    private void compactWhenNarrow() {
        List<Button> secondary = List.of(removeButton, resetButton, clearCacheButton);
        double[] full = {-1};
        toolbar.setMinWidth(0);
        toolbar.widthProperty().addListener((obs, old, width) -> {
            boolean compact = secondary.get(0).getContentDisplay() == ContentDisplay.GRAPHIC_ONLY;
            if (!compact) {
                full[0] = toolbar.prefWidth(-1); // measured with the labels shown
            }
            boolean narrow = full[0] > 0 && width.doubleValue() < full[0];
            if (narrow != compact) {
                secondary.forEach(button -> button.setContentDisplay(narrow ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT));
            }
        });
    }

    private static void showWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }

    @FXML
    private void addRow() {
        PriceRow row = model.addRow();
        int index = model.rows().indexOf(row);
        table.getSelectionModel().select(index);
        table.scrollTo(index);
        table.requestFocus();
        table.edit(index, idColumn);
    }

    @FXML
    private void removeRow() {
        PriceRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            model.removeRow(row);
        }
    }

    @FXML
    private void resetToDefaults() {
        model.resetToDefaults();
    }

    @FXML
    private void clearCache() {
        model.clearCache();
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
    private void save() {
        model.save();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        model.refresh();
    }

    @Override
    public boolean hasUnsavedChanges() {
        return model.dirtyProperty().get();
    }

    @FXML
    private void dismissMessage() {
        model.dismissMessage();
    }

    /** The page was left, the theme changed or the console locked: what the last action said goes. */
    @Override
    public void dismissNotices() {
        model.dismissMessage();
    }
}
