package io.secretdesk.core.secrets;

/**
 * A write to a provider failed: the file could not be parsed, locked or replaced. The message says
 * what happened and what to do, and never contains a secret value.
 */
public class SecretProviderException extends RuntimeException {

    private final boolean invalidInput;

    public SecretProviderException(String message) {
        super(message);
        this.invalidInput = false;
    }

    private SecretProviderException(String message, boolean invalidInput) {
        super(message);
        this.invalidInput = invalidInput;
    }

    /** The write was refused for what it would store (too long, not storable in the format), not for the store's state. */
    public static SecretProviderException invalidInput(String message) {
        return new SecretProviderException(message, true);
    }

    /** Whether the input was refused ({@link #invalidInput}) rather than the store failing or refusing to be written. */
    public boolean isInvalidInput() {
        return invalidInput;
    }

    public SecretProviderException(String message, Throwable cause) {
        super(message, cause);
        this.invalidInput = false;
    }
}
