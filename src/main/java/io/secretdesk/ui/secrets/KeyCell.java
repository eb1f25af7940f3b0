package io.secretdesk.ui.secrets;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/** The Secrets table's key column: the key, with the sources that could not answer for it in the tooltip. */
final class KeyCell extends TableCell<SecretRow, String> {
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
