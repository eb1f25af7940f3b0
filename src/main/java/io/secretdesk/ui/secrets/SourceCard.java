package io.secretdesk.ui.secrets;

import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One secret source in the details panel: its settings (never a token or a value), whether it can answer and
 * why not, and the state of its connection test. Changes on the FX thread, through {@link SecretsViewModel}.
 */
public final class SourceCard {

    /** Whether the source can answer, as far as the view knows. */
    public enum State {
        CHECKING, AVAILABLE, UNAVAILABLE,
        /** A source nobody has set up (no file yet, no AWS or Vault settings): it cannot answer, and that is not a failure. */
        NOT_CONFIGURED;

        public String styleClass() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One labelled setting, e.g. "Region" and "us-west-2". */
    public record Field(String label, String value) {
        public Field {
            Objects.requireNonNull(label, "label");
            value = value == null ? "" : value;
        }
    }

    private final String name;
    private final String title;
    private final boolean testable;
    private final ObservableList<Field> fields = FXCollections.observableArrayList();
    private final ObservableList<Field> fieldsView = FXCollections.unmodifiableObservableList(fields);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.CHECKING);
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "checking…");
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper(this, "testing", false);
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper(this, "testResult", "");
    private final ReadOnlyBooleanWrapper testPassed = new ReadOnlyBooleanWrapper(this, "testPassed", false);

    SourceCard(String name, String title, boolean testable) {
        this.name = Objects.requireNonNull(name, "name");
        this.title = Objects.requireNonNull(title, "title");
        this.testable = testable;
    }

    static SourceCard of(SourceFacts.Facts facts) {
        SourceCard card = new SourceCard(facts.name(), facts.title(), facts.testable());
        card.update(facts);
        return card;
    }

    void update(SourceFacts.Facts facts) {
        fields.setAll(facts.fields());
        state.set(facts.available() ? State.AVAILABLE : facts.configured() ? State.UNAVAILABLE : State.NOT_CONFIGURED);
        detail.set(facts.detail());
    }

    void checking() {
        state.set(State.CHECKING);
        detail.set("checking…");
    }

    void testStarted() {
        testing.set(true);
        testResult.set("");
    }

    void testFinished(boolean passed, String result) {
        testing.set(false);
        testPassed.set(passed);
        testResult.set(result);
    }

    /** The provider's short name: {@code env}, {@code file}, {@code aws} or {@code vault}. */
    public String name() {
        return name;
    }

    /** The name people see, e.g. "AWS Secrets Manager". */
    public String title() {
        return title;
    }

    /** Whether the card offers a connection test (the remote sources). */
    public boolean testable() {
        return testable;
    }

    public ObservableList<Field> fields() {
        return fieldsView;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The availability in one line: what was found, or why the source cannot answer. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** Whether a connection test is running. */
    public ReadOnlyBooleanProperty testingProperty() {
        return testing.getReadOnlyProperty();
    }

    /** The last connection test's result in one line; empty before the first. */
    public ReadOnlyStringProperty testResultProperty() {
        return testResult.getReadOnlyProperty();
    }

    /** Whether the last connection test succeeded. */
    public ReadOnlyBooleanProperty testPassedProperty() {
        return testPassed.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "SourceCard[" + name + " " + state.get() + "]";
    }
}
