package io.secretdesk.testing;

import static io.secretdesk.testing.SimpleTunerHttp.queryInt;
import static io.secretdesk.testing.SimpleTunerHttp.truthy;
import static io.secretdesk.testing.SimpleTunerHttp.validationError;

import io.secretdesk.testing.SimpleTunerApiServer.AuditRow;
import io.secretdesk.testing.SimpleTunerHttp.Reply;
import io.secretdesk.testing.SimpleTunerHttp.Request;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SimpleTuner's permission-guarded routes — the audit log, its statistics and chain check, per-user credential
 * metadata — with the {@code X-API-Key} authentication in front of them, and the version route. Each follows the
 * source lines cited in {@code simpletuner-api.md}. Called under the server's state lock.
 */
final class SimpleTunerAdminRoutes {

    private static final PythonJson.Style MODEL = PythonJson.Style.PYDANTIC;

    private final SimpleTunerState state;
    volatile boolean credentialsAsDeclared;

    SimpleTunerAdminRoutes(SimpleTunerState state) {
        this.state = state;
    }

    // ---------------------------------------------------------------------------------------------
    // Audit (routes/audit.py 88-174, services/cloud/audit.py 199-616)

    Reply auditList(Request request) {
        Reply denied = requirePermission(request, "admin.audit");
        if (denied != null) {
            return denied;
        }
        List<PydanticLax.Error> errors = new ArrayList<>();
        String eventType = request.query().get("event_type");
        Long actorId = queryInt(request, "actor_id", null, null, null, errors);
        String targetType = request.query().get("target_type");
        String targetId = request.query().get("target_id");
        String since = request.query().get("since");
        String until = request.query().get("until");
        Long limit = queryInt(request, "limit", 50L, 1L, 500L, errors);
        Long offset = queryInt(request, "offset", 0L, 0L, null, errors);
        if (!errors.isEmpty()) {
            return validationError(errors);
        }
        List<AuditRow> matching = state.audit.stream()
                .filter(r -> !truthy(eventType) || eventType.equals(r.eventType()))
                .filter(r -> actorId == null || (r.actorId() != null && r.actorId().longValue() == actorId))
                .filter(r -> !truthy(targetType) || targetType.equals(r.targetType()))
                .filter(r -> !truthy(targetId) || targetId.equals(r.targetId()))
                .filter(r -> !truthy(since) || r.timestamp().compareTo(since) >= 0)
                .filter(r -> !truthy(until) || r.timestamp().compareTo(until) <= 0)
                .sorted(Comparator.comparingLong(AuditRow::id).reversed())
                .skip(offset).limit(limit + 1).toList();
        boolean hasMore = matching.size() > limit;
        List<Object> entries = new ArrayList<>();
        for (AuditRow row : hasMore ? matching.subList(0, limit.intValue()) : matching) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", row.id());
            entry.put("timestamp", row.timestamp());
            entry.put("event_type", row.eventType());
            entry.put("actor_id", row.actorId());
            entry.put("actor_username", row.actorUsername());
            entry.put("actor_ip", row.actorIp());
            entry.put("target_type", row.targetType());
            entry.put("target_id", row.targetId());
            entry.put("action", row.action());
            entry.put("details", parseDetails(row.detailsJson()));
            entries.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", entries);
        body.put("total", entries.size());
        body.put("has_more", hasMore);
        return Reply.json(200, body, MODEL);
    }

    private static Object parseDetails(String json) {
        try {
            if (PythonJson.parse(json) instanceof Map<?, ?> map) {
                return map;
            }
        } catch (PythonJson.ParseError e) {
            // json.loads raises inside the route: an unhandled exception
        }
        throw new IllegalStateException("audit details are not a JSON object");
    }

    Reply auditStats(Request request) {
        Reply denied = requirePermission(request, "admin.audit");
        if (denied != null) {
            return denied;
        }
        Map<String, Long> counts = new TreeMap<>();
        state.audit.forEach(r -> counts.merge(r.eventType(), 1L, Long::sum));
        Map<String, Object> byType = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byType.put(e.getKey(), e.getValue()));
        // SQLite compares the ISO text with datetime('now', '-24 hours'), i.e. "YYYY-MM-DD HH:MM:SS": 'T' > ' '.
        String cutoff = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(state.clock.instant().minus(Duration.ofHours(24)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_entries", state.audit.size());
        body.put("by_type", byType);
        body.put("last_24h", state.audit.stream().filter(r -> r.timestamp().compareTo(cutoff) >= 0).count());
        body.put("first_entry", state.audit.stream().map(AuditRow::timestamp).min(String::compareTo).orElse(null));
        body.put("last_entry", state.audit.stream().map(AuditRow::timestamp).max(String::compareTo).orElse(null));
        return Reply.json(200, body, MODEL);
    }

    Reply auditVerify(Request request) {
        Reply denied = requirePermission(request, "admin.audit");
        if (denied != null) {
            return denied;
        }
        List<PydanticLax.Error> errors = new ArrayList<>();
        Long startId = queryInt(request, "start_id", null, null, null, errors);
        Long endId = queryInt(request, "end_id", null, null, null, errors);
        if (!errors.isEmpty()) {
            return validationError(errors);
        }
        List<AuditRow> rows = state.audit.stream()
                .filter(r -> (startId == null || r.id() >= startId) && (endId == null || r.id() <= endId))
                .sorted(Comparator.comparingLong(AuditRow::id)).toList();
        List<Object> broken = new ArrayList<>();
        String expectedPrevious = "genesis";
        for (AuditRow row : rows) {
            if (!row.previousHash().equals(expectedPrevious)) {
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("id", row.id());
                link.put("expected_previous", expectedPrevious);
                link.put("actual_previous", row.previousHash());
                broken.add(link);
            }
            String computed = state.entryHash(row.timestamp(), row.eventType(), row.actorId(), row.action(), row.detailsJson(),
                    row.previousHash());
            if (!computed.equals(row.entryHash())) {
                Map<String, Object> mismatch = new LinkedHashMap<>();
                mismatch.put("id", row.id());
                mismatch.put("error", "hash_mismatch");
                mismatch.put("expected_hash", computed);
                mismatch.put("actual_hash", row.entryHash());
                broken.add(mismatch);
            }
            expectedPrevious = row.entryHash();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", broken.isEmpty());
        body.put("entries_checked", rows.size());
        body.put("broken_links", broken);
        body.put("first_id", rows.isEmpty() ? null : rows.get(0).id());
        body.put("last_id", rows.isEmpty() ? null : rows.get(rows.size() - 1).id());
        return Reply.json(200, body, MODEL);
    }

    // ---------------------------------------------------------------------------------------------
    // Per-user credential metadata (routes/users.py 1263-1274, 1396-1417)

    Reply userCredentials(String rawUserId, Request request) {
        Reply denied = requirePermission(request, "admin.users");
        if (denied != null) {
            return denied;
        }
        List<PydanticLax.Error> errors = new ArrayList<>();
        Object userId = PydanticLax.integer(rawUserId, List.of("path", "user_id"), errors);
        if (!errors.isEmpty()) {
            return validationError(errors);
        }
        long id = (Long) userId;
        if (id > Integer.MAX_VALUE || id < Integer.MIN_VALUE || !state.users.containsKey((int) id)) {
            return Reply.detail(404, "User " + id + " not found");
        }
        String provider = request.query().get("provider");
        List<SimpleTunerState.Credential> rows = state.credentials.stream()
                .filter(c -> c.userId() == id && (!truthy(provider) || provider.equals(c.provider())))
                .sorted(Comparator.comparing(SimpleTunerState.Credential::provider).thenComparing(SimpleTunerState.Credential::name))
                .toList();
        if (!rows.isEmpty() && !credentialsAsDeclared) {
            // CredentialResponse(**c) lacks "description" (and updated_at is NULL until a re-set): pydantic raises.
            throw new IllegalStateException("CredentialResponse validation failed");
        }
        List<Object> body = new ArrayList<>();
        for (SimpleTunerState.Credential c : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", c.id());
            entry.put("provider", c.provider());
            entry.put("credential_name", c.name());
            entry.put("description", null);
            entry.put("created_at", c.createdAt());
            entry.put("updated_at", c.updatedAt());
            entry.put("last_used_at", c.lastUsedAt());
            entry.put("is_active", c.active());
            body.add(entry);
        }
        return Reply.json(200, body, MODEL);
    }

    // ---------------------------------------------------------------------------------------------
    // Version (routes/version.py 34-73): a plain dict, so Starlette's JSONResponse writes it

    Reply version() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", state.version);
        Object major = null;
        if (state.version != null) {
            try {
                major = new BigInteger(PythonChecks.strip(state.version.split("\\.", -1)[0]));
            } catch (NumberFormatException e) {
                major = null;
            }
        }
        body.put("major", major);
        body.put("git_install", state.gitInstall);
        body.put("git_commit", state.gitCommit);
        body.put("git_dirty", state.gitDirty);
        return Reply.json(200, body, PythonJson.Style.STARLETTE);
    }

    // ---------------------------------------------------------------------------------------------
    // Auth (services/cloud/auth/middleware.py 241-346, 513-536)

    /** {@code require_permission(permission)}: null when allowed, else the 401 or 403 FastAPI sends. */
    Reply requirePermission(Request request, String permission) {
        SimpleTunerState.User user = authenticate(request);
        if (user == null) {
            return new Reply(401, "application/json", Map.of("WWW-Authenticate", "Bearer"),
                    PythonJson.write(Map.of("detail", "Authentication required"), PythonJson.Style.STARLETTE)
                            .getBytes(StandardCharsets.UTF_8));
        }
        if (!user.hasPermission(permission)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("path", request.path());
            details.put("required_permission", permission);
            state.appendAudit("security.permission_denied", "Permission denied: " + permission, user.id, user.username,
                    request.clientIp(), "permission", permission, details);
            return Reply.detail(403, "Permission denied: " + permission);
        }
        return null;
    }

    private SimpleTunerState.User authenticate(Request request) {
        String key = request.headers().get("X-API-Key");
        if (key != null && !key.isEmpty()) {
            var found = state.findApiKey(key);
            if (found.isPresent()) {
                SimpleTunerState.User user = state.users.get(found.get().userId());
                state.appendAudit("auth.api_key.used", "API key '" + found.get().prefix() + "' used by '" + user.username + "'",
                        user.id, null, request.clientIp(), "api_key", found.get().prefix(), Map.of("path", request.path()));
                return user;
            }
        }
        return state.singleUserAdmin().orElse(null);
    }
}
