package io.secretdesk.core.secrets.edit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where edits are recorded and read back: the audit trail. Details never hold values. Implementations are
 * thread-safe; {@link #NONE} records nothing (a chain without a console store).
 */
public interface EditAudit {

    /** One recorded edit. */
    record Recorded(Instant at, String who, String action, Map<String, Object> details) {
    }

    /**
     * Makes sure an entry can be recorded (the log opened, its key found) before anything is written: an edit that
     * could not be audited is refused before the source is touched. Throws when it cannot; does nothing by default.
     */
    default void ready() {
    }

    void record(String action, String target, Map<String, ?> details);

    /** The entries about {@code target}, newest first, at most {@code limit}. */
    List<Recorded> about(String target, int limit);

    EditAudit NONE = new EditAudit() {
        @Override
        public void record(String action, String target, Map<String, ?> details) {
        }

        @Override
        public List<Recorded> about(String target, int limit) {
            return List.of();
        }
    };
}
