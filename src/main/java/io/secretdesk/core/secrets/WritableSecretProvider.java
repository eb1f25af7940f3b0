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

    /**
     * Changes {@code key} under the same lock and checks as {@link #set}: {@code change} gets the value the source
     * holds now (null when absent) and returns the new one (null removes the key); it may throw to refuse, and then
     * nothing is written. It may be called more than once when another program edits the file meanwhile.
     *
     * @return where it was written
     * @throws SecretProviderException when nothing could be written; nothing was changed then
     */
    Path update(String key, java.util.function.UnaryOperator<String> change);

    @Override
    default boolean remote() {
        return false;
    }
}
