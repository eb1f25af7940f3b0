package io.secretdesk.core.rotation;

/**
 * A key rotation, rollback or confirmation could not go on. The message says what happened, what state the
 * credentials are in and what to do; it never holds a credential value or key material.
 */
public final class RotationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RotationException(String message) {
        super(message);
    }

    public RotationException(String message, Throwable cause) {
        super(message, cause);
    }
}
