package io.secretdesk.testing;

import io.secretdesk.testing.PydanticLax.Field;
import io.secretdesk.testing.PydanticLax.Kind;
import io.secretdesk.testing.SimpleTunerApiServer.AuditRow;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SimpleTuner's answers for the routes of issue 16, one method per route, each following the source lines cited in
 * {@code src/test/resources/io/secretdesk/testing/simpletuner-api.md}. Called by the server under its state lock.
 */
final class SimpleTunerRoutes {

    /** A request as the routes see it: decoded path, last value of each query parameter, headers case-insensitive. */
    record Request(String method, String path, Map<String, String> query, TreeMap<String, String> headers, byte[] body,
                   String clientIp) {
    }

    /** An answer: status, content type, extra headers, body bytes. */
    record Reply(int status, String contentType, Map<String, String> headers, byte[] body) {
        static Reply json(int status, Object value, PythonJson.Style style) {
            return new Reply(status, "application/json", Map.of(), PythonJson.write(value, style).getBytes(StandardCharsets.UTF_8));
        }

        /** FastAPI's {@code HTTPException} handler: {@code {"detail": ...}} written by Starlette's JSONResponse. */
        static Reply detail(int status, Object detail) {
            return json(status, Map.of("detail", detail), PythonJson.Style.STARLETTE);
        }

        /** Starlette's ServerErrorMiddleware answer to an unhandled exception. */
        static Reply internalError() {
            return new Reply(500, "text/plain; charset=utf-8", Map.of(), "Internal Server Error".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An {@code HTTPException} raised inside a route. */
    static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Reply reply;

        HttpError(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }

        static HttpError badRequest(String detail) {
            return new HttpError(Reply.detail(400, detail));
        }
    }

    static final List<Field> PROVIDER_CONFIG_UPDATE = List.of(
            Field.optional("version_override", Kind.STR), Field.optional("webhook_url", Kind.STR),
            Field.optional("preferences", Kind.DICT), Field.optional("cost_limit_enabled", Kind.BOOL),
            Field.optional("cost_limit_amount", Kind.FLOAT), Field.optional("cost_limit_period", Kind.STR),
            Field.optional("cost_limit_action", Kind.STR), Field.optional("hardware_info", Kind.DICT_OF_DICT),
            Field.optional("hardware_profile", Kind.STR), Field.optional("webhook_require_signature", Kind.BOOL),
            Field.optional("webhook_allowed_ips", Kind.LIST_OF_STR), Field.optional("ssl_verify", Kind.BOOL),
            Field.optional("ssl_ca_bundle", Kind.STR), Field.optional("proxy_url", Kind.STR),
            Field.optional("http_timeout", Kind.FLOAT), Field.bounded("webhook_rate_limit_max", 1L, 10000L),
            Field.bounded("webhook_rate_limit_window", 1L, 3600L), Field.bounded("s3_rate_limit_max", 1L, 10000L),
            Field.bounded("s3_rate_limit_window", 1L, 3600L), Field.optional("org_id", Kind.STR),
            Field.optional("api_base_url", Kind.STR), Field.bounded("max_runtime_minutes", 1L, null));
    static final List<Field> ADVANCED_UPDATE = List.of(
            Field.optional("ssl_verify", Kind.BOOL), Field.optional("ssl_ca_bundle", Kind.STR), Field.optional("proxy_url", Kind.STR),
            Field.optional("http_timeout", Kind.INT), Field.optional("webhook_ip_allowlist_enabled", Kind.BOOL),
            Field.optional("webhook_allowed_ips", Kind.LIST_OF_STR));
    private static final List<Field> SAVE_TOKEN = List.of(Field.required("api_token", Kind.STR));
    private static final Set<String> REPLICATE_PROFILES = Set.of("h100", "h100-x2", "h100-x4", "h100-x8", "l40s", "l40s-x2", "l40s-x4", "l40s-x8");
    private static final String PROFILE_LIST = "h100, h100-x2, h100-x4, h100-x8, l40s, l40s-x2, l40s-x4, l40s-x8";
    static final String REPLICATE_401_BODY = "{\"title\":\"Unauthenticated\",\"detail\":\"You did not pass a valid authentication token\",\"status\":401}";
    private static final PythonJson.Style MODEL = PythonJson.Style.PYDANTIC;

    private final SimpleTunerState state;
    volatile boolean openRoutes = true;
    volatile boolean credentialsAsDeclared;

    SimpleTunerRoutes(SimpleTunerState state) {
        this.state = state;
    }

    Reply handle(Route route, Map<String, String> pathParams, Request request) {
        if (!openRoutes && route.cloud) {
            Reply denied = requirePermission(request, "admin.config");
            if (denied != null) {
                return denied;
            }
        }
        return switch (route) {
            case PROVIDER_CONFIG_GET -> Reply.json(200, providerConfigBody(pathParams.get("provider"),
                    state.providerConfig(pathParams.get("provider"))), MODEL);
            case PROVIDER_CONFIG_PUT -> putProviderConfig(pathParams.get("provider"), request);
            case ADVANCED_GET -> Reply.json(200, advancedBody(state.providerConfig(pathParams.get("provider"))), MODEL);
            case ADVANCED_PATCH -> patchAdvanced(pathParams.get("provider"), request);
            case HARDWARE_OPTIONS -> hardwareOptions();
            case REPLICATE_TOKEN_PUT -> putToken(request);
            case REPLICATE_TOKEN_DELETE -> state.deleteSecret(SimpleTunerState.REPLICATE_KEY)
                    ? tokenReply(true, SimpleTunerState.SECRETS_FILE, null) : tokenReply(false, null, "Failed to delete token");
            case REPLICATE_VALIDATE -> validate();
            case HEALTH -> health(request);
            case AUDIT_LIST -> auditList(request);
            case AUDIT_STATS -> auditStats(request);
            case AUDIT_VERIFY -> auditVerify(request);
            case USER_CREDENTIALS -> userCredentials(pathParams.get("user_id"), request);
            case VERSION -> version();
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Provider config (providers.py 50-222)

    private static Map<String, Object> providerConfigBody(String provider, Map<String, Object> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("config", config);
        return body;
    }

    private Reply putProviderConfig(String provider, Request request) {
        List<PydanticLax.Error> errors = new ArrayList<>();
        Map<String, Object> update = jsonBody(request, PROVIDER_CONFIG_UPDATE, errors);
        if (update == null) {
            return validationError(errors);
        }
        Map<String, Object> config = state.providerConfig(provider);
        if (update.get("version_override") instanceof String v) {
            config.put("version_override", v.isEmpty() ? null : v);
        }
        if (update.get("webhook_url") instanceof String v) {
            config.put("webhook_url", webhookUrl(v));
        }
        putIfSet(config, update, "preferences");
        putIfSet(config, update, "cost_limit_enabled");
        if (update.get("cost_limit_amount") instanceof Double amount) {
            if (amount < 0) {
                throw HttpError.badRequest("Cost limit amount must be non-negative");
            }
            config.put("cost_limit_amount", amount);
        }
        if (update.get("cost_limit_period") instanceof String period) {
            if (!Set.of("daily", "weekly", "monthly").contains(period)) {
                throw HttpError.badRequest("Cost limit period must be 'daily', 'weekly', or 'monthly'");
            }
            config.put("cost_limit_period", period);
        }
        if (update.get("cost_limit_action") instanceof String action) {
            if (!Set.of("warn", "block").contains(action)) {
                throw HttpError.badRequest("Cost limit action must be 'warn' or 'block'");
            }
            config.put("cost_limit_action", action);
        }
        if (update.get("hardware_info") instanceof Map<?, ?> hardware) {
            hardware.forEach((id, info) -> checkHardware(String.valueOf(id), (Map<?, ?>) info));
            config.put("hardware_info", hardware);
            state.clearHardwareCache();
        }
        if (update.get("hardware_profile") instanceof String profile) {
            if (!provider.equals("replicate")) {
                config.put("hardware_profile", profile.isEmpty() ? null : profile);
            } else if (!profile.isEmpty()) {
                config.put("hardware_profile", replicateProfile(profile));
            } else {
                config.remove("hardware_profile");
            }
        }
        putIfSet(config, update, "webhook_require_signature");
        if (update.get("webhook_allowed_ips") instanceof List<?> ips) {
            config.put("webhook_allowed_ips", allowedIps(ips));
        }
        putIfSet(config, update, "ssl_verify");
        if (update.get("ssl_ca_bundle") instanceof String bundle) {
            if (bundle.isEmpty()) {
                config.remove("ssl_ca_bundle");
            } else {
                config.put("ssl_ca_bundle", caBundle(bundle, true));
            }
        }
        setOrRemove(config, "proxy_url", update.get("proxy_url"));
        if (update.get("http_timeout") instanceof Double timeout) {
            if (timeout > 0) {
                config.put("http_timeout", timeout);
            } else {
                config.remove("http_timeout");
            }
        }
        for (String key : List.of("webhook_rate_limit_max", "webhook_rate_limit_window", "s3_rate_limit_max", "s3_rate_limit_window")) {
            putIfSet(config, update, key);
        }
        if (update.get("org_id") instanceof String orgId) {
            setOrRemove(config, "org_id", PythonChecks.strip(orgId));
        }
        if (update.get("api_base_url") instanceof String base) {
            if (base.isEmpty()) {
                config.remove("api_base_url");
            } else {
                PythonChecks.Url url = PythonChecks.urlparse(base);
                if (!Set.of("http", "https").contains(url.scheme()) || url.netloc().isEmpty()) {
                    throw HttpError.badRequest("api_base_url must include scheme and host (e.g., https://simpletuner.io)");
                }
                config.put("api_base_url", base.replaceAll("/+$", ""));
            }
        }
        putIfSet(config, update, "max_runtime_minutes");
        state.saveProviderConfig(provider, config);
        return Reply.json(200, providerConfigBody(provider, config), MODEL);
    }

    private static void putIfSet(Map<String, Object> config, Map<String, Object> update, String key) {
        if (update.get(key) != null) {
            config.put(key, update.get(key));
        }
    }

    private static void setOrRemove(Map<String, Object> config, String key, Object value) {
        if (value instanceof String s) {
            if (s.isEmpty()) {
                config.remove(key);
            } else {
                config.put(key, s);
            }
        }
    }

    private static void checkHardware(String id, Map<?, ?> info) {
        if (!info.containsKey("cost_per_second")) {
            throw HttpError.badRequest("Hardware info for '" + id + "' must include 'cost_per_second'");
        }
        Object cost = info.get("cost_per_second");
        boolean number = cost instanceof Boolean || cost instanceof Number;
        if (!number || (cost instanceof Number n && n.doubleValue() < 0)) {
            throw HttpError.badRequest("cost_per_second for '" + id + "' must be a non-negative number");
        }
    }

    /** {@code normalize_replicate_hardware_profile} (replicate_profiles.py 86-99). */
    private static String replicateProfile(String profile) {
        String value = PythonChecks.strip(profile).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        if (value.startsWith("advanced-trainer-")) {
            value = value.substring("advanced-trainer-".length());
        }
        if (Set.of("1xh100", "h100-x1", "1x-h100").contains(value)) {
            value = "h100";
        } else if (Set.of("1xl40s", "l40s-x1", "1x-l40s").contains(value)) {
            value = "l40s";
        }
        if (!REPLICATE_PROFILES.contains(value)) {
            throw HttpError.badRequest("Invalid Replicate hardware profile '" + profile + "'. Valid profiles: " + PROFILE_LIST);
        }
        return value;
    }

    /** {@code validate_webhook_url} (helpers.py 142-164). */
    private static String webhookUrl(String raw) {
        String url = PythonChecks.strip(raw);
        if (url.isEmpty()) {
            return null;
        }
        String problem;
        try {
            PythonChecks.Url parsed = PythonChecks.urlparse(url);
            problem = parsed.scheme().isEmpty() || parsed.netloc().isEmpty() ? "Invalid URL format"
                    : !Set.of("http", "https").contains(parsed.scheme()) ? "URL must use http or https scheme" : null;
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw HttpError.badRequest("Invalid webhook URL: " + problem);
        }
        return url;
    }

    private static List<Object> allowedIps(List<?> ips) {
        for (Object ip : ips) {
            if (!PythonChecks.validIpOrCidr((String) ip)) {
                throw HttpError.badRequest("Invalid IP address or CIDR: " + ip);
            }
        }
        return new ArrayList<>(ips);
    }

    private String caBundle(String bundle, boolean mustBeFile) {
        String resolved = PythonChecks.resolve(bundle, SimpleTunerState.HOME);
        boolean file = state.serverFiles.contains(resolved);
        if (!file && !state.serverDirectories.contains(resolved)) {
            throw HttpError.badRequest("CA bundle path does not exist: " + bundle);
        }
        if (mustBeFile && !file) {
            throw HttpError.badRequest("CA bundle path is not a file: " + bundle);
        }
        return resolved;
    }

    // ---------------------------------------------------------------------------------------------
    // Advanced settings (providers.py 225-328)

    /** {@code AdvancedConfigResponse} built from the stored config; a stored value the model refuses is a 500. */
    private static Map<String, Object> advancedBody(Map<String, Object> config) {
        List<PydanticLax.Error> errors = new ArrayList<>();
        List<Object> loc = List.of();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ssl_verify", PydanticLax.bool(config.getOrDefault("ssl_verify", true), loc, errors));
        body.put("ssl_ca_bundle", optional(config.get("ssl_ca_bundle"), loc, errors));
        body.put("proxy_url", optional(config.get("proxy_url"), loc, errors));
        body.put("http_timeout", PydanticLax.integer(config.getOrDefault("http_timeout", 30L), loc, errors));
        body.put("webhook_ip_allowlist_enabled", truthy(config.get("webhook_allowed_ips")));
        Object ips = config.getOrDefault("webhook_allowed_ips", List.of());
        body.put("webhook_allowed_ips", PydanticLax.coerce(Field.optional("ips", Kind.LIST_OF_STR), ips, loc, errors));
        if (!errors.isEmpty()) {
            throw new IllegalStateException("AdvancedConfigResponse validation failed");
        }
        return body;
    }

    private static Object optional(Object value, List<Object> loc, List<PydanticLax.Error> errors) {
        return value == null ? null : PydanticLax.str(value, loc, errors);
    }

    private Reply patchAdvanced(String provider, Request request) {
        List<PydanticLax.Error> errors = new ArrayList<>();
        Map<String, Object> update = jsonBody(request, ADVANCED_UPDATE, errors);
        if (update == null) {
            return validationError(errors);
        }
        Map<String, Object> config = state.providerConfig(provider);
        putIfSet(config, update, "ssl_verify");
        if (update.get("ssl_ca_bundle") instanceof String bundle) {
            if (bundle.isEmpty()) {
                config.remove("ssl_ca_bundle");
            } else {
                config.put("ssl_ca_bundle", caBundle(bundle, false));
            }
        }
        setOrRemove(config, "proxy_url", update.get("proxy_url"));
        if (update.get("http_timeout") instanceof Long timeout) {
            if (timeout > 0) {
                config.put("http_timeout", timeout);
            } else {
                config.remove("http_timeout");
            }
        }
        if (update.get("webhook_allowed_ips") instanceof List<?> ips) {
            config.put("webhook_allowed_ips", allowedIps(ips));
        }
        state.saveProviderConfig(provider, config);
        return Reply.json(200, advancedBody(config), MODEL);
    }

    // ---------------------------------------------------------------------------------------------
    // Hardware options (job_utils.py 137-161, replicate_client.py 45-100)

    private Reply hardwareOptions() {
        List<Object> hardware = new ArrayList<>();
        for (Map.Entry<String, Object> entry : state.hardwareInfo().entrySet()) {
            Map<?, ?> info = (Map<?, ?>) entry.getValue();
            Object cost = info.containsKey("cost_per_second") ? info.get("cost_per_second") : 0.001;
            Object name = info.containsKey("name") ? info.get("name") : entry.getKey();
            if (!(name instanceof String) || !(cost instanceof Number || cost instanceof Boolean)) {
                throw new IllegalStateException("HardwareOption validation failed");
            }
            double perSecond = cost instanceof Boolean b ? (b ? 1 : 0) : ((Number) cost).doubleValue();
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("id", entry.getKey());
            option.put("name", name);
            option.put("cost_per_second", perSecond);
            option.put("cost_per_hour", pythonRound2(perSecond * 3600));
            option.put("available", true);
            hardware.add(option);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hardware", hardware);
        body.put("default_hardware", "gpu-l40s");
        body.put("message", "Hardware is determined by the model endpoint. Use 'Model Version' selector to switch endpoints.");
        return Reply.json(200, body, MODEL);
    }

    /** Python's {@code round(x, 2)}: the exact binary value rounded half-even, back to the nearest double. */
    static double pythonRound2(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    // ---------------------------------------------------------------------------------------------
    // Replicate token and validation (providers.py 524-666, replicate_client.py 248-282)

    private Reply putToken(Request request) {
        List<PydanticLax.Error> errors = new ArrayList<>();
        Map<String, Object> body = jsonBody(request, SAVE_TOKEN, errors);
        if (body == null) {
            return validationError(errors);
        }
        String token = PythonChecks.strip((String) body.get("api_token"));
        if (token.isEmpty()) {
            return tokenReply(false, null, "Token cannot be empty");
        }
        if (!token.startsWith("r8_")) {
            return tokenReply(false, null, "Invalid token format. Replicate tokens start with 'r8_'");
        }
        if (!state.setSecret(SimpleTunerState.REPLICATE_KEY, token)) {
            return tokenReply(false, null, "Failed to save token to file");
        }
        Map<String, Object> check = replicateAccount();
        if (check.get("error") != null) {
            return tokenReply(true, SimpleTunerState.SECRETS_FILE, "Token saved but validation failed: " + check.get("error"));
        }
        return tokenReply(true, SimpleTunerState.SECRETS_FILE, null);
    }

    private static Reply tokenReply(boolean success, String filePath, String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", success);
        body.put("file_path", filePath);
        body.put("error", error);
        return Reply.json(200, body, MODEL);
    }

    private Reply validate() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!truthy(state.secret(SimpleTunerState.REPLICATE_KEY))) {
            body.put("valid", false);
            body.put("user_info", null);
            body.put("error", "REPLICATE_API_TOKEN environment variable not set");
            return Reply.json(200, body, MODEL);
        }
        Map<String, Object> account = replicateAccount();
        boolean valid = account.get("error") == null;
        body.put("valid", valid);
        body.put("user_info", valid ? account : null);
        body.put("error", valid ? null : account.get("error"));
        return Reply.json(200, body, MODEL);
    }

    /** {@code ReplicateCogClient.validate_credentials()} against the pretend Replicate {@code GET /v1/account}. */
    private Map<String, Object> replicateAccount() {
        Object token = state.secret(SimpleTunerState.REPLICATE_KEY);
        Map<String, Object> out = new LinkedHashMap<>();
        if (!truthy(token)) {
            out.put("error", "REPLICATE_API_TOKEN not set");
        } else if (state.replicateUnreachable != null) {
            out.put("error", state.replicateUnreachable);
        } else if (!state.replicateAccounts.containsKey(String.valueOf(token))) {
            out.put("error", "HTTP 401: " + REPLICATE_401_BODY);
        } else {
            SimpleTunerState.ReplicateAccount account = state.replicateAccounts.get(String.valueOf(token));
            out.put("valid", true);
            out.put("username", account.username());
            out.put("name", account.name());
            out.put("github_url", account.githubUrl());
            out.put("token_source", "global");
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Health (routes/cloud/metrics.py 157-308)

    private Reply health(Request request) {
        List<PydanticLax.Error> errors = new ArrayList<>();
        String includeRaw = request.query().get("include_replicate");
        Object include = includeRaw == null ? Boolean.FALSE : PydanticLax.bool(includeRaw, List.of("query", "include_replicate"), errors);
        if (!errors.isEmpty()) {
            return validationError(errors);
        }
        Instant now = state.clock.instant();
        if (state.healthStartedAt == null) {
            state.healthStartedAt = now;
        }
        List<Object> components = new ArrayList<>();
        String[] overall = {"healthy"};
        if (state.databaseError == null) {
            component(components, overall, "database", "healthy", "SQLite database accessible", 0.0, true);
        } else {
            component(components, overall, "database", "unhealthy", "Database error: " + state.databaseError, 0.0, true);
        }
        boolean hasToken = state.secret(SimpleTunerState.REPLICATE_KEY) != null;
        component(components, overall, "secrets", hasToken ? "healthy" : "degraded",
                hasToken ? "API token configured" : "No Replicate API token configured", null, true);
        if (Boolean.TRUE.equals(include)) {
            Object token = state.secret(SimpleTunerState.REPLICATE_KEY);
            if (!truthy(token)) {
                component(components, overall, "replicate_api", "degraded", "Skipped - no API token configured", null, false);
            } else if (state.replicateUnreachable != null) {
                component(components, overall, "replicate_api", "degraded", "Replicate API error: " + state.replicateUnreachable, 0.0, true);
            } else if (state.replicateAccounts.containsKey(String.valueOf(token))) {
                component(components, overall, "replicate_api", "healthy", "Replicate API accessible", 0.0, true);
            } else {
                component(components, overall, "replicate_api", "degraded", "Replicate API returned 401", 0.0, true);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", overall[0]);
        body.put("version", "1.0.0");
        body.put("uptime_seconds", pythonRound2(Duration.between(state.healthStartedAt, now).toNanos() / 1e9));
        body.put("components", components);
        body.put("timestamp", state.isoNow());
        return Reply.json(200, body, MODEL);
    }

    private static void component(List<Object> components, String[] overall, String name, String status, String message,
                                  Double latencyMs, boolean degradeOverall) {
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("name", name);
        component.put("status", status);
        component.put("latency_ms", latencyMs);
        component.put("message", message);
        components.add(component);
        if (degradeOverall) {
            if (status.equals("unhealthy")) {
                overall[0] = "unhealthy";
            } else if (status.equals("degraded") && overall[0].equals("healthy")) {
                overall[0] = "degraded";
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Audit (routes/audit.py 88-174, services/cloud/audit.py 199-616)

    private Reply auditList(Request request) {
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
                .filter(r -> truthy(eventType) ? eventType.equals(r.eventType()) : true)
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

    private Reply auditStats(Request request) {
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

    private Reply auditVerify(Request request) {
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

    private Reply userCredentials(String rawUserId, Request request) {
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

    private Reply version() {
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
    private Reply requirePermission(Request request, String permission) {
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

    // ---------------------------------------------------------------------------------------------
    // FastAPI request plumbing

    /**
     * The body as FastAPI reads it (routing.py 433-465 at FastAPI 0.141): JSON only with an application/json (or
     * +json) content type, bytes otherwise; then the model's validation.
     */
    private static Map<String, Object> jsonBody(Request request, List<Field> model, List<PydanticLax.Error> errors) {
        byte[] bytes = request.body();
        if (bytes.length == 0) {
            return PydanticLax.body(null, false, model, errors);
        }
        String contentType = request.headers().getOrDefault("Content-Type", "");
        String mediaType = contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!(mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json")))) {
            return PydanticLax.body(text, true, model, errors);
        }
        try {
            return PydanticLax.body(PythonJson.parse(text), true, model, errors);
        } catch (PythonJson.ParseError e) {
            throw new HttpError(Reply.json(422, Map.of("detail", List.of(new PydanticLax.Error("json_invalid",
                    List.of("body", e.position), "JSON decode error", Map.of(), Map.of("error", e.pythonMessage)).toJson())),
                    PythonJson.Style.STARLETTE));
        }
    }

    private static Long queryInt(Request request, String name, Long dflt, Long ge, Long le, List<PydanticLax.Error> errors) {
        String raw = request.query().get(name);
        if (raw == null) {
            return dflt;
        }
        Object value = PydanticLax.coerce(new Field(name, Kind.INT, false, ge, le), raw, List.of("query", name), errors);
        return value == PydanticLax.INVALID ? null : (Long) value;
    }

    private static Reply validationError(List<PydanticLax.Error> errors) {
        return Reply.json(422, Map.of("detail", errors.stream().map(PydanticLax.Error::toJson).toList()), PythonJson.Style.STARLETTE);
    }

    /** Python truthiness for the values these routes test with a bare {@code if}. */
    static boolean truthy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (value instanceof List<?> l) {
            return !l.isEmpty();
        }
        return true;
    }
}
