package io.secretdesk.core.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * One row of SimpleTuner's {@code audit_log}, SecretDesk's or SimpleTuner's own.
 *
 * @param id            the row id (entries are chained in id order)
 * @param timestamp     as stored: Python's {@code isoformat()} in UTC
 * @param eventType     SimpleTuner's event type ({@code provider.configured}, {@code config.changed}, ...)
 * @param actorId       SimpleTuner's user id, or null (SecretDesk's entries, system events)
 * @param actorUsername who: a SimpleTuner user name, or the OS user for SecretDesk's entries
 * @param details       the details as stored: a JSON object (names, counts; never values)
 * @param hash          the entry's {@code entry_hash}
 */
public record AuditEntry(long id, String timestamp, String eventType, Long actorId, String actorUsername,
                         String targetType, String targetId, String action, String details, String hash) {

    static final String COLUMNS = "id, timestamp, event_type, actor_id, actor_username, target_type, target_id, action, "
            + "details, entry_hash";

    static AuditEntry from(ResultSet row) throws SQLException {
        long actor = row.getLong(4);
        Long actorId = row.wasNull() ? null : actor;
        return new AuditEntry(row.getLong(1), row.getString(2), row.getString(3), actorId, row.getString(5),
                row.getString(6), row.getString(7), row.getString(8), row.getString(9), row.getString(10));
    }

    /** The row id (the name the views and the CLI have always used). */
    public long seq() {
        return id;
    }

    /** When, or null when the stored timestamp cannot be read. */
    public Instant at() {
        try {
            return Timestamps.parse(timestamp);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Who, for people: the user name, else the user id, else "system". */
    public String actor() {
        if (actorUsername != null && !actorUsername.isBlank()) {
            return actorUsername;
        }
        return actorId != null ? "user #" + actorId : "system";
    }

    /** {@code type:id} (or the type alone), empty when there is no target. */
    public String target() {
        if (targetType == null || targetType.isBlank()) {
            return targetId == null ? "" : targetId;
        }
        return targetId == null ? targetType : targetType + ":" + targetId;
    }

    /** Whether SecretDesk wrote this entry. */
    public boolean bySecretDesk() {
        return details != null && details.contains("\"tool\": \"" + AuditLog.TOOL + "\"");
    }
}
