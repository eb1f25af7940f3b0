package io.secretdesk.core.store;

import java.time.Instant;
import java.util.List;

/**
 * Which audit entries to read: the newest {@code limit} that match every filter given (null: no filter).
 *
 * @param eventType exact event type ({@code provider.configured})
 * @param actor     exact user name
 * @param target    {@code type} or {@code type:id}
 * @param since     at or after (compared as SimpleTuner's UTC timestamps)
 */
public record AuditQuery(String eventType, String actor, String target, Instant since, int limit) {

    public static final int MAX_LIMIT = 100_000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("the number of entries must be between 1 and " + MAX_LIMIT);
        }
    }

    public static AuditQuery newest(int limit) {
        return new AuditQuery(null, null, null, null, limit);
    }

    /** The SQL {@code WHERE} clause (or "") with its parameters added to {@code parameters}. */
    String where(List<Object> parameters) {
        StringBuilder sql = new StringBuilder();
        if (eventType != null) {
            and(sql).append("event_type = ?");
            parameters.add(eventType);
        }
        if (actor != null) {
            and(sql).append("actor_username = ?");
            parameters.add(actor);
        }
        if (target != null) {
            int colon = target.indexOf(':');
            and(sql).append("target_type = ?");
            parameters.add(colon < 0 ? target : target.substring(0, colon));
            if (colon >= 0) {
                sql.append(" AND target_id = ?");
                parameters.add(target.substring(colon + 1));
            }
        }
        if (since != null) {
            // isoformat() text in UTC sorts as time, with or without microseconds, to the second
            and(sql).append("timestamp >= ?");
            parameters.add(Timestamps.format(since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        }
        return sql.toString();
    }

    private static StringBuilder and(StringBuilder sql) {
        return sql.append(sql.length() == 0 ? " WHERE " : " AND ");
    }
}
