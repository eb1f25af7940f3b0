package io.secretdesk.core.secrets;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a provider says about its own settings, for the console's source card: a title, labelled fields and, when the
 * source can answer, a note for the line under them. Each provider gives its own ({@link SecretProvider#settings()}),
 * so the console needs no list of provider classes. Never a token or a secret value. Reads local state only.
 *
 * @param title      the card's title, e.g. "Secrets file"
 * @param fields     the settings, in the order the card shows them
 * @param note       the line under the fields while the source can answer (e.g. the file's permissions); null for the
 *                   availability's own detail
 * @param testable   whether the card offers a connection test (a remote source)
 * @param configured whether the user has set the source up ({@link SecretProvider#configured()})
 */
public record SourceSettings(String title, List<Field> fields, String note, boolean testable, boolean configured) {

    /** One labelled setting, e.g. "Region" = "us-west-2". */
    public record Field(String label, String value) {
        public Field {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    public SourceSettings {
        Objects.requireNonNull(title, "title");
        fields = List.copyOf(fields);
    }

    /** The card of a provider that says nothing more: its name, and what it reads. */
    public static SourceSettings plain(SecretProvider provider) {
        return new SourceSettings(provider.name(), List.of(new Field("Reads", provider.description())), null, false,
                provider.configured());
    }

    /** The line under the fields: the note while the source can answer, else why it cannot. */
    public String detail(Availability availability) {
        return availability.available() && note != null ? note : availability.detail();
    }

    /** {@code value}, or "not set (VARIABLE)" when it is null. */
    public static String orNotSet(String value, String variable) {
        return value == null ? "not set (" + variable + ")" : value;
    }

    /** A duration for people: "5 s", "2.5 s". */
    public static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
