package io.secretdesk.ui.pricing;

import java.util.Objects;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.WritableValue;
import javafx.css.PseudoClass;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;

/**
 * An editable text cell of the pricing table: shows a formatted value and edits the raw text. What is typed
 * reaches the row at once (so validation, cost per hour and Save follow the typing); Enter or leaving the
 * cell ends the edit, Escape puts the value from before it back. Carries the {@code :invalid} pseudo-class
 * while its row marks it as wrong.
 */
final class EditCell extends TableCell<PriceRow, String> {

    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final Function<PriceRow, ObservableBooleanValue> invalid;
    private final Function<PriceRow, String> shown;
    private final InvalidationListener markListener = obs -> mark();
    private ObservableBooleanValue watched;
    private TextField field;
    private boolean escaping;
    private String before;

    /**
     * @param invalid the row's flag that marks this cell
     * @param shown   the text shown when not editing (e.g. "$0.000975/s")
     */
    EditCell(String styleClass, Function<PriceRow, ObservableBooleanValue> invalid, Function<PriceRow, String> shown) {
        this.invalid = invalid;
        this.shown = shown;
        getStyleClass().add(styleClass);
    }

    @Override
    public void startEdit() {
        super.startEdit();
        if (!isEditing()) {
            return;
        }
        if (field == null) {
            field = new TextField();
            field.setOnKeyPressed(event -> {
                if (event.getCode() == KeyCode.ENTER) {
                    commitEdit(field.getText());
                    event.consume();
                } else if (event.getCode() == KeyCode.ESCAPE) {
                    escaping = true;
                    try {
                        write(before);
                        cancelEdit();
                    } finally {
                        escaping = false;
                    }
                    event.consume();
                }
            });
            field.textProperty().addListener((obs, old, now) -> {
                if (isEditing()) {
                    write(now);
                }
            });
            field.focusedProperty().addListener((obs, was, focused) -> {
                if (!focused && isEditing()) {
                    commitEdit(field.getText());
                }
            });
        }
        before = getItem();
        field.setText(getItem());
        setText(null);
        setGraphic(field);
        field.requestFocus();
        field.selectAll();
    }

    @Override
    public void cancelEdit() {
        if (!escaping && isEditing() && field != null) {
            // The table cancels an edit when another cell starts one or the rows change: keep what was typed.
            commitEdit(field.getText());
            return;
        }
        super.cancelEdit();
        showValue();
    }

    @Override
    public void commitEdit(String value) {
        super.commitEdit(value);
        showValue();
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        watch(empty ? null : row());
        if (isEditing() && field != null) {
            if (!Objects.equals(field.getText(), item)) {
                field.setText(item); // only when changed elsewhere: setting it resets the caret
            }
            setText(null);
            setGraphic(field);
        } else {
            showValue();
        }
    }

    /** Puts {@code text} in the row's property the column shows. */
    @SuppressWarnings("unchecked")
    private void write(String text) {
        if (getTableColumn() != null && getCellObservableValue() instanceof WritableValue<?> writable) {
            ((WritableValue<String>) writable).setValue(text);
        }
    }

    private Object getCellObservableValue() {
        int index = getIndex();
        return index < 0 ? null : getTableColumn().getCellObservableValue(index);
    }

    private void showValue() {
        PriceRow row = isEmpty() ? null : row();
        setGraphic(null);
        setText(row == null ? null : shown.apply(row));
        mark();
    }

    private PriceRow row() {
        int index = getIndex();
        var items = getTableView() == null ? null : getTableView().getItems();
        return items == null || index < 0 || index >= items.size() ? null : items.get(index);
    }

    private void watch(PriceRow row) {
        ObservableBooleanValue next = row == null ? null : invalid.apply(row);
        if (next != watched) {
            if (watched != null) {
                watched.removeListener(markListener);
            }
            watched = next;
            if (watched != null) {
                watched.addListener(markListener);
            }
        }
        mark();
    }

    private void mark() {
        pseudoClassStateChanged(INVALID, watched != null && watched.get());
    }
}
