package io.secretdesk.ui.secrets;

import io.secretdesk.ui.common.SecretField;
import javafx.scene.control.TableCell;

/**
 * The Secrets table's value column: the row's {@link SecretField} (masked value, reveal with its countdown, the whole
 * value in a popover, copy through the clipboard guard). The field is reused as the cell shows other rows.
 */
final class ValueCell extends TableCell<SecretRow, SecretRow> {

    private final SecretField field = SecretField.display();

    @Override
    protected void updateItem(SecretRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            field.show(null);
            setGraphic(null);
            return;
        }
        field.show(row.secret());
        setGraphic(field);
    }
}
