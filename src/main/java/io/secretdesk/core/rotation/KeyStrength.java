package io.secretdesk.core.rotation;

import java.util.Optional;

/**
 * The strength check of a master secret an operator supplies: long enough, varied enough, and kept exactly
 * by a key file and an environment variable. At least 32 characters drawn from at least 12 different ones
 * is at least about 150 bits even if every character were lower-case. A generated key (43 URL-safe
 * characters, 256 bits) always passes.
 */
final class KeyStrength {

    static final int MIN_LENGTH = 32;
    static final int MIN_DISTINCT = 12;

    private KeyStrength() {
    }

    /** Why {@code secret} is not a good master secret, or empty when it is. Never quotes the secret. */
    static Optional<String> problem(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.of("the new key is empty");
        }
        int regular = 0;
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.of("the new key contains spaces or control characters, which a key file or an "
                        + "environment variable may not keep exactly");
            }
            if (i > 0 && Math.abs(c - secret.charAt(i - 1)) <= 1) {
                regular++;
            }
        }
        if (secret.length() < MIN_LENGTH) {
            return Optional.of("the new key has " + secret.length() + " characters; use at least " + MIN_LENGTH
                    + " (a generated key has 43)");
        }
        long distinct = secret.chars().distinct().count();
        if (distinct < MIN_DISTINCT) {
            return Optional.of("the new key uses only " + distinct + " different characters; use a random key");
        }
        if (regular * 2 > secret.length()) {
            return Optional.of("the new key is mostly runs or repetitions (like abcd or aabb); use a random key");
        }
        return Optional.empty();
    }
}
