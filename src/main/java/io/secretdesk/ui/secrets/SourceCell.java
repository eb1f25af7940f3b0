package io.secretdesk.ui.secrets;

import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/** The Secrets table's source column: the winning source as a chip, with where it reads in the tooltip. */
final class SourceCell extends TableCell<SecretRow, String> {
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
