package io.secretdesk.ui.secrets;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Secrets table's actions column: edit and delete for one row, forwarded to the view model (reveal and copy are
 * on the row's secret field). {@code afterEdit} runs after Edit opened the editor (the view focuses the value field).
 */
final class ActionsCell extends TableCell<SecretRow, SecretRow> {

    private final Button edit = iconButton("mdi2p-pencil-outline", "Set a new value in the secrets file (Enter)", "edit-button");
    private final Button delete = iconButton("mdi2d-delete-outline", "Delete from the secrets file (Delete)", "delete-button");
    private final Button details = iconButton("mdi2h-history", "Versions, every source's value, and edits in AWS or Vault",
            "details-button");
    private final HBox box = new HBox(2, edit, delete);

    /** @param openDetails opens the per-key detail pane; null when there is none */
    ActionsCell(SecretsViewModel model, Runnable afterEdit, java.util.function.Consumer<SecretRow> openDetails) {
        box.setAlignment(Pos.CENTER_LEFT);
        if (openDetails != null) {
            details.setAccessibleText("Versions and sources");
            details.setOnAction(event -> {
                if (getItem() != null) {
                    openDetails.accept(getItem());
                }
            });
            box.getChildren().add(details);
        }
        edit.setAccessibleText("Edit");
        delete.setAccessibleText("Delete");
        edit.setOnAction(event -> {
            if (getItem() != null) {
                model.edit(getItem());
                afterEdit.run();
            }
        });
        delete.setOnAction(event -> {
            if (getItem() != null) {
                model.requestDelete(getItem());
            }
        });
    }

    @Override
    protected void updateItem(SecretRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            setGraphic(null);
            return;
        }
        delete.setDisable(!row.heldByFile());
        setGraphic(box);
    }

    private static Button iconButton(String literal, String tooltip, String id) {
        Button button = new Button(null, new FontIcon(literal));
        button.getStyleClass().addAll("button-icon", "flat", "row-action", id);
        button.setTooltip(new Tooltip(tooltip));
        return button;
    }
}
