package io.secretdesk.core.crypto;

/**
 * A stored credential could not be decrypted: wrong master key, altered or damaged data, or not the stored
 * form at all. The message says which and what to do; it never contains the value or the token.
 */
public final class DecryptionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DecryptionException(String message) {
        super(message);
    }
}
