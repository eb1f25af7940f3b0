package io.secretdesk.core.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A master secret and where it came from. {@link #toString()} names the origin only, never the value.
 */
public final class MasterSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;
    private final KeyOrigin origin;

    public MasterSecret(String value, KeyOrigin origin) {
        this.value = Objects.requireNonNull(value, "value");
        this.origin = Objects.requireNonNull(origin, "origin");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a master secret cannot be empty");
        }
    }

    /**
     * A new random secret in the key-file format: 32 random bytes as URL-safe base64 without padding
     * (43 characters), as SimpleTuner generates them.
     */
    public static String generateValue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The secret itself; callers must not log or display it. */
    public String value() {
        return value;
    }

    public KeyOrigin origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "MasterSecret[" + origin.describe() + "]";
    }
}
