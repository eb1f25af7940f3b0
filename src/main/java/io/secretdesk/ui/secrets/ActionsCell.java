package io.secretdesk.ui.secrets;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The Secrets table's actions column: reveal, copy, edit and delete for one row, forwarded to the view model.
 * {@code afterEdit} runs after Edit opened the editor (the view focuses the value field).
 */
final class ActionsCell extends RevealAwareCell {
    /** Wide enough for the eye and "10 s", so copy/edit/delete stay in the same place on every row. */
    private static final double REVEAL_WIDTH = 52;

    private final SecretsViewModel model;
    private final Runnable afterEdit;
    private final FontIcon eye = new FontIcon("mdi2e-eye-outline");
    private final ToggleButton reveal = new ToggleButton(null, eye);
    private final Button copy = iconButton("mdi2c-content-copy", "Copy the value without showing it (Ctrl+C); the clipboard is cleared after the countdown", "copy-button");
    private final Button edit = iconButton("mdi2p-pencil-outline", "Set a new value in the secrets file", "edit-button");
    private final Button delete = iconButton("mdi2d-delete-outline", "Delete from the secrets file (Delete)", "delete-button");
    private final HBox box = new HBox(2, reveal, copy, edit, delete);

    ActionsCell(SecretsViewModel model, Runnable afterEdit) {
        this.model = model;
        this.afterEdit = afterEdit;
        reveal.getStyleClass().addAll("button-icon", "flat", "row-action", "reveal-button");
        reveal.setTooltip(new Tooltip("Show the value for " + SecretsViewModel.REVEAL_FOR.toSeconds() + " s"));
        reveal.setFocusTraversable(false);
        reveal.setMinWidth(REVEAL_WIDTH);
        reveal.setPrefWidth(REVEAL_WIDTH);
        reveal.setAlignment(Pos.CENTER_LEFT);
        box.setAlignment(Pos.CENTER_LEFT);
        reveal.setOnAction(event -> {
            if (getItem() != null) {
                model.toggleReveal(getItem());
                revealed(getItem().revealedProperty().get());
            }
        });
        copy.setOnAction(event -> {
            if (getItem() != null) {
                model.copy(getItem());
            }
        });
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
    void clear() {
        reveal.textProperty().unbind();
        reveal.setText(null);
    }

    @Override
    void show(SecretRow row) {
        // While revealed, the toggle counts down to the moment the value is masked again.
        reveal.textProperty().bind(Bindings.createStringBinding(() -> row.revealedProperty().get()
                ? row.secondsLeftProperty().get() + " s" : null, row.revealedProperty(), row.secondsLeftProperty()));
        reveal.setDisable(!row.hasValue());
        copy.setDisable(!row.hasValue());
        delete.setDisable(!row.heldByFile());
        setGraphic(box);
    }

    @Override
    void revealed(boolean revealed) {
        reveal.setSelected(revealed);
        eye.setIconLiteral(revealed ? "mdi2e-eye-off-outline" : "mdi2e-eye-outline");
        reveal.getTooltip().setText(revealed ? "Mask the value now (it is masked again when the countdown ends)"
                : "Show the value for " + SecretsViewModel.REVEAL_FOR.toSeconds() + " s");
    }

    private static Button iconButton(String literal, String tooltip, String id) {
        Button button = new Button(null, new FontIcon(literal));
        button.getStyleClass().addAll("button-icon", "flat", "row-action", id);
        button.setTooltip(new Tooltip(tooltip));
        button.setFocusTraversable(false);
        return button;
    }
}
