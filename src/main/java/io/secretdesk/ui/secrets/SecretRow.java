package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.edit.Drift;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.SecretValue;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * One key of the Secrets table: where its value comes from, which sources it shadows, and the value itself,
 * masked unless this row is revealed.
 *
 * <p>The value lives in the row's {@link SecretValue} only while the row is shown; {@link #toString()} never includes
 * it. Reveal state changes through {@link SecretsViewModel} or the row's {@link io.secretdesk.ui.common.SecretField},
 * on the FX thread, and ends with the console's {@link Reveals} timeout or lock.
 */
public final class SecretRow {

    private final String key;
    private final String source;
    private final String location;
    private final List<String> shadowed;
    private final boolean heldByFile;
    private final String unanswered;
    private final String value;
    private final Drift.Row drift;
    private final SecretValue secret;

    private SecretRow(String key, String source, String location, List<String> shadowed, boolean heldByFile,
                      String unanswered, String value, Drift.Row drift, Reveals reveals, ClipboardGuard clipboard) {
        this.key = Objects.requireNonNull(key, "key");
        this.source = source;
        this.location = location;
        this.shadowed = List.copyOf(shadowed);
        this.heldByFile = heldByFile;
        this.unanswered = unanswered;
        this.value = value;
        this.drift = drift;
        this.secret = new SecretValue(key, value, reveals, clipboard);
    }

    /** The row for one resolved key, revealed through {@code reveals} and copied through {@code clipboard}. */
    static SecretRow of(Resolution resolution, Reveals reveals, ClipboardGuard clipboard) {
        return of(resolution, null, reveals, clipboard);
    }

    /** As {@link #of(Resolution, Reveals, ClipboardGuard)}, with how the key's sources compare ({@code drift}, or null). */
    static SecretRow of(Resolution resolution, Drift.Row drift, Reveals reveals, ClipboardGuard clipboard) {
        var supplier = resolution.supplier();
        String unanswered = resolution.outcomes().stream()
                .filter(o -> o.status() == Resolution.Status.UNAVAILABLE)
                .map(o -> o.provider() + ": " + o.detail())
                .collect(Collectors.joining("\n"));
        boolean inFile = resolution.outcomes().stream().anyMatch(o -> o.is(ProviderId.FILE) && o.holds());
        return new SecretRow(resolution.key(), supplier.map(Resolution.Outcome::provider).orElse(""),
                supplier.map(Resolution.Outcome::location).orElse(""), resolution.shadowed(), inFile, unanswered,
                supplier.map(Resolution.Outcome::value).orElse(null), drift, reveals, clipboard);
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

    /** Whether the secrets file supplies this key (it wins). */
    public boolean suppliedByFile() {
        return ProviderId.FILE.is(source);
    }

    /** Whether the key is held by {@code provider}, winning or shadowed. */
    public boolean heldBy(String provider) {
        return source.equals(provider) || shadowed.contains(provider);
    }

    /** The sources that could not answer for this key and why, one per line; empty when all answered. */
    public String unanswered() {
        return unanswered;
    }

    /** Whether the key's sources disagree, or a source set up (other than the environment) lacks it. */
    public boolean drifted() {
        return drift != null && drift.drifted();
    }

    /**
     * How the key's sources compare, e.g. "env A  file B  aws –" (two spaces between sources): sources with the same letter hold the same value
     * (compared by digest; never a value), – lacks it, ? could not answer. Empty when not compared.
     */
    public String driftText() {
        if (drift == null) {
            return "";
        }
        return drift.cells().entrySet().stream().map(c -> c.getKey() + " " + (c.getValue().equals(Drift.MISSING) ? "–"
                : c.getValue())).collect(Collectors.joining("  "));
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
        return secret.masked();
    }

    /** The value as the table's secret field shows it: masked, revealed, copied. */
    public SecretValue secret() {
        return secret;
    }

    /** What the value cell shows: the mask, or the value while revealed. */
    public ReadOnlyStringProperty shownProperty() {
        return secret.shownProperty();
    }

    public ReadOnlyBooleanProperty revealedProperty() {
        return secret.reveal().revealedProperty();
    }

    /** Whole seconds until a revealed value is masked again; 0 when masked. */
    public ReadOnlyIntegerProperty secondsLeftProperty() {
        return secret.reveal().secondsLeftProperty();
    }

    @Override
    public String toString() {
        return "SecretRow[" + key + " from " + (source.isEmpty() ? "nowhere" : source)
                + (shadowed.isEmpty() ? "" : " shadowing " + shadowed) + " " + secret.masked() + "]";
    }
}
