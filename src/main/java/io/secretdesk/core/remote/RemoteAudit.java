package io.secretdesk.core.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditQuery;
import io.secretdesk.core.store.Timestamps;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/audit} page by page (at most 500 entries a page, newest first, {@code has_more} says whether another
 * page follows; simpletuner-api.md 4.10). SimpleTuner filters by actor id only: a user name is matched here, over at
 * most {@value #MAX_SCANNED} entries.
 */
final class RemoteAudit {

    static final int PAGE = 500;
    static final int MAX_SCANNED = 20_000;

    private RemoteAudit() {
    }

    /** The newest {@code query.limit()} entries that match, oldest first. */
    static List<AuditEntry> list(Http http, AuditQuery query) {
        Map<String, String> filters = new LinkedHashMap<>();
        String actorName = null;
        if (query.eventType() != null) {
            filters.put("event_type", query.eventType());
        }
        if (query.actor() != null) {
            if (query.actor().matches("\\d{1,18}")) {
                filters.put("actor_id", query.actor());
            } else {
                actorName = query.actor();
            }
        }
        if (query.target() != null) {
            int colon = query.target().indexOf(':');
            filters.put("target_type", colon < 0 ? query.target() : query.target().substring(0, colon));
            if (colon >= 0) {
                filters.put("target_id", query.target().substring(colon + 1));
            }
        }
        if (query.since() != null) {
            filters.put("since", Timestamps.format(query.since().truncatedTo(ChronoUnit.SECONDS)));
        }
        List<AuditEntry> newestFirst = new ArrayList<>();
        // Every key-authenticated read adds an entry (auth.api_key.used), which moves the pages by one: skip repeats.
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int offset = 0;
        while (newestFirst.size() < query.limit() && offset < MAX_SCANNED) {
            int page = actorName == null ? Math.min(PAGE, query.limit() - newestFirst.size()) : PAGE;
            Map<String, String> params = new LinkedHashMap<>(filters);
            params.put("limit", Integer.toString(page));
            params.put("offset", Integer.toString(offset));
            JsonNode answer = http.json(new Http.Call("GET", "/api/audit", params, null, true));
            JsonNode entries = answer.path("entries");
            for (JsonNode row : entries) {
                AuditEntry entry = RemoteJson.auditEntry(row);
                if (seen.add(entry.id()) && (actorName == null || actorName.equals(entry.actorUsername())) && newestFirst.size() < query.limit()) {
                    newestFirst.add(entry);
                }
            }
            offset += entries.size();
            if (!answer.path("has_more").asBoolean(false) || entries.isEmpty()) {
                break;
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
