package io.secretdesk.ui.cachestats;

import java.time.Duration;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One key of the selected cache with the whole seconds its entry has left (rounded up), as the keys list
 * shows it. Keys are not secret; the value is never read. Updated in place each tick; FX thread only.
 */
public final class KeyRow {

    private final String key;
    private final ReadOnlyStringWrapper keyValue;
    private final ReadOnlyLongWrapper secondsLeft = new ReadOnlyLongWrapper(this, "secondsLeft");

    KeyRow(String key) {
        this.key = key;
        this.keyValue = new ReadOnlyStringWrapper(this, "key", key);
    }

    public String key() {
        return key;
    }

    /** The key, as a property for the table (it never changes). */
    public ReadOnlyStringProperty keyProperty() {
        return keyValue.getReadOnlyProperty();
    }

    /** Whole seconds until the entry expires, rounded up (an entry with 0.2 s left shows 1). */
    public ReadOnlyLongProperty secondsLeftProperty() {
        return secondsLeft.getReadOnlyProperty();
    }

    void timeLeft(Duration left) {
        secondsLeft.set(left.getSeconds() + (left.getNano() > 0 ? 1 : 0));
    }

    @Override
    public String toString() {
        return "KeyRow[" + key + ", " + secondsLeft.get() + " s]";
    }
}
