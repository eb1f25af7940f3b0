package io.secretdesk.core.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.cache.TtlCache;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Per-provider configuration (webhook URL and secret, cost limits, hardware pricing...) as JSON objects in
 * SimpleTuner's {@code provider_config} table, read through the provider-config cache.
 *
 * <p>The seed's paths exactly: a read looks up {@code provider:{name}:config} in the provider-config cache
 * (normally {@link Caches#providerConfig()}) and loads from the database on a miss, caching for 300 s; a
 * write goes to the database first, then, once its transaction has ended, invalidates
 * {@code provider:{name}:*}. A load that overlaps a write is not cached (the cache drops loads invalidated
 * while they run). Every write is audited (key names only, never values) in the same transaction.
 * Maps handed out are read-only. Thread-safe.
 */
public final class ProviderConfigStore {

    /** How long a provider's config stays cached, as in the seed. */
    public static final Duration CONFIG_TTL = Duration.ofSeconds(300);

    private final Supplier<Database> jobs;
    private final AuditLog audit;
    private final TtlCache<Map<String, Object>> cache;
    private final Clock clock;
    private final List<Validator> validators = new CopyOnWriteArrayList<>();

    /**
     * @param cache the cache reads go through: {@link Caches#providerConfig()} in the application, a cache of
     *              its own in tests
     */
    public ProviderConfigStore(Supplier<Database> jobs, AuditLog audit, TtlCache<Map<String, Object>> cache, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The cache key of a provider's config: {@code provider:{name}:config}. */
    public static String cacheKey(String provider) {
        return Caches.providerConfigKey(provider);
    }

    /** The prefix of every cache key about a provider: {@code provider:{name}:}. */
    public static String cachePrefix(String provider) {
        return "provider:" + provider + ":";
    }

    /** Checks a provider's whole config before it is written; throws {@link IllegalArgumentException} to refuse it. */
    @FunctionalInterface
    public interface Validator {
        void check(String provider, Map<String, Object> config);
    }

    /** Adds a check every save and update must pass (e.g. hardware pricing validates {@code hardware_info}). */
    public void addValidator(Validator validator) {
        validators.add(Objects.requireNonNull(validator, "validator"));
    }

    /**
     * The config of {@code provider}: an empty map for an unknown provider, never null. Read-only.
     *
     * @throws StoreException ({@link StoreException.Reason#INVALID_DATA}) when the stored config is not a JSON object
     */
    public Map<String, Object> getProviderConfig(String provider) {
        checkProvider(provider);
        if (!nothingStoredYet() && jobs.get().inTransactionOnThisThread()) {
            // Inside a transaction the rows may be uncommitted: never let them into the shared cache.
            return load(provider);
        }
        return cache.getOrSet(cacheKey(provider), () -> load(provider), CONFIG_TTL);
    }

    /** {@link #saveProviderConfig(String, Map, boolean)} that never overwrites an unreadable stored config. */
    public void saveProviderConfig(String provider, Map<String, ?> config) {
        saveProviderConfig(provider, config, false);
    }

    /**
     * Replaces the whole config of {@code provider} with {@code config}. A stored config that is not JSON is refused
     * (left as it is) unless {@code overwriteUnreadable}: the operator was shown it and said to replace it.
     */
    public void saveProviderConfig(String provider, Map<String, ?> config, boolean overwriteUnreadable) {
        checkProvider(provider);
        Map<String, Object> next = Json.frozen(Objects.requireNonNull(config, "config"));
        validate(provider, next);
        jobs.get().inTransaction(() -> {
            Map<String, Object> previous = loadForWrite(provider, !overwriteUnreadable);
            write(provider, next);
            audit.append("provider_config.save", "provider:" + provider, describeChange(previous, next));
            invalidateAfterCommit(provider);
        });
    }

    /**
     * Merges {@code changes} into the config of {@code provider} (top-level keys replaced; a key mapped to
     * null is removed) and returns the result, in one {@code BEGIN IMMEDIATE} transaction: a change the server
     * made meanwhile is kept.
     *
     * @throws StoreException when the stored config is not valid JSON (it is left as it is)
     */
    public Map<String, Object> updateProviderConfig(String provider, Map<String, ?> changes) {
        checkProvider(provider);
        Map<String, Object> patch = Json.frozen(Objects.requireNonNull(changes, "changes"));
        return jobs.get().inTransaction(() -> {
            Map<String, Object> previous = loadForWrite(provider, true);
            Map<String, Object> merged = new LinkedHashMap<>(previous);
            // SimpleTuner's routes set the keys they are given; a key given as null is removed.
            patch.forEach((key, value) -> {
                if (value == null) {
                    merged.remove(key);
                } else {
                    merged.put(key, value);
                }
            });
            Map<String, Object> next = Json.frozen(merged);
            validate(provider, next);
            write(provider, next);
            audit.append("provider_config.update", "provider:" + provider, describeChange(previous, next));
            invalidateAfterCommit(provider);
            return next;
        });
    }

    /** Deletes the config of {@code provider}; returns whether there was one. */
    public boolean deleteProviderConfig(String provider) {
        checkProvider(provider);
        Database database = jobs.get();
        return database.inTransaction(() -> {
            int deleted = database.withConnection("deleting a provider config", connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM provider_config WHERE provider = ?")) {
                    delete.setString(1, provider);
                    return delete.executeUpdate();
                }
            });
            if (deleted > 0) {
                audit.append("provider_config.delete", "provider:" + provider, Map.of());
            }
            invalidateAfterCommit(provider);
            return deleted > 0;
        });
    }

    /** When {@code provider}'s config was last written (SimpleTuner's {@code updated_at}), or null when it has none. */
    public String updatedAt(String provider) {
        checkProvider(provider);
        if (nothingStoredYet()) {
            return null;
        }
        return jobs.get().withConnection("reading the config of " + provider, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT updated_at FROM provider_config WHERE provider = ?")) {
                query.setString(1, provider);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    /** The providers that have a stored config, sorted. */
    public List<String> listProviders() {
        return listProvidersUncached();
    }

    /** The webhook settings of {@code provider}, with the seed's defaults for missing keys. */
    public WebhookConfig webhookConfig(String provider) {
        return webhookConfig(provider, getProviderConfig(provider));
    }

    /**
     * The webhook settings in {@code config} (read from anywhere: this host, or a server), with the seed's defaults.
     *
     * @throws IllegalArgumentException naming a key of the wrong type
     */
    public static WebhookConfig webhookConfig(String provider, Map<String, Object> config) {
        return new WebhookConfig(optionalText(config, provider, WebhookConfig.URL), optionalText(config, provider, WebhookConfig.SECRET),
                bool(config, provider, WebhookConfig.REQUIRE_SIGNATURE, true), textList(config, provider, WebhookConfig.ALLOWED_IPS));
    }

    /** The cost limit of {@code provider}, with the seed's defaults for missing keys. */
    public CostLimit costLimit(String provider) {
        return costLimit(provider, getProviderConfig(provider));
    }

    /**
     * The cost limit in {@code config} (read from anywhere: this host, or a server), with the seed's defaults.
     *
     * @throws IllegalArgumentException naming a key of the wrong type
     */
    public static CostLimit costLimit(String provider, Map<String, Object> config) {
        return new CostLimit(bool(config, provider, CostLimit.ENABLED, false),
                number(config, provider, CostLimit.AMOUNT, 0.0),
                optionalText(config, provider, CostLimit.PERIOD).orElse(CostLimit.DEFAULT.period()),
                optionalText(config, provider, CostLimit.ACTION).orElse(CostLimit.DEFAULT.action()));
    }

    /** Drops everything cached about {@code provider} (its config and values derived from it). */
    public void invalidate(String provider) {
        cache.invalidatePrefix(cachePrefix(provider));
    }

    /**
     * The cache this store reads through. Values derived from a provider's config belong under
     * {@link #cachePrefix} of that provider, so that every write of the config invalidates them too.
     */
    public TtlCache<Map<String, Object>> cache() {
        return cache;
    }

    private void invalidateAfterCommit(String provider) {
        jobs.get().atEndOfTransaction(() -> invalidate(provider));
    }

    private void validate(String provider, Map<String, Object> config) {
        config.keySet().forEach(key -> {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("config of " + provider + " has an empty key");
            }
        });
        // Reading every typed field once proves the known keys have usable types.
        bool(config, provider, WebhookConfig.REQUIRE_SIGNATURE, true);
        textList(config, provider, WebhookConfig.ALLOWED_IPS);
        optionalText(config, provider, WebhookConfig.URL);
        optionalText(config, provider, WebhookConfig.SECRET);
        bool(config, provider, CostLimit.ENABLED, false);
        if (number(config, provider, CostLimit.AMOUNT, 0.0) < 0) {
            throw new IllegalArgumentException(CostLimit.AMOUNT + " of " + provider + " must not be negative");
        }
        optionalText(config, provider, CostLimit.PERIOD).filter(p -> !CostLimit.PERIODS.contains(p)).ifPresent(p -> {
            throw new IllegalArgumentException(CostLimit.PERIOD + " of " + provider + " must be one of " + new TreeSet<>(CostLimit.PERIODS));
        });
        optionalText(config, provider, CostLimit.ACTION).filter(a -> !CostLimit.ACTIONS.contains(a)).ifPresent(a -> {
            throw new IllegalArgumentException(CostLimit.ACTION + " of " + provider + " must be one of " + new TreeSet<>(CostLimit.ACTIONS));
        });
        for (Validator validator : validators) {
            validator.check(provider, config);
        }
    }

    /** Whether jobs.db does not exist yet: reading it then creates nothing, as reading should. */
    private boolean nothingStoredYet() {
        return jobs instanceof LazyDatabase lazy && !lazy.isOpen() && !java.nio.file.Files.exists(lazy.file());
    }

    private Map<String, Object> load(String provider) {
        if (nothingStoredYet()) {
            return Map.of();
        }
        return jobs.get().withConnection("reading the config of " + provider, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT config FROM provider_config WHERE provider = ?")) {
                query.setString(1, provider);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? parseStored(provider, rows.getString(1)) : Map.<String, Object>of();
                }
            }
        });
    }

    private Map<String, Object> loadForWrite(String provider, boolean mustParse) {
        try {
            return load(provider);
        } catch (StoreException e) {
            if (mustParse || e.reason() != StoreException.Reason.INVALID_DATA) {
                throw e;
            }
            return Map.of(); // a full replace may overwrite a config that no longer parses
        }
    }

    private static Map<String, Object> parseStored(String provider, String text) {
        try {
            return Json.frozen(PythonJson.parseObject(text));
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending text, which may be a secret: give the position only.
            JsonLocation where = e.getLocation();
            String problem = e instanceof io.secretdesk.core.JsonObjects.TrailingText ? " has more text after its JSON object" : " is not a JSON object";
            throw new StoreException(StoreException.Reason.INVALID_DATA, "The stored config of provider " + provider
                    + problem + (where == null ? "" : " (error at line " + where.getLineNr() + ", column "
                    + where.getColumnNr() + ")") + ". It was left as it is; to replace it, run 'secretdesk config set "
                    + provider + " --replace-unreadable'.");
        }
    }

    private void write(String provider, Map<String, Object> config) {
        // Exactly SimpleTuner's save: INSERT OR REPLACE of json.dumps(config) and isoformat() in UTC.
        String json = PythonJson.dumps(config);
        String now = Timestamps.format(clock.instant());
        jobs.get().withConnection("saving the config of " + provider, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT OR REPLACE INTO provider_config (provider, config, updated_at) VALUES (?, ?, ?)")) {
                upsert.setString(1, provider);
                upsert.setString(2, json);
                upsert.setString(3, now);
                return upsert.executeUpdate();
            }
        });
    }

    private List<String> listProvidersUncached() {
        if (nothingStoredYet()) {
            return List.of();
        }
        return jobs.get().withConnection("listing providers", connection -> {
            List<String> providers = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT provider FROM provider_config ORDER BY provider");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    providers.add(rows.getString(1));
                }
            }
            return providers;
        });
    }

    /** Which keys a write added, changed and removed: names only, never values. */
    private static Map<String, Object> describeChange(Map<String, Object> before, Map<String, Object> after) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        after.forEach((key, value) -> {
            if (!before.containsKey(key)) {
                added.add(key);
            } else if (!Objects.equals(before.get(key), value)) {
                changed.add(key);
            }
        });
        before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(removed::add);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("added", added.stream().sorted().toList());
        details.put("changed", changed.stream().sorted().toList());
        details.put("removed", removed.stream().sorted().toList());
        return details;
    }

    private static void checkProvider(String provider) {
        // On every read, so a plain loop rather than a stream: a warm read is a few hundred nanoseconds at most.
        boolean valid = provider != null && !provider.isBlank() && provider.length() <= 128;
        for (int i = 0; valid && i < provider.length(); i++) {
            char c = provider.charAt(i);
            valid = c != ':' && !Character.isISOControl(c);
        }
        if (!valid) {
            throw new IllegalArgumentException("invalid provider name '" + (provider == null ? "" : provider.strip())
                    + "': use up to 128 characters, without ':' or control characters");
        }
    }

    private static Optional<String> optionalText(Map<String, Object> config, String provider, String key) {
        Object value = config.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }
        throw typeError(provider, key, "a string");
    }

    private static boolean bool(Map<String, Object> config, String provider, String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw typeError(provider, key, "true or false");
    }

    private static double number(Map<String, Object> config, String provider, String key, double fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        throw typeError(provider, key, "a number");
    }

    private static List<String> textList(Map<String, Object> config, String provider, String key) {
        Object value = config.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw typeError(provider, key, "a list of strings");
    }

    private static IllegalArgumentException typeError(String provider, String key, String expected) {
        return new IllegalArgumentException(key + " of " + provider + " must be " + expected);
    }
}
