package io.secretdesk.core.secrets.edit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One read of an editable source: its text values, the keys whose values are not text (kept as they are, never
 * edited), the version they were read at, and whether the source keeps versions at all. {@code toString()} shows
 * keys, never values.
 *
 * @param version the source's version ({@link #ABSENT} when it does not exist yet); the basis of a compare-and-set
 */
public record SourceState(String source, String version, Map<String, String> values, Map<String, String> notText,
                          boolean versioned) {

    /** The version of a source that does not exist yet. */
    public static final String ABSENT = "absent";

    public SourceState {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        notText = Collections.unmodifiableMap(new LinkedHashMap<>(notText));
    }

    /** The value of {@code key}, or null. */
    public String value(String key) {
        return values.get(key);
    }

    @Override
    public String toString() {
        return "SourceState[" + source + " at " + version + ", keys=" + values.keySet() + ", notText=" + notText.keySet() + "]";
    }
}
