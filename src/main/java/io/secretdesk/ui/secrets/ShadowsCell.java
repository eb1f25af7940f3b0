package io.secretdesk.ui.secrets;

import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/** The Secrets table's shadows column: the other sources that hold the key, whose values are not used; a dash when none. */
final class ShadowsCell extends TableCell<SecretRow, String> {
    ShadowsCell() {
        getStyleClass().add("shadows-cell");
    }

    @Override
    protected void updateItem(String shadows, boolean empty) {
        super.updateItem(shadows, empty);
        setText(empty || shadows == null ? null : shadows.isEmpty() ? "—" : shadows);
        setTooltip(empty || shadows == null || shadows.isEmpty() ? null
                : new Tooltip("Also held by " + shadows + ", whose value is not used: a source higher in the chain wins."));
    }
}
