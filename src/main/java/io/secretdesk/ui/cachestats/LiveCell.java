package io.secretdesk.ui.cachestats;

import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ObservableValue;
import javafx.geometry.VPos;
import javafx.scene.control.TableCell;
import javafx.scene.text.Text;

/**
 * A right-aligned table cell that shows one property of its row, formatted, and follows it by itself.
 *
 * <p>Why not a plain cell bound to the property: a TableCell asks for a layout pass on every change of its
 * value, a Labeled's skin re-adds its text node on every change of its text, and the table then restyles
 * each touched row with CSS: kilobytes of garbage per row, every second, for a countdown. Here the cell's
 * value is the row itself, which never changes; the cell listens to the property and sets the string of an
 * unmanaged {@link Text} child of its own, which only repaints. FX thread only.
 *
 * @param <S> the row type
 * @param <T> the property's type
 */
final class LiveCell<S, T> extends TableCell<S, S> {

    private final Function<? super S, ? extends ObservableValue<? extends T>> property;
    private final Function<? super T, String> format;
    private final Text text = new Text();
    private final InvalidationListener onChange = observable -> show();
    private ObservableValue<? extends T> watched;

    LiveCell(Function<? super S, ? extends ObservableValue<? extends T>> property, Function<? super T, String> format) {
        this.property = property;
        this.format = format;
        text.setManaged(false);
        text.setTextOrigin(VPos.CENTER);
        text.getStyleClass().add("cell-text");
    }

    @Override
    protected void updateItem(S row, boolean empty) {
        super.updateItem(row, empty);
        setText(null);
        setGraphic(null);
        if (watched != null) {
            watched.removeListener(onChange);
            watched = null;
        }
        if (empty || row == null) {
            text.setText("");
            return;
        }
        watched = property.apply(row);
        watched.addListener(onChange);
        show();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        // Added here, not in the constructor: the skin sets the children when it is built.
        if (text.getParent() != this) {
            getChildren().add(text);
        }
        place();
    }

    private void show() {
        // Reading the value also re-arms the invalidation listener.
        T value = watched.getValue();
        text.setText(value == null ? "" : format.apply(value));
        place();
    }

    private void place() {
        text.setX(getWidth() - snappedRightInset() - text.getLayoutBounds().getWidth());
        text.setY(snappedTopInset() + (getHeight() - snappedTopInset() - snappedBottomInset()) / 2);
    }

    /** What the cell shows, or null when it is empty; for tests. */
    String shown() {
        return watched == null ? null : text.getText();
    }
}
