package io.secretdesk.core.secrets;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Whether a provider can answer now. {@code detail} says why not, or, when available, what it
 * found (for example "3 keys"); it never holds a secret value.
 *
 * @param keys how many keys the provider holds when it says so (scripts read the number, people the detail),
 *             else -1
 */
public record Availability(boolean available, String detail, int keys) {

    public Availability {
        Objects.requireNonNull(detail, "detail");
        keys = Math.max(-1, keys);
    }

    /** Without a key count. */
    public Availability(boolean available, String detail) {
        this(available, detail, -1);
    }

    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    /** Available, holding {@code keys} keys. */
    public static Availability available(String detail, int keys) {
        return new Availability(true, detail, keys);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }

    /** The key count, when the provider gave one. */
    public OptionalInt keyCount() {
        return keys < 0 ? OptionalInt.empty() : OptionalInt.of(keys);
    }
}
