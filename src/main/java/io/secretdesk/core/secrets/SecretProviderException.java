package io.secretdesk.core.secrets;

/**
 * A write to a provider failed: the file could not be parsed, locked or replaced. The message says
 * what happened and what to do, and never contains a secret value.
 */
public class SecretProviderException extends RuntimeException {

    public SecretProviderException(String message) {
        super(message);
    }

    public SecretProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
