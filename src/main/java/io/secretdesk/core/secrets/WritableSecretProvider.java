package io.secretdesk.core.secrets;

import java.nio.file.Path;

/**
 * A provider that can also store secrets (the secrets file): the one {@link SecretsManager} writes to. Writes
 * are atomic and refuse, with a {@link SecretProviderException} that says why, anything that could not be read
 * back exactly.
 */
public interface WritableSecretProvider extends SecretProvider {

    /** Where writes go now. */
    Path path();

    /**
     * Stores {@code value} under {@code key}.
     *
     * @return where it was written
     * @throws SecretProviderException when nothing could be written; nothing was changed then
     */
    Path set(String key, String value);

    /**
     * Removes {@code key}.
     *
     * @return whether it was there
     * @throws SecretProviderException when nothing could be written; nothing was changed then
     */
    boolean delete(String key);

    @Override
    default boolean remote() {
        return false;
    }
}
