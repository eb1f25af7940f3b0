package io.secretdesk.core.crypto;

/**
 * A master secret could not be obtained: its key file exists but cannot be read, is empty or is not text.
 * The message names the file and what to do; it never contains key material.
 */
public final class KeyFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
