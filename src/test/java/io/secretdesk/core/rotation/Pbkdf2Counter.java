package io.secretdesk.core.rotation;

import io.secretdesk.core.crypto.CredentialKey;
import java.util.Map;

/**
 * Counts every PBKDF2-HMAC-SHA256 derivation of a credential key the calling thread runs while it is open, whoever
 * calls it (store, crypto or rotation code), by the derived key's id ({@link CredentialKey#recordDerivations()}).
 * Key ids only, never secrets.
 */
final class Pbkdf2Counter implements AutoCloseable {

    private final CredentialKey.DerivationLog log;

    private Pbkdf2Counter(CredentialKey.DerivationLog log) {
        this.log = log;
    }

    /** Starts counting the derivations of the calling thread. */
    static Pbkdf2Counter start() {
        return new Pbkdf2Counter(CredentialKey.recordDerivations());
    }

    /** How many derivations ran, by the {@link #fingerprint} of their master secret (the key id). */
    Map<String, Integer> derivationsBySecret() {
        return log.countsByKeyId();
    }

    int derivations() {
        return log.countsByKeyId().values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The name under which a derivation of {@code secret} is counted: its key id. Call it after taking
     * {@link #derivationsBySecret()} (or after closing), since it derives the key itself.
     */
    static String fingerprint(String secret) {
        return CredentialKey.derive(secret).id();
    }

    @Override
    public void close() {
        log.close();
    }
}
