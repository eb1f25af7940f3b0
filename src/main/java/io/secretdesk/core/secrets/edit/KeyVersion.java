package io.secretdesk.core.secrets.edit;

import io.secretdesk.core.secrets.Masking;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One version of one key in one source. {@code toString()} masks the value.
 *
 * @param id      the source's version id (a Vault version number, an AWS version id, a file history number)
 * @param created when the version was made, or null when the source does not say
 * @param state   whether it is current, older, or (Vault) deleted or destroyed
 * @param labels  AWS staging labels (AWSCURRENT, AWSPREVIOUS, ...); empty elsewhere
 * @param value   the key's value in that version; null when the key was absent there or the version is gone
 * @param who     who made it, from the audit trail or the file history; null when unknown
 */
public record KeyVersion(String source, String id, Instant created, State state, List<String> labels, String value,
                         String who) {

    /** The state of a version. */
    public enum State {
        /** The version the source serves now. */
        CURRENT,
        /** An older version that can still be read. */
        OLDER,
        /** Soft-deleted (Vault): unreadable until undeleted. */
        DELETED,
        /** Destroyed (Vault): its data is gone for good. */
        DESTROYED
    }

    public KeyVersion {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        labels = List.copyOf(labels);
    }

    /** Whether the key had a value in this version that can be read. */
    public boolean holdsKey() {
        return value != null;
    }

    public KeyVersion withWho(String person) {
        return new KeyVersion(source, id, created, state, labels, value, person);
    }

    @Override
    public String toString() {
        return "KeyVersion[" + source + " " + id + " " + state + (labels.isEmpty() ? "" : " " + labels)
                + (value == null ? " (no value)" : " " + Masking.mask(value)) + "]";
    }
}
