package io.secretdesk.core.pricing;

import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.store.ProviderConfigStore;
import io.secretdesk.core.store.StoreException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Hardware pricing: the GPU types Replicate bills for and their cost per second, as the seed keeps them.
 *
 * <p>{@link #get()} returns the {@code hardware_info} of provider {@code replicate} when one is configured,
 * else the seed's defaults; the result is cached in the provider-config cache under
 * {@code provider:replicate:hardware_info}, so saving Replicate's config (which invalidates
 * {@code provider:replicate:*}) also refreshes it. {@link #set} validates before anything is written, and
 * the same validation guards every other write of Replicate's config. Thread-safe.
 */
public final class HardwareInfo {

    /** The provider whose config holds the pricing table. */
    public static final String PROVIDER = "replicate";
    /** The key of the pricing table in that config. */
    public static final String CONFIG_KEY = "hardware_info";
    /** The cache key of the resolved table. */
    public static final String CACHE_KEY = ProviderConfigStore.cachePrefix(PROVIDER) + CONFIG_KEY;

    /** SimpleTuner's defaults for Replicate, used while no table is stored. */
    public static final Map<String, Hardware> DEFAULTS = defaults();

    private static final Duration TTL = ProviderConfigStore.CONFIG_TTL;

    private final ProviderConfigStore configs;
    private final TtlCache<Map<String, Object>> cache;

    /** Pricing over {@code configs}, cached in the same cache as its configs. */
    public HardwareInfo(ProviderConfigStore configs) {
        this.configs = Objects.requireNonNull(configs, "configs");
        this.cache = configs.cache();
        configs.addValidator((provider, config) -> {
            if (PROVIDER.equals(provider) && config.get(CONFIG_KEY) != null) {
                parse(config.get(CONFIG_KEY));
            }
        });
    }

    /** One hardware type and its price. */
    public record Hardware(String id, String name, double costPerSecond) {
        public Hardware {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }

        /** The price per hour, for display. */
        public double costPerHour() {
            return BigDecimal.valueOf(costPerSecond).multiply(BigDecimal.valueOf(3600)).doubleValue();
        }
    }

    /**
     * The pricing table in use, keyed by hardware id, in the configured order. Read-only.
     *
     * @throws StoreException ({@link StoreException.Reason#INVALID_DATA}) when the stored table is invalid
     */
    public Map<String, Hardware> get() {
        return toHardware(resolved());
    }

    /** Whether the table comes from Replicate's config (false: the seed's defaults). */
    public boolean configured() {
        return Boolean.TRUE.equals(resolved().get("configured"));
    }

    /**
     * Validates and saves a new table (the seed's shape: {@code {"gpu-l40s": {"name": "L40S (48GB)",
     * "cost_per_second": 0.000975}}}) into Replicate's config, then caches it.
     *
     * @throws IllegalArgumentException naming the first bad entry; nothing is written
     */
    public void set(Map<String, ?> table) {
        Map<String, Hardware> parsed = parse(table);
        configs.updateProviderConfig(PROVIDER, Map.of(CONFIG_KEY, table));
        cache.set(CACHE_KEY, cacheable(parsed, true), TTL);
    }

    /** Forgets the cached table, so the next {@link #get()} reads the config again. */
    public void clearCache() {
        cache.delete(CACHE_KEY);
    }

    /** The table in the seed's map shape: id to {@code {"name", "cost_per_second"}}. */
    public static Map<String, Object> toSeedMap(Map<String, Hardware> table) {
        Map<String, Object> map = new LinkedHashMap<>();
        table.forEach((id, hardware) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", hardware.name());
            entry.put("cost_per_second", hardware.costPerSecond());
            map.put(id, Collections.unmodifiableMap(entry));
        });
        return Collections.unmodifiableMap(map);
    }

    /**
     * Parses and validates a table in the seed's shape: an object of ids, each with a non-blank
     * {@code name} and a finite, non-negative numeric {@code cost_per_second}.
     *
     * @throws IllegalArgumentException naming the first bad entry
     */
    public static Map<String, Hardware> parse(Object table) {
        if (!(table instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(CONFIG_KEY + " must be an object mapping each hardware id to "
                    + "{\"name\": ..., \"cost_per_second\": ...}");
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException(CONFIG_KEY + " has no hardware types; give at least one");
        }
        Map<String, Hardware> parsed = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            String id = String.valueOf(key);
            if (id.isBlank()) {
                throw new IllegalArgumentException(CONFIG_KEY + " has an empty hardware id");
            }
            if (!(value instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException("hardware " + id + " must be an object with name and cost_per_second");
            }
            Object givenName = entry.get("name");
            if (givenName != null && !(givenName instanceof String)) {
                throw new IllegalArgumentException("hardware " + id + ": name must be text");
            }
            // SimpleTuner shows the id when there is no name (info.get("name", hw_id))
            String name = givenName == null || ((String) givenName).isBlank() ? id : (String) givenName;
            Object cost = entry.get("cost_per_second");
            if (!(cost instanceof Number number)) {
                throw new IllegalArgumentException("hardware " + id + ": cost_per_second must be a number of dollars "
                        + "per second" + (cost == null ? " (it is missing)" : ""));
            }
            double costPerSecond = number.doubleValue();
            if (!Double.isFinite(costPerSecond) || costPerSecond < 0) {
                throw new IllegalArgumentException("hardware " + id + ": cost_per_second must be zero or more");
            }
            parsed.put(id, new Hardware(id, name, costPerSecond));
        });
        return Collections.unmodifiableMap(parsed);
    }

    private Map<String, Object> resolved() {
        return cache.getOrSet(CACHE_KEY, this::load, TTL);
    }

    private Map<String, Object> load() {
        Object configuredTable = configs.getProviderConfig(PROVIDER).get(CONFIG_KEY);
        if (configuredTable == null) {
            return cacheable(DEFAULTS, false);
        }
        try {
            return cacheable(parse(configuredTable), true);
        } catch (IllegalArgumentException e) {
            // Stored data, not the caller's input: another program (or an older build) wrote it.
            throw new StoreException(StoreException.Reason.INVALID_DATA, "The stored " + CONFIG_KEY + " of provider "
                    + PROVIDER + " is invalid: " + e.getMessage() + ". It was left as it is; replace it with "
                    + "'secretdesk hardware set' (or the Hardware Pricing view).");
        }
    }

    /** The cached form (the cache holds maps): the seed-shaped table and whether it was configured. */
    private static Map<String, Object> cacheable(Map<String, Hardware> table, boolean configured) {
        return Map.of("table", toSeedMap(table), "configured", configured);
    }

    private static Map<String, Hardware> toHardware(Map<String, Object> cached) {
        return parse(cached.get("table"));
    }

    private static Map<String, Hardware> defaults() {
        Map<String, Hardware> table = new LinkedHashMap<>();
        // SimpleTuner's REPLICATE_DEFAULT_HARDWARE (services/cloud/pricing.py), used when no table is stored.
        table.put("gpu-l40s", new Hardware("gpu-l40s", "L40S (48GB)", 0.000972222));
        table.put("gpu-h100", new Hardware("gpu-h100", "H100 (80GB)", 0.001525));
        return Collections.unmodifiableMap(table);
    }
}
