package io.secretdesk.core.store;

import java.util.Map;
import java.util.Optional;

/**
 * The audit log in figures.
 *
 * @param byEventType entries per event type, most frequent first
 * @param first       the oldest entry's timestamp, as stored
 * @param last        the newest entry's timestamp, as stored
 */
public record AuditStats(long total, Map<String, Long> byEventType, Optional<String> first, Optional<String> last) {

    public AuditStats {
        // Map.copyOf would lose the order: most frequent first is what people read.
        byEventType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byEventType));
    }
}
