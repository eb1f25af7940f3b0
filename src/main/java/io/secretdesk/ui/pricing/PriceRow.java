package io.secretdesk.ui.pricing;

import java.math.BigDecimal;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One row of the pricing table as it is edited: hardware id, name and cost per second as typed, the cost
 * per hour derived from it, and which of its cells the last validation marked as wrong.
 */
public final class PriceRow {

    private final StringProperty id = new SimpleStringProperty(this, "id", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty costPerSecond = new SimpleStringProperty(this, "costPerSecond", "");
    private final ReadOnlyStringWrapper costPerHour = new ReadOnlyStringWrapper(this, "costPerHour", "");
    private final ReadOnlyBooleanWrapper idInvalid = new ReadOnlyBooleanWrapper(this, "idInvalid", false);
    private final ReadOnlyBooleanWrapper nameInvalid = new ReadOnlyBooleanWrapper(this, "nameInvalid", false);
    private final ReadOnlyBooleanWrapper costInvalid = new ReadOnlyBooleanWrapper(this, "costInvalid", false);

    PriceRow(String id, String name, String costPerSecond) {
        this.costPerSecond.addListener((obs, old, now) -> derive());
        this.id.set(id);
        this.name.set(name);
        this.costPerSecond.set(costPerSecond);
        derive();
    }

    private void derive() {
        BigDecimal cost = Prices.parse(costPerSecond.get());
        costPerHour.set(cost == null ? "—" : Prices.perHour(cost));
    }

    /**
     * The cost per second shown in the table ("$0.000975/s"), the text as typed when it is not a price, or
     * {@link #NO_PRICE} when nothing is typed (a new row), so the marked cell says what it wants.
     */
    public String costPerSecondShown() {
        if (costPerSecond.get().isBlank()) {
            return NO_PRICE;
        }
        BigDecimal cost = Prices.parse(costPerSecond.get());
        return cost == null ? costPerSecond.get() : Prices.perSecond(cost);
    }

    /** What an empty cost cell shows (never stored: editing it starts from the empty text). */
    public static final String NO_PRICE = "enter a price";

    /** The row's values as compared for unsaved changes: trimmed, the price as a number when it is one. */
    State state() {
        BigDecimal cost = Prices.parse(costPerSecond.get());
        return new State(id.get().strip(), name.get().strip(),
                cost == null ? costPerSecond.get() : cost.stripTrailingZeros().toPlainString());
    }

    record State(String id, String name, String cost) {
    }

    void mark(boolean badId, boolean badName, boolean badCost) {
        idInvalid.set(badId);
        nameInvalid.set(badName);
        costInvalid.set(badCost);
    }

    public StringProperty idProperty() {
        return id;
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** Dollars per second, as typed ("0.000975"; a leading $ and a trailing /s are allowed). */
    public StringProperty costPerSecondProperty() {
        return costPerSecond;
    }

    /** "$3.51/h", or a dash while the cost per second is not a price. */
    public ReadOnlyStringProperty costPerHourProperty() {
        return costPerHour.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty idInvalidProperty() {
        return idInvalid.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty nameInvalidProperty() {
        return nameInvalid.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty costInvalidProperty() {
        return costInvalid.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "PriceRow[" + id.get() + ", " + name.get() + ", " + costPerSecond.get() + "]";
    }
}
