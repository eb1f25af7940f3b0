package io.secretdesk.core.cache;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one cache's size, settings and counters since it was created or its counters were last reset
 * ({@link TtlCache#resetStats()}).
 *
 * <p>Immutable. {@code size} counts entries held, including expired ones not yet removed
 * ({@code expiredCount} of them). Counters: a hit is a read that returned a value, a miss one that did
 * not; an eviction removed the least recently used live entry to make room; an expired removal dropped an
 * entry whose time-to-live had passed; a load is a {@code getOrSet} loader run (failures counted apart).
 *
 * @param size                entries held now, expired ones included
 * @param maxSize             the most entries the cache holds
 * @param expiredCount        entries held now whose time-to-live has passed
 * @param defaultTtl          the time-to-live of entries set without one
 * @param hitCount            reads that returned a value
 * @param missCount           reads that found nothing or an expired entry
 * @param evictionCount       live entries removed to stay within {@code maxSize}
 * @param expiredRemovalCount expired entries removed (by cleanup, a read, or at capacity)
 * @param loadCount           loader runs that returned
 * @param loadFailureCount    loader runs that threw
 * @param totalLoadTime       time spent in loader runs, successful or not
 */
public record CacheStats(int size, int maxSize, int expiredCount, Duration defaultTtl, long hitCount, long missCount,
        long evictionCount, long expiredRemovalCount, long loadCount, long loadFailureCount, Duration totalLoadTime) {

    public CacheStats {
        Objects.requireNonNull(defaultTtl, "defaultTtl");
        Objects.requireNonNull(totalLoadTime, "totalLoadTime");
    }

    /** Reads that returned a value plus those that did not. */
    public long requestCount() {
        return hitCount + missCount;
    }

    /** The share of reads that returned a value, from 0 to 1; 0 before the first read. */
    public double hitRate() {
        long requests = requestCount();
        return requests == 0 ? 0.0 : (double) hitCount / requests;
    }

    /** The mean time of one loader run; zero before the first. */
    public Duration averageLoadTime() {
        long loads = loadCount + loadFailureCount;
        return loads == 0 ? Duration.ZERO : totalLoadTime.dividedBy(loads);
    }

    /**
     * The seed document's map: {@code size}, {@code max_size}, {@code expired_count}, {@code default_ttl}
     * (seconds, a double), then the counters in snake case, times in seconds.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("size", size);
        map.put("max_size", maxSize);
        map.put("expired_count", expiredCount);
        map.put("default_ttl", seconds(defaultTtl));
        map.put("hit_count", hitCount);
        map.put("miss_count", missCount);
        map.put("hit_rate", hitRate());
        map.put("eviction_count", evictionCount);
        map.put("expired_removal_count", expiredRemovalCount);
        map.put("load_count", loadCount);
        map.put("load_failure_count", loadFailureCount);
        map.put("total_load_time", seconds(totalLoadTime));
        return java.util.Collections.unmodifiableMap(map);
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
