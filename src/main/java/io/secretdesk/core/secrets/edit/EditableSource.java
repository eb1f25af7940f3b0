package io.secretdesk.core.secrets.edit;

import java.util.List;

/**
 * One source SecretDesk can edit in place (the secrets file, an AWS secret, a Vault KV path): read it whole with
 * the version it is at, write one key only if it is still at that version, and list a key's versions.
 *
 * <p>Every method blocks on I/O within the source's timeouts and is safe to call from several threads. Failures
 * are {@link EditException}s whose messages never hold a value.
 */
public interface EditableSource {

    /** The provider name this source edits: {@code file}, {@code aws} or {@code vault}. */
    String name();

    /** Where writes go, for people: a path, a secret and region, a Vault address and path. */
    String description();

    /**
     * Reads every key and the version they are at now. A source that does not exist yet (no secret, no file) reads as
     * empty at {@link SourceState#ABSENT}.
     *
     * @throws EditException when the source cannot be read
     */
    SourceState read();

    /**
     * Sets {@code key} to {@code value}, or removes it when {@code value} is null, in a new version, only if the source
     * is still at {@code basis.version()}; every other key keeps exactly what it held (numbers, objects included).
     *
     * @param confirmedUnversioned the operator has agreed to a write the source cannot version or check (KV v1)
     * @return the version written
     * @throws EditException.Conflict    when the source moved on since {@code basis}; nothing was written
     * @throws EditException.Unversioned when the source keeps no versions and {@code confirmedUnversioned} is false
     * @throws EditException.Denied      when the credentials lack a permission; the message names it
     * @throws EditException             for anything else; nothing was written
     */
    Written write(String key, String value, SourceState basis, boolean confirmedUnversioned);

    /**
     * The versions of the source that hold or dropped {@code key}, newest first, at most {@code limit}, each with the
     * value it held (null when the key was absent, or the version is deleted or destroyed).
     */
    List<KeyVersion> versions(String key, int limit);

    /** The permissions a write, a history read and a restore need here, for people (one line). */
    String permissions();

    /** Version operations beyond writing: Vault's soft delete, undelete and destroy of a version. */
    default void versionOperation(VersionOperation operation, String versionId) {
        throw new EditException(name() + " has no " + operation.word() + " of a version; restore an older value instead");
    }

    /** What may be done to a whole version of a source (Vault KV v2 only). */
    enum VersionOperation {
        DELETE("soft delete"), UNDELETE("undelete"), DESTROY("destroy");

        private final String word;

        VersionOperation(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** The result of a write: the version it was made on and the version it made. */
    record Written(String source, String key, String fromVersion, String toVersion) {
    }
}
