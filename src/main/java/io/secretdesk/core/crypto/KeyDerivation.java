package io.secretdesk.core.crypto;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A master secret whose key is being derived on an executor's thread, so the caller can go on meanwhile: a
 * {@code rotate-key} starts deriving its new key while it opens the store and derives and checks the current one,
 * which on a free core takes PBKDF2's 0.1–0.4 s of a cold run off the clock. {@link #key()} waits for it.
 * {@link #toString()} never shows the secret. Thread-safe.
 */
public final class KeyDerivation {

    private final String secret;
    private final CompletableFuture<CredentialKey> key;

    private KeyDerivation(String secret, Executor executor) {
        this.secret = secret;
        this.key = CompletableFuture.supplyAsync(() -> CredentialKey.derive(secret), executor);
    }

    /** Starts deriving the key of {@code masterSecret} on {@code executor}. */
    public static KeyDerivation start(String masterSecret, Executor executor) {
        Objects.requireNonNull(masterSecret, "masterSecret");
        return new KeyDerivation(masterSecret, Objects.requireNonNull(executor, "executor"));
    }

    /** The master secret; callers must not log or display it. */
    public String secret() {
        return secret;
    }

    /**
     * The derived key, waiting for the derivation to finish.
     *
     * @throws IllegalArgumentException or another runtime exception: what the derivation threw
     */
    public CredentialKey key() {
        try {
            return key.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "KeyDerivation[" + (key.isDone() ? "done" : "running") + "]";
    }
}
