package io.secretdesk.ui.secrets;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;

/**
 * A small spinner for the Secrets view, built only when first needed: a spinner's skin is costly, and the
 * first frame does not need one.
 */
final class LazySpinner {

    private LazySpinner() {
    }

    /** Adds a small spinner to {@code box} at {@code index}, the first time {@code busy} holds, shown while it does. */
    static void addWhen(HBox box, int index, ObservableBooleanValue busy) {
        Runnable build = () -> {
            ProgressIndicator spinner = new ProgressIndicator();
            spinner.getStyleClass().add("small-spinner");
            spinner.visibleProperty().bind(busy);
            spinner.managedProperty().bind(busy);
            box.getChildren().add(Math.min(index, box.getChildren().size()), spinner);
        };
        if (busy.get()) {
            build.run();
            return;
        }
        busy.addListener(new ChangeListener<Boolean>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> obs, Boolean was, Boolean now) {
                if (now) {
                    busy.removeListener(this);
                    build.run();
                }
            }
        });
    }
}
