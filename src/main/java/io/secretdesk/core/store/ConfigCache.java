package io.secretdesk.core.store;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The cache provider configs are read through: the operations of the global provider-config cache
 * ({@code Caches.providerConfig()}, a {@code TtlCache<Map<String, Object>>}) that the store uses. Keys are
 * {@code provider:{name}:...}; values are read-only maps.
 */
public interface ConfigCache {

    /** The cached value of {@code key}, or {@code loader}'s result cached for {@code ttl}. */
    Map<String, Object> getOrSet(String key, Supplier<? extends Map<String, Object>> loader, Duration ttl);

    /** Removes {@code key}; returns whether it was present. */
    boolean delete(String key);

    /** Removes every key starting with {@code prefix}; returns how many. */
    int invalidatePrefix(String prefix);
}
