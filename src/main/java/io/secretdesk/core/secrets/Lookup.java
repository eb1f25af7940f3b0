package io.secretdesk.core.secrets;

import java.util.Objects;

/** The answer of one provider for one key. {@code toString()} never shows a value. */
public sealed interface Lookup {

    /** The provider holds the key. */
    record Found(String value) implements Lookup {
        public Found {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "Found[value=" + Masking.mask(value) + "]";
        }
    }

    /** The provider is working and does not hold the key. */
    record Missing() implements Lookup {
    }

    /** The provider cannot answer; {@code reason} is one line for people and never holds a value. */
    record Unavailable(String reason) implements Lookup {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }

    Lookup MISSING = new Missing();

    static Lookup of(String valueOrNull) {
        return valueOrNull == null ? MISSING : new Found(valueOrNull);
    }
}
