package io.secretdesk.ui.secrets;

import javafx.beans.value.ChangeListener;
import javafx.scene.control.TableCell;

/**
 * A Secrets table cell that follows its row's reveal state ({@link ValueCell}, {@link ActionsCell}). Cells are reused for other rows, so the one listener moves
 * with the item instead of piling up on every row the cell has shown.
 */
abstract class RevealAwareCell extends TableCell<SecretRow, SecretRow> {
    private final ChangeListener<Boolean> onReveal = (obs, was, now) -> revealed(now);
    private SecretRow watched;

    @Override
    protected final void updateItem(SecretRow row, boolean empty) {
        super.updateItem(row, empty);
        if (watched != null) {
            watched.revealedProperty().removeListener(onReveal);
            watched = null;
        }
        if (empty || row == null) {
            clear();
            setGraphic(null);
            return;
        }
        watched = row;
        row.revealedProperty().addListener(onReveal);
        show(row);
        revealed(row.revealedProperty().get());
    }

    abstract void clear();

    abstract void show(SecretRow row);

    abstract void revealed(boolean revealed);
}
