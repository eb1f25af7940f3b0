package io.secretdesk.ui.usercredentials;

import io.secretdesk.core.store.UserCredential;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;

/** The badge column: {@code STALE} on a credential last set more than 90 days ago, with why in its tooltip. */
final class StaleCell extends TableCell<CredentialRow, CredentialRow> {

    private final Label badge = new Label("STALE");

    StaleCell() {
        getStyleClass().add("stale-cell");
        badge.getStyleClass().add("stale-badge");
        badge.setMinWidth(Label.USE_PREF_SIZE);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(CredentialRow row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null || !row.stale()) {
            setGraphic(null);
            badge.setTooltip(null);
            return;
        }
        badge.setTooltip(new Tooltip("Last set " + row.ageDays() + " days ago ("
                + (row.credential().updatedAt() == null ? "created, never updated" : "updated") + "); SimpleTuner counts a "
                + "credential older than " + UserCredential.STALE_AFTER.toDays() + " days as stale. Set a new value to rotate it."));
        setGraphic(badge);
    }
}
