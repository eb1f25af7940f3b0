package io.secretdesk.testing;

import io.secretdesk.testing.SimpleTunerApiServer.AuditRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What one SimpleTuner server process and its state folder hold, as the routes see it: provider config rows of
 * {@code jobs.db} (kept as the JSON text SimpleTuner writes), the secrets file and the process's caches over it,
 * users, API keys, per-user credentials and the HMAC-chained audit log. Not thread-safe: the server calls it under
 * one lock. Each rule cites SimpleTuner bc8e6ab in {@code simpletuner-api.md}.
 */
final class SimpleTunerState {

    static final String REPLICATE_KEY = "REPLICATE_API_TOKEN";
    static final String HOME = "/home/trainer";
    static final String SECRETS_FILE = HOME + "/.simpletuner/secrets.json";
    static final Duration HARDWARE_CACHE_TTL = Duration.ofMinutes(5);
    static final Map<String, Map<String, Object>> DEFAULT_HARDWARE = Map.of(
            "gpu-l40s", Map.of("name", "L40S (48GB)", "cost_per_second", 0.000972222),
            "gpu-h100", Map.of("name", "H100 (80GB)", "cost_per_second", 0.001525));
    private static final List<String> DEFAULT_HARDWARE_ORDER = List.of("gpu-l40s", "gpu-h100");
    private static final Map<String, Set<String>> LEVELS = Map.of(
            "viewer", Set.of("job.view.own", "config.view"),
            "researcher", Set.of("job.submit", "job.view.own", "job.cancel.own", "job.delete.own", "config.view", "config.create",
                    "config.edit.own", "config.delete.own", "queue.view", "queue.cancel.own", "api.access", "api.keys.own"),
            "lead", Set.of("job.submit", "job.view.own", "job.view.all", "job.cancel.own", "job.priority.high", "job.delete.own",
                    "config.view", "config.create", "config.edit.own", "config.delete.own", "queue.view", "queue.view.all",
                    "queue.cancel.own", "queue.approve", "quota.view", "admin.approve", "admin.audit", "api.access", "api.keys.own",
                    "org.view", "team.view", "team.create", "team.edit", "team.manage.members", "team.manage.quotas"),
            "admin", Set.of("*"));

    static final class User {
        final int id;
        final String username;
        final boolean admin;
        final Set<String> levels;
        boolean active = true;

        User(int id, String username, boolean admin, Set<String> levels) {
            this.id = id;
            this.username = username;
            this.admin = admin;
            this.levels = levels;
        }

        /** {@code User.has_permission}: admin, or a level's permission, "*" or a "prefix.*" wildcard. */
        boolean hasPermission(String permission) {
            if (!active) {
                return false;
            }
            if (admin) {
                return true;
            }
            Set<String> effective = new LinkedHashSet<>();
            levels.forEach(level -> effective.addAll(LEVELS.getOrDefault(level, Set.of())));
            if (effective.contains(permission) || effective.contains("*")) {
                return true;
            }
            String[] parts = permission.split("\\.");
            for (int i = 1; i <= parts.length; i++) {
                if (effective.contains(String.join(".", List.of(parts).subList(0, i)) + ".*")) {
                    return true;
                }
            }
            return false;
        }
    }

    record ApiKey(int id, int userId, String prefix, String sha256, boolean active, Instant expiresAt) {
    }

    record Credential(int id, int userId, String provider, String name, String createdAt, String updatedAt,
                      String lastUsedAt, boolean active) {
    }

    record ReplicateAccount(String username, String name, String githubUrl) {
    }

    final Clock clock;
    private final SecureRandom random = new SecureRandom();

    // jobs.db provider_config: provider -> config column, as json.dumps wrote it
    final Map<String, String> providerConfigRows = new LinkedHashMap<>();
    private Map<String, Object> hardwareCache;
    private Instant hardwareCachedAt;

    // ~/.simpletuner/secrets.json on disk (null: absent) and the environment the process was started with
    Map<String, Object> secretsOnDisk;
    boolean secretsFileWritable = true;
    String environmentToken;
    // in-process SecretsManager: env value read at start, file provider present?, its loaded copy, the cache
    private String processEnvironmentToken;
    private boolean fileProviderPresent;
    private Map<String, Object> fileSnapshot;
    private final Map<String, Optional<Object>> secretsCache = new LinkedHashMap<>();

    final Map<String, ReplicateAccount> replicateAccounts = new LinkedHashMap<>();
    String replicateUnreachable;

    final Map<Integer, User> users = new LinkedHashMap<>();
    final List<ApiKey> apiKeys = new ArrayList<>();
    final List<Credential> credentials = new ArrayList<>();
    private int nextUserId = 1;
    private int nextKeyId = 1;
    private int nextCredentialId = 1;

    final List<AuditRow> audit = new ArrayList<>();
    private long nextAuditId = 1;
    final byte[] auditKey = new byte[32];

    Instant healthStartedAt;
    String databaseError;
    final Set<String> serverFiles = new LinkedHashSet<>();
    final Set<String> serverDirectories = new LinkedHashSet<>(Set.of("/", HOME, HOME + "/.simpletuner"));

    String version = "4.8.0";
    boolean gitInstall;
    String gitCommit;
    Boolean gitDirty;

    SimpleTunerState(Clock clock) {
        this.clock = clock;
        random.nextBytes(auditKey);
        restart();
    }

    /** A new server process on the same state folder: every in-memory cache starts empty. */
    void restart() {
        processEnvironmentToken = environmentToken;
        fileProviderPresent = secretsOnDisk != null;
        fileSnapshot = null;
        secretsCache.clear();
        hardwareCache = null;
        hardwareCachedAt = null;
        healthStartedAt = null;
    }

    // ---------------------------------------------------------------------------------------------
    // Provider configs and hardware pricing

    /** {@code ProviderConfigStore.get}: the row parsed, or {} when absent or not JSON. */
    Map<String, Object> providerConfig(String provider) {
        String row = providerConfigRows.get(provider);
        if (row == null) {
            return new LinkedHashMap<>();
        }
        try {
            return PythonJson.parse(row) instanceof Map<?, ?> map ? copy(map) : new LinkedHashMap<>();
        } catch (PythonJson.ParseError e) {
            return new LinkedHashMap<>();
        }
    }

    void saveProviderConfig(String provider, Map<String, Object> config) {
        providerConfigRows.put(provider, PythonJson.write(config, PythonJson.Style.JSON_DUMPS));
    }

    /** {@code get_hardware_info_async}: replicate's non-empty hardware_info or the defaults, cached 5 minutes. */
    Map<String, Object> hardwareInfo() {
        Instant now = clock.instant();
        if (hardwareCache != null && Duration.between(hardwareCachedAt, now).compareTo(HARDWARE_CACHE_TTL) < 0) {
            return hardwareCache;
        }
        Object custom = providerConfig("replicate").get("hardware_info");
        if (custom instanceof Map<?, ?> map && !map.isEmpty()) {
            hardwareCache = copy(map);
        } else {
            hardwareCache = new LinkedHashMap<>();
            DEFAULT_HARDWARE_ORDER.forEach(id -> hardwareCache.put(id, new LinkedHashMap<>(DEFAULT_HARDWARE.get(id))));
        }
        hardwareCachedAt = now;
        return hardwareCache;
    }

    void clearHardwareCache() {
        hardwareCache = null;
        hardwareCachedAt = null;
    }

    // ---------------------------------------------------------------------------------------------
    // SecretsManager: environment first, then the secrets file; hits and misses cached for the process's life

    Object secret(String key) {
        Optional<Object> cached = secretsCache.get(key);
        if (cached != null) {
            return cached.orElse(null);
        }
        Object value = REPLICATE_KEY.equals(key) ? processEnvironmentToken : null;
        if (value == null && fileProviderPresent && secretsOnDisk != null) {
            value = loadedFile().get(key);
        }
        secretsCache.put(key, Optional.ofNullable(value));
        return value;
    }

    /** {@code SecretsManager.set_secret}: writes the process's copy of the file, not a fresh read of it. */
    boolean setSecret(String key, String value) {
        fileProviderPresent = true;
        Map<String, Object> secrets = loadedFile();
        secrets.put(key, value);
        if (!secretsFileWritable) {
            return false;
        }
        secretsOnDisk = new LinkedHashMap<>(secrets);
        secretsCache.put(key, Optional.of(value));
        return true;
    }

    /** {@code SecretsManager.delete_secret}: false without a file provider or file; true if the key was absent. */
    boolean deleteSecret(String key) {
        if (!fileProviderPresent || secretsOnDisk == null) {
            return false;
        }
        Map<String, Object> secrets = loadedFile();
        if (!secrets.containsKey(key)) {
            return true;
        }
        secrets.remove(key);
        if (!secretsFileWritable) {
            return false;
        }
        secretsOnDisk = new LinkedHashMap<>(secrets);
        secretsCache.remove(key);
        return true;
    }

    private Map<String, Object> loadedFile() {
        if (fileSnapshot == null) {
            fileSnapshot = secretsOnDisk == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secretsOnDisk);
        }
        return fileSnapshot;
    }

    // ---------------------------------------------------------------------------------------------
    // Users, API keys ("st_" + 32 letters/digits, stored as SHA-256 hex), credentials

    int addUser(String username, boolean admin, Set<String> levels) {
        int id = nextUserId++;
        users.put(id, new User(id, username, admin, levels));
        return id;
    }

    void removeAllUsers() {
        users.clear();
        apiKeys.clear();
        credentials.clear();
        nextUserId = 1;
    }

    String addApiKey(int userId, Instant expiresAt) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder key = new StringBuilder("st_");
        for (int i = 0; i < 32; i++) {
            key.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String raw = key.toString();
        apiKeys.add(new ApiKey(nextKeyId++, userId, raw.substring(0, 11), sha256Hex(raw), true, expiresAt));
        return raw;
    }

    /** {@code authenticate_api_key}: an active, unexpired key whose hash matches, and its user. */
    Optional<ApiKey> findApiKey(String raw) {
        if (raw == null || !raw.startsWith("st_")) {
            return Optional.empty();
        }
        String hash = sha256Hex(raw);
        Instant now = clock.instant();
        return apiKeys.stream()
                .filter(k -> k.active() && (k.expiresAt() == null || k.expiresAt().isAfter(now)) && k.sha256().equals(hash))
                .filter(k -> users.containsKey(k.userId()))
                .findFirst();
    }

    /** Single-user mode: no users (the "local" admin is created now) or only an active user named "local". */
    Optional<User> singleUserAdmin() {
        if (users.isEmpty()) {
            int id = addUser("local", true, Set.of("admin"));
            return Optional.of(users.get(id));
        }
        List<User> activeUsers = users.values().stream().filter(u -> u.active).toList();
        return activeUsers.size() == 1 && activeUsers.get(0).username.equals("local") ? Optional.of(activeUsers.get(0)) : Optional.empty();
    }

    int addCredential(int userId, String provider, String name) {
        int id = nextCredentialId++;
        credentials.add(new Credential(id, userId, provider, name, isoNow(), null, null, true));
        return id;
    }

    // ---------------------------------------------------------------------------------------------
    // Audit log: HMAC-SHA256 over "timestamp|event_type|actor_id|action|details|previous_hash", "genesis" first

    long appendAudit(String eventType, String action, Integer actorId, String actorUsername, String actorIp,
                     String targetType, String targetId, Map<String, ?> details) {
        String timestamp = isoNow();
        String detailsJson = PythonJson.write(details == null ? Map.of() : details, PythonJson.Style.JSON_DUMPS);
        String previous = audit.isEmpty() ? "genesis" : audit.get(audit.size() - 1).entryHash();
        String hash = entryHash(timestamp, eventType, actorId, action, detailsJson, previous);
        long id = nextAuditId++;
        audit.add(new AuditRow(id, timestamp, eventType, actorId, actorUsername, actorIp, targetType, targetId, action,
                detailsJson, previous, hash));
        return id;
    }

    String entryHash(String timestamp, String eventType, Integer actorId, String action, String details, String previous) {
        String data = timestamp + "|" + eventType + "|" + (actorId == null ? "None" : actorId) + "|" + action + "|" + details + "|" + previous;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(auditKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** {@code datetime.now(timezone.utc).isoformat()}: microseconds, omitted when zero, and "+00:00". */
    String isoNow() {
        return pythonIso(clock.instant());
    }

    static String pythonIso(Instant instant) {
        Instant micros = instant.minusNanos(instant.getNano() % 1000);
        String pattern = micros.getNano() == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.SSSSSS";
        return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(micros) + "+00:00";
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deep, insertion-ordered copy of parsed JSON. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
        return out;
    }

    private static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copy(map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(deepCopy(item)));
            return out;
        }
        return value;
    }
}
