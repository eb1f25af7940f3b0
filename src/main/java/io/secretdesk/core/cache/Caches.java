package io.secretdesk.core.cache;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's two global caches of the seed document, and the registry of every named cache.
 *
 * <p>The registry holds caches weakly: a named cache that nothing else references drops out of it. A cache
 * built with {@link TtlCache.Builder#name(String)} registers itself; {@link TtlCache#close()} unregisters
 * it. Thread-safe.
 */
public final class Caches {

    /** Registry name of {@link #providerConfig()}. */
    public static final String PROVIDER_CONFIG = "provider_config";
    /** Registry name of {@link #userPermissions()}. */
    public static final String USER_PERMISSIONS = "user_permissions";

    private static final ConcurrentHashMap<String, WeakReference<TtlCache<?>>> REGISTRY = new ConcurrentHashMap<>();

    private Caches() {
    }

    /** Built on first use, so that loading this class starts no scheduler. */
    private static final class Globals {
        static final TtlCache<Map<String, Object>> PROVIDER_CONFIG_CACHE = TtlCache.<Map<String, Object>>builder()
                .name(PROVIDER_CONFIG).defaultTtl(Duration.ofSeconds(300)).maxSize(100).build();
        static final TtlCache<Object> USER_PERMISSIONS_CACHE = TtlCache.builder()
                .name(USER_PERMISSIONS).defaultTtl(Duration.ofSeconds(60)).maxSize(500).build();

        private Globals() {
        }
    }

    /**
     * Provider settings (webhook URL, cost limits, hardware info) keyed {@code provider:{name}:config}
     * (see {@link #providerConfigKey}): time-to-live 300 s, at most 100 entries. Store immutable maps.
     */
    public static TtlCache<Map<String, Object>> providerConfig() {
        return Globals.PROVIDER_CONFIG_CACHE;
    }

    /** User permissions keyed {@code user:{id}:...}: time-to-live 60 s (short, for security), at most 500 entries. */
    public static TtlCache<Object> userPermissions() {
        return Globals.USER_PERMISSIONS_CACHE;
    }

    /** The provider-config cache key of a provider: {@code provider:{name}:config}. */
    public static String providerConfigKey(String provider) {
        return "provider:" + Objects.requireNonNull(provider, "provider") + ":config";
    }

    /**
     * Removes every provider-config entry of {@code provider} (keys starting {@code provider:{name}:}).
     *
     * @return how many entries it removed
     */
    public static int invalidateProvider(String provider) {
        return providerConfig().invalidatePrefix("provider:" + Objects.requireNonNull(provider, "provider") + ":");
    }

    /**
     * Removes every user-permission entry of {@code userId} (keys starting {@code user:{id}:}).
     *
     * @return how many entries it removed
     */
    public static int invalidateUser(Object userId) {
        return userPermissions().invalidatePrefix("user:" + Objects.requireNonNull(userId, "userId") + ":");
    }

    /** Registers {@code cache} under {@code name}, replacing any cache registered under it before. */
    public static void register(String name, TtlCache<?> cache) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cache, "cache");
        REGISTRY.put(name, new WeakReference<>(cache));
    }

    /** Removes whatever is registered under {@code name}. */
    public static void unregister(String name) {
        REGISTRY.remove(Objects.requireNonNull(name, "name"));
    }

    /** Removes {@code name} only while it still refers to {@code cache}. */
    static void unregister(String name, TtlCache<?> cache) {
        REGISTRY.computeIfPresent(name, (key, ref) -> ref.get() == cache || ref.get() == null ? null : ref);
    }

    /** The cache registered under {@code name}, if it is still alive. */
    public static Optional<TtlCache<?>> named(String name) {
        WeakReference<TtlCache<?>> ref = REGISTRY.get(Objects.requireNonNull(name, "name"));
        return Optional.ofNullable(ref == null ? null : ref.get());
    }

    /** Every registered cache that is still alive, the two global ones included, in name order; a snapshot. */
    public static SortedMap<String, TtlCache<?>> named() {
        providerConfig();
        userPermissions();
        TreeMap<String, TtlCache<?>> live = new TreeMap<>();
        REGISTRY.forEach((name, ref) -> {
            TtlCache<?> cache = ref.get();
            if (cache == null) {
                REGISTRY.remove(name, ref);
            } else {
                live.put(name, cache);
            }
        });
        return Collections.unmodifiableSortedMap(live);
    }
}
