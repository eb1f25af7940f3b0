package io.secretdesk.core.crypto;

import java.util.Optional;

/**
 * The strength check of a master secret an operator supplies: long enough, varied enough, and kept exactly
 * by a key file and an environment variable. At least 32 characters drawn from at least 12 different ones
 * is at least about 150 bits even if every character were lower-case. A generated key (43 URL-safe
 * characters, 256 bits) always passes.
 *
 * <p>Applied to new keys only: a rotation's new key, and a key the user gives (in the variable or a key file
 * written by hand) before anything is encrypted with it. A key data is already encrypted with keeps working.
 */
public final class KeyStrength {

    public static final int MIN_LENGTH = 32;
    public static final int MIN_DISTINCT = 12;

    private KeyStrength() {
    }

    /** Why {@code secret} is not a good master secret, or empty when it is. Never quotes the secret. */
    public static Optional<String> problem(String secret) {
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

    /**
     * Why {@code secret} may not start encrypting data, or empty when it may: a key SecretDesk generated, or one
     * data is already encrypted with ({@code inUse}), always may; a key the user gave must pass {@link #problem}.
     * The message names where the key came from and what to do, never the key.
     */
    public static Optional<String> newKeyProblem(MasterSecret secret, boolean inUse) {
        if (inUse || secret.origin().kind() == KeyOrigin.Kind.GENERATED || secret.origin().kind() == KeyOrigin.Kind.UNSAVED) {
            return Optional.empty();
        }
        return problem(secret.value()).map(problem -> "the credential key from " + secret.origin().describe()
                + " is too weak to start encrypting with (" + problem.replace("the new key", "it") + "); nothing is"
                + " encrypted with it yet, so replace it now with a random key (43 or more characters, e.g. from a"
                + " password manager), or " + (secret.origin().kind() == KeyOrigin.Kind.ENVIRONMENT
                        ? "unset " + secret.origin().variable() : "delete " + secret.origin().file())
                + " to have one generated");
    }
}
