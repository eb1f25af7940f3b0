package io.secretdesk.core.secrets;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The chain's answer for one key as a script needs it: the value and its provider (or none), and every set-up
 * provider ranked above the one that answered (all of them, on a miss) that could not be asked. Only when that
 * list is empty is the answer certain: a provider that could not answer might hold the key, and would win.
 *
 * <p>{@code toString()} masks the value.
 */
public record KeyAnswer(String key, String value, String provider, List<Unanswered> unanswered) {

    /** A set-up provider that could not answer, and why (one line, never a value). */
    public record Unanswered(String provider, String reason) {
        public Unanswered {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public KeyAnswer {
        Objects.requireNonNull(key, "key");
        unanswered = List.copyOf(unanswered);
        if ((value == null) != (provider == null)) {
            throw new IllegalArgumentException("a value comes with its provider");
        }
    }

    /** The value, if a provider that answered holds the key. */
    public Optional<String> found() {
        return Optional.ofNullable(value);
    }

    /** Whether every provider that could change this answer was asked. */
    public boolean certain() {
        return unanswered.isEmpty();
    }

    @Override
    public String toString() {
        return "KeyAnswer[" + key + (value == null ? " not found" : " " + Masking.mask(value) + " from " + provider)
                + (unanswered.isEmpty() ? "" : ", unanswered " + unanswered) + "]";
    }
}
