package io.secretdesk.core.secrets;

import java.util.Objects;

/**
 * Whether a provider can answer now. {@code detail} says why not, or, when available, what it
 * found (for example "3 keys"); it never holds a secret value.
 */
public record Availability(boolean available, String detail) {

    public Availability {
        Objects.requireNonNull(detail, "detail");
    }

    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
