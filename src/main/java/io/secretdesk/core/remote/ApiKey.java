package io.secretdesk.core.remote;

import java.util.Objects;

/**
 * A SimpleTuner API key ({@code st_...}), sent in the {@code X-API-Key} header. Its {@code toString()} says only
 * how long it is, so it cannot reach a log line or a message by accident.
 */
public final class ApiKey {

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /**
     * A key as typed, without surrounding white space.
     *
     * @throws IllegalArgumentException when it is empty or holds characters a header cannot carry (not repeated)
     */
    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "value");
        String key = value.strip();
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the API key is empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the API key holds a space, a control or a non-ASCII character at "
                        + "position " + (i + 1) + ": copy it again from SimpleTuner (it looks like st_ and 32 letters and digits)");
            }
        }
        return new ApiKey(key);
    }

    /** The key itself: only for the request header and the encrypted store. */
    public String reveal() {
        return value;
    }

    /** Whether it has the shape of SimpleTuner's keys ({@code st_} and 32 letters or digits; auth/password.py). */
    public boolean looksLikeSimpleTuners() {
        return value.matches("st_[A-Za-z0-9]{32}");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && key.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[" + value.length() + " chars, not shown]";
    }
}
