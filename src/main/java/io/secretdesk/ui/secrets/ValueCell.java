package io.secretdesk.ui.secrets;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

/**
 * The Secrets table's value column: the masked value, or the value while revealed (in the accent colour; the
 * reveal toggle counts down).
 */
final class ValueCell extends RevealAwareCell {
    private static final PseudoClass REVEALED = PseudoClass.getPseudoClass("revealed");

    private final Label value = new Label();
    private final Tooltip whole = new Tooltip();

    ValueCell() {
        value.getStyleClass().add("secret-value");
        value.setMinWidth(0);
        // A long token may not fit the column: while revealed, the tooltip shows all of it.
        whole.getStyleClass().add("secret-value-tooltip");
    }

    @Override
    void clear() {
        value.textProperty().unbind();
        whole.textProperty().unbind();
        value.setTooltip(null);
    }

    @Override
    void show(SecretRow row) {
        value.textProperty().bind(row.shownProperty());
        whole.textProperty().bind(row.shownProperty());
        setGraphic(value);
    }

    @Override
    void revealed(boolean revealed) {
        value.pseudoClassStateChanged(REVEALED, revealed);
        value.setTooltip(revealed ? whole : null);
    }
}
