package io.secretdesk.testing;

import static io.secretdesk.testing.SimpleTunerHttp.jsonBody;
import static io.secretdesk.testing.SimpleTunerHttp.truthy;
import static io.secretdesk.testing.SimpleTunerHttp.validationError;

import io.secretdesk.testing.PydanticLax.Field;
import io.secretdesk.testing.PydanticLax.Kind;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import io.secretdesk.testing.SimpleTunerHttp.HttpError;
import io.secretdesk.testing.SimpleTunerHttp.Reply;
import io.secretdesk.testing.SimpleTunerHttp.Request;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * SimpleTuner's open /api/cloud routes — provider config, advanced settings, hardware pricing, the Replicate token
 * and its validation, health — one method per route, each following the source lines cited in
 * {@code src/test/resources/io/secretdesk/testing/simpletuner-api.md}; the guarded routes are in
 * {@link SimpleTunerAdminRoutes}. Called by the server under its state lock.
 */
final class SimpleTunerRoutes {


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
    final SimpleTunerAdminRoutes admin;
    volatile boolean openRoutes = true;

    SimpleTunerRoutes(SimpleTunerState state) {
        this.state = state;
        this.admin = new SimpleTunerAdminRoutes(state);
    }

    /** Answers one matched route; an {@link HttpError} or any other exception is left to the caller. */
    Reply handle(Route route, Map<String, String> pathParams, Request request) {
        if (!openRoutes && route.cloud) {
            Reply denied = admin.requirePermission(request, "admin.config");
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
            case AUDIT_LIST -> admin.auditList(request);
            case AUDIT_STATS -> admin.auditStats(request);
            case AUDIT_VERIFY -> admin.auditVerify(request);
            case USER_CREDENTIALS -> admin.userCredentials(pathParams.get("user_id"), request);
            case VERSION -> admin.version();
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
}
