package io.secretdesk.core.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.secretdesk.core.HostLookup;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.pricing.HardwareInfo.Hardware;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditQuery;
import io.secretdesk.core.store.AuditStats;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.UserCredential;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.ReplicateToken;
import io.secretdesk.core.target.TakesEffect;
import io.secretdesk.core.target.Target;
import io.secretdesk.core.target.TargetException;
import io.secretdesk.core.target.TargetException.Reason;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A SimpleTuner server reached over its HTTP API ({@code simpletuner server}): the routes and their answers are those
 * of bghira/SimpleTuner@bc8e6ab, written down with the file and line they were read from in the test resource
 * {@code io/secretdesk/testing/simpletuner-api.md}. Every call blocks up to the server's timeouts; call it off the
 * JavaFX thread. Thread-safe. {@code toString()} names the server and its URL, never the key.
 */
public final class RemoteTarget implements Target {

    /** SimpleTuner's providers ({@code PROVIDER_DEFINITIONS} in its provider registry): the API has no list route. */
    public static final List<String> KNOWN_PROVIDERS = List.of("replicate", "simpletuner_io");

    private final Http http;
    private final Clock clock;

    /**
     * @param key the API key, asked for on each call that sends it; null answers send none
     */
    public RemoteTarget(ServerSettings settings, Supplier<ApiKey> key, HostLookup lookup, Clock clock) {
        this.http = new Http(settings, key, lookup);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A target over {@code settings} with {@code key} (may be null) and the system's resolver and clock. */
    public static RemoteTarget of(ServerSettings settings, ApiKey key) {
        return new RemoteTarget(settings, () -> key, HostLookup.system(), Clock.systemUTC());
    }

    public ServerSettings settings() {
        return http.settings();
    }

    @Override
    public String name() {
        return http.settings().name();
    }

    @Override
    public String location() {
        return http.settings().location();
    }

    /** The known providers that have a non-empty config on the server (one read per known provider). */
    @Override
    public List<String> providers() {
        List<String> configured = new ArrayList<>();
        for (String provider : KNOWN_PROVIDERS) {
            if (!providerConfig(provider).isEmpty()) {
                configured.add(provider);
            }
        }
        return configured;
    }

    @Override
    public Map<String, Object> providerConfig(String provider) {
        JsonNode answer = http.json(Http.Call.get(configPath(provider)));
        return RemoteJson.object(answer.path("config"));
    }

    /**
     * One {@code PUT}: SimpleTuner applies it to a copy and saves once, so it is applied whole or not at all. Keys the
     * route cannot set, and removals it cannot express, are refused before anything is sent ({@link ConfigFields}).
     */
    @Override
    public Map<String, Object> mergeProviderConfig(String provider, Map<String, ?> changes) {
        Map<String, Object> body = ConfigFields.update(name(), provider, changes);
        JsonNode answer = http.json(new Http.Call("PUT", configPath(provider), Map.of(), body, true));
        return RemoteJson.object(answer.path("config"));
    }

    /**
     * Config and pricing written through the API take effect at once (the PUT clears the pricing cache); so does a
     * token set or deleted through it, in the running process.
     */
    @Override
    public TakesEffect takesEffect(Setting what) {
        return switch (what) {
            case PROVIDER_CONFIG, USER_CREDENTIAL, HARDWARE_PRICING, SECRET -> TakesEffect.NOW;
        };
    }

    @Override
    public Map<String, Hardware> hardwarePricing() {
        JsonNode answer = http.json(Http.Call.get("/api/cloud/hardware-options"));
        Map<String, Hardware> table = new LinkedHashMap<>();
        for (JsonNode row : answer.path("hardware")) {
            String id = row.path("id").asText();
            table.put(id, new Hardware(id, row.path("name").asText(id), row.path("cost_per_second").asDouble()));
        }
        return Collections.unmodifiableMap(table);
    }

    @Override
    public boolean hardwarePricingConfigured() {
        Object table = providerConfig(HardwareInfo.PROVIDER).get(HardwareInfo.CONFIG_KEY);
        return table instanceof Map<?, ?> map && !map.isEmpty();
    }

    @Override
    public void setHardwarePricing(Map<String, Hardware> table) {
        Map<String, Object> seed = HardwareInfo.toSeedMap(table);
        try {
            HardwareInfo.parse(seed);
        } catch (IllegalArgumentException e) {
            throw new TargetException(Reason.INVALID_INPUT, e.getMessage() + "; nothing was sent to " + name());
        }
        mergeProviderConfig(HardwareInfo.PROVIDER, Map.of(HardwareInfo.CONFIG_KEY, seed));
    }

    /** Stores an empty table: SimpleTuner then uses its defaults (the API cannot remove the key). */
    @Override
    public void resetHardwarePricing() {
        mergeProviderConfig(HardwareInfo.PROVIDER, Map.of(HardwareInfo.CONFIG_KEY, Map.of()));
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        return RemoteAudit.list(http, query);
    }

    @Override
    public AuditStats auditStats() {
        return RemoteJson.stats(http.json(Http.Call.get("/api/audit/stats")));
    }

    @Override
    public ChainVerification verifyAudit() {
        return RemoteJson.chain(http.json(Http.Call.get("/api/audit/verify")));
    }

    /**
     * SimpleTuner's API lists credentials per user id. At bc8e6ab the route answers 500 for every user who has a
     * credential (its response model wants fields the store does not return); that is said as SimpleTuner's fault.
     */
    @Override
    public List<UserCredential> userCredentials(String user) {
        if (user == null || !user.strip().matches("\\d{1,18}")) {
            throw new TargetException(Reason.INVALID_INPUT, name() + ": SimpleTuner's API lists credentials per user id "
                    + "(a number, as shown in its Users page); give --user ID");
        }
        long id = Long.parseLong(user.strip());
        Http.Call call = Http.Call.get("/api/users/" + id + "/credentials");
        Http.Answer answer = http.exchange(call);
        if (answer.status() == 500) {
            throw new TargetException(Reason.FAILED, name() + ": " + call.route() + " failed inside SimpleTuner (500). "
                    + "SimpleTuner 4.8 (bc8e6ab) answers 500 for every user who has a stored credential: its response "
                    + "model requires 'description' and 'updated_at', which its credential store does not return. This "
                    + "is SimpleTuner's bug, not the key's; list them on the host with 'secretdesk user-credentials'");
        }
        if (answer.status() / 100 != 2) {
            throw ApiFailures.forStatus(name(), call, answer);
        }
        return RemoteJson.credentials(http.parse(call, answer), id);
    }

    @Override
    public HealthReport health() {
        return check().toReport();
    }

    /** Every check of the server at once (see {@link ServerStatus}); never throws for the server's faults. */
    public ServerStatus check() {
        return ServerCheck.run(http, clock);
    }

    @Override
    public ReplicateToken.Change setReplicateToken(String token) {
        if (token == null || token.isBlank()) {
            throw new TargetException(Reason.INVALID_INPUT, "the Replicate token is empty; nothing was sent to " + name());
        }
        JsonNode answer = http.json(new Http.Call("PUT", "/api/cloud/providers/replicate/token", Map.of(),
                Map.of("api_token", token), true));
        return RemoteJson.tokenChange(answer, takesEffect(Setting.SECRET));
    }

    @Override
    public ReplicateToken.Change deleteReplicateToken() {
        JsonNode answer = http.json(new Http.Call("DELETE", "/api/cloud/providers/replicate/token", Map.of(), null, true));
        return RemoteJson.tokenChange(answer, takesEffect(Setting.SECRET));
    }

    @Override
    public ReplicateToken.Validation validateReplicateToken() {
        JsonNode answer = http.json(Http.Call.get("/api/cloud/providers/replicate/validate"));
        boolean valid = answer.path("valid").asBoolean(false);
        String account = answer.path("user_info").path("username").isTextual()
                ? answer.path("user_info").path("username").asText() : null;
        String problem = answer.path("error").isTextual() ? RemoteJson.line(answer.path("error").asText()) : null;
        return new ReplicateToken.Validation(valid, account, problem);
    }

    @Override
    public String toString() {
        return "RemoteTarget[" + name() + " at " + location() + "]";
    }

    private static String configPath(String provider) {
        if (provider == null || provider.isBlank()) {
            throw new TargetException(Reason.INVALID_INPUT, "name a provider (replicate, simpletuner_io, ...)");
        }
        return "/api/cloud/providers/" + Http.segment(provider.strip()) + "/config";
    }
}
