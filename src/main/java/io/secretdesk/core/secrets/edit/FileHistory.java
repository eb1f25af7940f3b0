package io.secretdesk.core.secrets.edit;

import io.secretdesk.core.secrets.Masking;
import java.time.Instant;
import java.util.List;

/**
 * SecretDesk's own history of the secrets file: every value a write replaced or made, per file and key, encrypted
 * with the credential key (so a key rotation re-encrypts it too), kept within a retention the user sets.
 * Implementations are thread-safe and block on disk.
 */
public interface FileHistory {

    /** What one history row says: a version of a key, the value it held (null for a removal), when and by whom. */
    record Entry(long id, int version, String action, String value, Instant at, String who, boolean readable) {
        @Override
        public String toString() {
            return "Entry[" + version + " " + action + " " + (value == null ? "(none)" : Masking.mask(value)) + " at " + at
                    + " by " + who + (readable ? "" : " (does not decrypt)") + "]";
        }
    }

    /**
     * How much history is kept per key: the newest {@code versions} (at least 1), and, when {@code days} is above 0,
     * nothing older than that many days, except a key's two newest versions (the value now and the one it replaced).
     */
    record Retention(int versions, int days) {
        public static final Retention DEFAULT = new Retention(20, 0);

        public Retention {
            if (versions < 1 || versions > 1000) {
                throw new IllegalArgumentException("keep between 1 and 1000 versions per key, not " + versions);
            }
            if (days < 0 || days > 36_500) {
                throw new IllegalArgumentException("keep history for 0 (no age limit) to 36500 days, not " + days);
            }
        }
    }

    /**
     * A version to record: {@code found} (a value SecretDesk did not write), {@code set}, {@code delete} or
     * {@code restore}, and the value it holds (null for a removal). {@code toString()} masks the value.
     */
    record Change(String action, String value) {
        public Change {
            java.util.Objects.requireNonNull(action, "action");
        }

        @Override
        public String toString() {
            return "Change[" + action + (value == null ? "" : " " + Masking.mask(value)) + "]";
        }
    }

    /**
     * Appends versions of {@code key} in {@code file}, oldest first, then prunes to the retention. Returns the ids of
     * the rows added (for {@link #remove} when the write they describe fails).
     */
    List<Long> append(String file, String key, List<Change> versions);

    /** Removes rows added for a write that did not happen. */
    void remove(List<Long> ids);

    /** The versions of {@code key} in {@code file}, newest first, at most {@code limit}. */
    List<Entry> entries(String file, String key, int limit);

    Retention retention();

    /** Sets the retention and prunes every key to it at once. */
    void setRetention(Retention retention);
}
