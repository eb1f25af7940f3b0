package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.Masking;
import io.secretdesk.core.secrets.Resolution;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One key of the Secrets table: where its value comes from, which sources it shadows, and the value itself,
 * masked unless this row is revealed.
 *
 * <p>The value lives here only while the row is shown; {@link #toString()} never includes it. Reveal state
 * changes through {@link SecretsViewModel}, on the FX thread.
 */
public final class SecretRow {

    private final String key;
    private final String source;
    private final String location;
    private final List<String> shadowed;
    private final boolean heldByFile;
    private final String unanswered;
    private final String value;
    private final String masked;

    private final ReadOnlyBooleanWrapper revealed = new ReadOnlyBooleanWrapper(this, "revealed", false);
    private final ReadOnlyIntegerWrapper secondsLeft = new ReadOnlyIntegerWrapper(this, "secondsLeft", 0);
    private final ReadOnlyStringWrapper shown;
    private long hideAt;

    private SecretRow(String key, String source, String location, List<String> shadowed, boolean heldByFile,
                      String unanswered, String value) {
        this.key = Objects.requireNonNull(key, "key");
        this.source = source;
        this.location = location;
        this.shadowed = List.copyOf(shadowed);
        this.heldByFile = heldByFile;
        this.unanswered = unanswered;
        this.value = value;
        this.masked = value == null ? "—" : Masking.mask(value);
        this.shown = new ReadOnlyStringWrapper(this, "shown", masked);
    }

    /** The row for one resolved key. */
    static SecretRow of(Resolution resolution) {
        var supplier = resolution.supplier();
        String unanswered = resolution.outcomes().stream()
                .filter(o -> o.status() == Resolution.Status.UNAVAILABLE)
                .map(o -> o.provider() + ": " + o.detail())
                .collect(Collectors.joining("\n"));
        boolean inFile = resolution.outcomes().stream().anyMatch(o -> o.provider().equals("file") && o.holds());
        return new SecretRow(resolution.key(), supplier.map(Resolution.Outcome::provider).orElse(""),
                supplier.map(Resolution.Outcome::location).orElse(""), resolution.shadowed(), inFile, unanswered,
                supplier.map(Resolution.Outcome::value).orElse(null));
    }

    public String key() {
        return key;
    }

    /** The provider whose value wins ({@code env}, {@code file}, {@code aws}, {@code vault}); empty when none does. */
    public String source() {
        return source;
    }

    /** Where the winning value is read from (a variable, a file and key, a secret); never a value. */
    public String location() {
        return location;
    }

    /** The lower providers that hold the key too, in chain order. */
    public List<String> shadowed() {
        return shadowed;
    }

    /** {@link #shadowed()} for the table, e.g. "file, aws"; empty when nothing is shadowed. */
    public String shadowedText() {
        return String.join(", ", shadowed);
    }

    /** Whether the secrets file holds this key (so it can be deleted there). */
    public boolean heldByFile() {
        return heldByFile;
    }

    /** Whether the key is held by {@code provider}, winning or shadowed. */
    public boolean heldBy(String provider) {
        return source.equals(provider) || shadowed.contains(provider);
    }

    /** The sources that could not answer for this key and why, one per line; empty when all answered. */
    public String unanswered() {
        return unanswered;
    }

    /** Whether the row has a value to reveal or copy. */
    public boolean hasValue() {
        return value != null;
    }

    /** The value; package-private so only the view model hands it to the clipboard or the reveal. */
    String value() {
        return value;
    }

    /** The masked form, e.g. {@code hf_••••••••}. */
    public String masked() {
        return masked;
    }

    /** What the value cell shows: the mask, or the value while revealed. */
    public ReadOnlyStringProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty revealedProperty() {
        return revealed.getReadOnlyProperty();
    }

    /** Whole seconds until a revealed value is masked again; 0 when masked. */
    public ReadOnlyIntegerProperty secondsLeftProperty() {
        return secondsLeft.getReadOnlyProperty();
    }

    void reveal(long hideAtNanos) {
        if (value == null) {
            return;
        }
        hideAt = hideAtNanos;
        shown.set(value);
        revealed.set(true);
    }

    /** Updates the countdown at {@code now}, masking the value once its time is up; returns whether it is still revealed. */
    boolean tick(long now) {
        if (!revealed.get()) {
            return false;
        }
        long left = hideAt - now;
        if (left <= 0) {
            hide();
            return false;
        }
        secondsLeft.set((int) Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L));
        return true;
    }

    void hide() {
        revealed.set(false);
        secondsLeft.set(0);
        shown.set(masked);
    }

    @Override
    public String toString() {
        return "SecretRow[" + key + " from " + (source.isEmpty() ? "nowhere" : source)
                + (shadowed.isEmpty() ? "" : " shadowing " + shadowed) + " " + masked + "]";
    }
}
