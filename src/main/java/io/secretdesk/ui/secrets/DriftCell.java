package io.secretdesk.ui.secrets;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/**
 * The Secrets table's drift column (shown with the Drift toggle): per source a letter, the same letter for the same
 * value, – where a source lacks the key, ? where it could not answer. Letters only: values are compared by digest in
 * core and never reach this cell.
 */
final class DriftCell extends TableCell<SecretRow, SecretRow> {

    DriftCell() {
        getStyleClass().add("drift-cell");
    }

    @Override
    protected void updateItem(SecretRow row, boolean empty) {
        super.updateItem(row, empty);
        getStyleClass().remove("drifted");
        if (empty || row == null) {
            setText(null);
            setTooltip(null);
            setAccessibleText(null);
            return;
        }
        String text = row.driftText();
        setText(text);
        if (row.drifted()) {
            getStyleClass().add("drifted");
        }
        String meaning = row.drifted() ? row.key() + " drifts: " + text : row.key() + " is the same in every source: " + text;
        setTooltip(new Tooltip(meaning + "\nSame letter, same value (compared by digest); – lacks the key; ? could not answer."));
        setAccessibleText(meaning);
    }
}
