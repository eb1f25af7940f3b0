package io.secretdesk.core.remote;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditStats;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.PythonJson;
import io.secretdesk.core.store.Timestamps;
import io.secretdesk.core.store.UserCredential;
import io.secretdesk.core.target.ReplicateToken;
import io.secretdesk.core.target.TakesEffect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SimpleTuner's answer bodies as SecretDesk's types (shapes: simpletuner-api.md, sections 4.1-4.14). */
final class RemoteJson {

    /** Floats keep their digits, as configs read from jobs.db do, so the two compare equal. */
    private static final ObjectMapper EXACT = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RemoteJson() {
    }

    /** A JSON object as an ordered map ({} for anything else). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new LinkedHashMap<>();
        }
        try {
            return EXACT.readValue(EXACT.writeValueAsBytes(node), LinkedHashMap.class);
        } catch (java.io.IOException e) {
            return new LinkedHashMap<>();
        }
    }

    static AuditEntry auditEntry(JsonNode row) {
        Long actorId = row.path("actor_id").isNumber() ? row.path("actor_id").asLong() : null;
        String details = PythonJson.dumps(object(row.path("details")));
        return new AuditEntry(row.path("id").asLong(), text(row, "timestamp"), text(row, "event_type"), actorId,
                text(row, "actor_username"), text(row, "target_type"), text(row, "target_id"), text(row, "action"),
                details, null);
    }

    static AuditStats stats(JsonNode answer) {
        Map<String, Long> byType = new LinkedHashMap<>();
        answer.path("by_type").fields().forEachRemaining(e -> byType.put(e.getKey(), e.getValue().asLong()));
        return new AuditStats(answer.path("total_entries").asLong(), byType,
                Optional.ofNullable(text(answer, "first_entry")), Optional.ofNullable(text(answer, "last_entry")));
    }

    static ChainVerification chain(JsonNode answer) {
        List<ChainVerification.BrokenLink> broken = new ArrayList<>();
        for (JsonNode link : answer.path("broken_links")) {
            broken.add(new ChainVerification.BrokenLink(link.path("id").asLong(),
                    "hash_mismatch".equals(link.path("error").asText(null)) ? "hash_mismatch" : "previous_hash_mismatch"));
        }
        if (!answer.path("valid").asBoolean(true) && broken.isEmpty()) {
            broken.add(new ChainVerification.BrokenLink(answer.path("first_id").asLong(), "previous_hash_mismatch"));
        }
        return new ChainVerification(answer.path("entries_checked").asLong(), answer.path("first_id").asLong(0),
                answer.path("last_id").asLong(0), broken, "");
    }

    static List<UserCredential> credentials(JsonNode answer, long userId) {
        List<UserCredential> list = new ArrayList<>();
        for (JsonNode row : answer) {
            list.add(new UserCredential(row.path("id").asLong(), userId, null, text(row, "provider"),
                    text(row, "credential_name"), row.path("is_active").asBoolean(true), time(row, "created_at"),
                    time(row, "updated_at"), time(row, "last_used_at")));
        }
        return list;
    }

    static ReplicateToken.Change tokenChange(JsonNode answer, TakesEffect effect) {
        boolean done = answer.path("success").asBoolean(false);
        String where = text(answer, "file_path");
        String problem = answer.path("error").isTextual() ? line(answer.path("error").asText()) : null;
        return new ReplicateToken.Change(done, where, problem, effect);
    }

    /** A server's text for one line: control characters out, at most 200 characters. */
    static String line(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString().strip();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static Instant time(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parse(text);
        } catch (RuntimeException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (RuntimeException notLocal) {
                return null;
            }
        }
    }
}
