package io.secretdesk.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The single-threaded contract of {@link TtlCache}: expiry, recency, counts and stats. */
class TtlCacheTest {

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);

    @AfterEach
    void closeScheduler() {
        scheduler.close();
    }

    private TtlCache<String> cache(Duration ttl, int maxSize) {
        return TtlCache.<String>builder().defaultTtl(ttl).maxSize(maxSize).ticker(ticker).scheduler(scheduler).build();
    }

    @Test
    void anEntryIsServedUntilOneNanosecondBeforeItsTtlAndExpiredAtTheTtl() {
        TtlCache<String> cache = cache(Duration.ofSeconds(10), 10);
        cache.set("k", "v");
        ticker.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(cache.get("k")).isEqualTo("v");
        ticker.advanceNanos(1);
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void aTtlOfZeroIsExpiredAtOnceAndLeavesTheKeyWithoutAValue() {
        TtlCache<String> cache = cache(Duration.ofSeconds(10), 10);
        cache.set("k", "old");
        cache.set("k", "new", Duration.ZERO);
        assertThat(cache.get("k")).isNull();
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void perKeyTtlOverridesTheDefault() {
        TtlCache<String> cache = cache(Duration.ofSeconds(300), 10);
        cache.set("short", "a", Duration.ofSeconds(5));
        cache.set("long", "b", Duration.ofSeconds(60));
        cache.set("default", "c");
        ticker.advance(Duration.ofSeconds(5));
        assertThat(cache.get("short")).isNull();
        assertThat(cache.get("long")).isEqualTo("b");
        ticker.advance(Duration.ofSeconds(55));
        assertThat(cache.get("long")).isNull();
        assertThat(cache.get("default")).isEqualTo("c");
        ticker.advance(Duration.ofSeconds(240));
        assertThat(cache.get("default")).isNull();
    }

    @Test
    void anOverwriteRestartsTheTtl() {
        TtlCache<String> cache = cache(Duration.ofSeconds(10), 10);
        cache.set("k", "v1");
        ticker.advance(Duration.ofSeconds(8));
        cache.set("k", "v2");
        ticker.advance(Duration.ofSeconds(8));
        assertThat(cache.get("k")).isEqualTo("v2");
    }

    @Test
    void anExpiredEntryCanBeSetAgain() {
        TtlCache<String> cache = cache(Duration.ofSeconds(10), 10);
        cache.set("k", "v1");
        ticker.advance(Duration.ofSeconds(11));
        cache.set("k", "v2");
        assertThat(cache.get("k")).isEqualTo("v2");
    }

    @Test
    void aHugeTtlDoesNotOverflow() {
        TtlCache<String> cache = cache(Duration.ofSeconds(10), 10);
        cache.set("k", "v", Duration.ofDays(365L * 10_000));
        ticker.advance(Duration.ofDays(365L * 100));
        assertThat(cache.get("k")).isEqualTo("v");
    }

    @Test
    void evictsTheLeastRecentlyUsedEntryAndAReadCountsAsAUse() {
        TtlCache<String> cache = cache(Duration.ofMinutes(5), 3);
        cache.set("a", "1");
        cache.set("b", "2");
        cache.set("c", "3");
        cache.get("a");
        cache.set("d", "4");
        assertThat(keys(cache)).containsExactly("a", "c", "d");
        cache.get("c");
        cache.get("a");
        cache.set("e", "5");
        assertThat(keys(cache)).containsExactly("a", "c", "e");
        cache.set("f", "6");
        assertThat(keys(cache)).containsExactly("a", "e", "f");
    }

    @Test
    void anOverwriteCountsAsAUse() {
        TtlCache<String> cache = cache(Duration.ofMinutes(5), 3);
        cache.set("a", "1");
        cache.set("b", "2");
        cache.set("c", "3");
        cache.set("a", "1'");
        cache.set("d", "4");
        assertThat(keys(cache)).containsExactly("a", "c", "d");
        assertThat(cache.get("a")).isEqualTo("1'");
    }

    @Test
    void aMissDoesNotCountAsAUse() {
        TtlCache<String> cache = cache(Duration.ofMinutes(5), 2);
        cache.set("a", "1");
        cache.set("b", "2");
        cache.get("zzz");
        cache.set("c", "3");
        assertThat(keys(cache)).containsExactly("b", "c");
    }

    @Test
    void recencyStaysExactOverManyMoreReadsThanOneThreadBuffers() {
        int max = 100;
        TtlCache<String> cache = cache(Duration.ofMinutes(5), max);
        for (int i = 0; i < max; i++) {
            cache.set("k" + i, "v");
        }
        // Read every key in reverse order, round after round, until the thread's use buffer has filled
        // three times over: k0 is now the most recently used, k99 the least.
        int rounds = 3 * Recorder.BUFFER_SIZE / max + 1;
        for (int round = 0; round < rounds; round++) {
            for (int i = max - 1; i >= 0; i--) {
                cache.get("k" + i);
            }
        }
        List<String> evicted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<String> before = new ArrayList<>(keys(cache));
            cache.set("new" + i, "v");
            before.removeAll(keys(cache));
            evicted.addAll(before);
        }
        assertThat(evicted).containsExactly("k99", "k98", "k97", "k96", "k95");
    }

    @Test
    void theSizeNeverExceedsTheMaximumAfterAWrite() {
        TtlCache<String> cache = cache(Duration.ofMinutes(5), 10);
        for (int i = 0; i < 1000; i++) {
            cache.set("k" + (i * 7919 % 257), "v");
            assertThat(cache.stats().size()).isLessThanOrEqualTo(10);
        }
        assertThat(cache.stats().size()).isEqualTo(10);
        assertThat(cache.ttlSnapshot()).hasSize(10);
    }

    @Test
    void aCacheOfOneHoldsTheLastKey() {
        TtlCache<String> cache = cache(Duration.ofMinutes(5), 1);
        cache.set("a", "1");
        cache.set("b", "2");
        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isEqualTo("2");
    }

    @Test
    void invalidatePrefixRemovesOnlyMatchingKeysAndCountsThemExpiredOnesIncluded() {
        TtlCache<String> cache = cache(Duration.ofMinutes(5), 100);
        cache.set("provider:replicate:config", "a");
        cache.set("provider:replicate:webhook", "b", Duration.ofSeconds(1));
        cache.set("provider:replicate2:config", "c");
        cache.set("user:1:perm", "d");
        ticker.advance(Duration.ofSeconds(2));
        assertThat(cache.invalidatePrefix("provider:replicate:")).isEqualTo(2);
        assertThat(cache.invalidatePrefix("provider:replicate:")).isZero();
        assertThat(keys(cache)).containsExactly("provider:replicate2:config", "user:1:perm");
        assertThat(cache.invalidatePrefix("nothing:")).isZero();
    }

    @Test
    void clearCountsWhatItRemovedAndEmptiesTheCache() {
        TtlCache<String> cache = cache(Duration.ofMinutes(5), 100);
        assertThat(cache.clear()).isZero();
        cache.set("a", "1");
        cache.set("b", "2");
        cache.set("c", "3", Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(2));
        assertThat(cache.clear()).isEqualTo(3);
        assertThat(cache.stats().size()).isZero();
        assertThat(cache.get("a")).isNull();
        cache.set("a", "again");
        assertThat(cache.get("a")).isEqualTo("again");
    }

    @Test
    void deleteSaysWhetherTheKeyHadALiveValue() {
        TtlCache<String> cache = cache(Duration.ofSeconds(10), 100);
        cache.set("a", "1");
        cache.set("old", "2");
        ticker.advance(Duration.ofSeconds(10));
        cache.set("a", "1");
        assertThat(cache.delete("a")).isTrue();
        assertThat(cache.delete("a")).isFalse();
        assertThat(cache.delete("old")).isFalse();
        assertThat(cache.delete("never")).isFalse();
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void statsCountHitsMissesEvictionsAndExpiredEntries() {
        TtlCache<String> cache = cache(Duration.ofSeconds(60), 3);
        cache.set("a", "1");
        cache.set("b", "2", Duration.ofSeconds(5));
        cache.get("a");
        cache.get("a");
        cache.get("missing");
        ticker.advance(Duration.ofSeconds(5));
        CacheStats stats = cache.stats();
        assertThat(stats.size()).isEqualTo(2);
        assertThat(stats.expiredCount()).isEqualTo(1);
        assertThat(stats.hitCount()).isEqualTo(2);
        assertThat(stats.missCount()).isEqualTo(1);
        assertThat(stats.hitRate()).isEqualTo(2.0 / 3);

        cache.get("b"); // expired: a miss, and the read drops it
        stats = cache.stats();
        assertThat(stats.missCount()).isEqualTo(2);
        assertThat(stats.expiredCount()).isZero();
        assertThat(stats.expiredRemovalCount()).isEqualTo(1);
        assertThat(stats.size()).isEqualTo(1);

        cache.set("c", "3");
        cache.set("d", "4");
        cache.set("e", "5");
        stats = cache.stats();
        assertThat(stats.evictionCount()).isEqualTo(1);
        assertThat(stats.size()).isEqualTo(3);
        assertThat(stats.maxSize()).isEqualTo(3);
        assertThat(stats.defaultTtl()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void resetStatsSetsEveryCounterToZeroAndKeepsTheEntries() {
        TtlCache<String> cache = cache(Duration.ofSeconds(60), 2);
        cache.set("a", "1", Duration.ofSeconds(1));
        cache.set("b", "2");
        cache.get("b");
        cache.get("missing");
        ticker.advance(Duration.ofSeconds(2));
        cache.cleanUp(); // a expired and swept
        cache.set("c", "3");
        cache.set("d", "4"); // evicts b
        cache.getOrSet("e", () -> {
            ticker.advance(Duration.ofMillis(7));
            return "5";
        });
        assertThatThrownBy(() -> cache.getOrSet("f", () -> {
            throw new IllegalStateException("loader failed");
        })).isInstanceOf(IllegalStateException.class);
        CacheStats before = cache.stats();
        assertThat(List.of(before.hitCount(), before.missCount(), before.evictionCount(), before.expiredRemovalCount(),
                before.loadCount(), before.loadFailureCount())).as("every counter moved").doesNotContain(0L);
        assertThat(before.totalLoadTime()).isEqualTo(Duration.ofMillis(7));

        cache.resetStats();

        CacheStats after = cache.stats();
        assertThat(after.hitCount()).isZero();
        assertThat(after.missCount()).isZero();
        assertThat(after.hitRate()).isZero();
        assertThat(after.evictionCount()).isZero();
        assertThat(after.expiredRemovalCount()).isZero();
        assertThat(after.loadCount()).isZero();
        assertThat(after.loadFailureCount()).isZero();
        assertThat(after.totalLoadTime()).isZero();
        assertThat(after.size()).as("the entries stay").isEqualTo(2);
        assertThat(cache.get("e")).isEqualTo("5");

        cache.get("nothing");
        cache.set("g", "6"); // evicts d
        CacheStats counting = cache.stats();
        assertThat(counting.hitCount()).as("counts start again from zero").isEqualTo(1);
        assertThat(counting.missCount()).isEqualTo(1);
        assertThat(counting.evictionCount()).isEqualTo(1);
    }

    @Test
    void aLoadRunningWhenTheStatsAreResetIsCountedAfterTheResetWithItsWholeTime() {
        TtlCache<String> cache = cache(Duration.ofSeconds(60), 10);
        cache.getOrSet("k", () -> {
            ticker.advance(Duration.ofSeconds(3));
            cache.resetStats();
            return "v";
        });
        CacheStats stats = cache.stats();
        assertThat(stats.loadCount()).isEqualTo(1);
        assertThat(stats.totalLoadTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(stats.missCount()).as("the miss that started the load came before the reset").isZero();
    }

    @Test
    void readsOfAThreadThatEndedBeforeAResetStayReset() throws InterruptedException {
        TtlCache<String> cache = cache(Duration.ofSeconds(60), 10);
        cache.set("k", "v");
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                cache.get("k");
                cache.get("absent");
            }
        });
        reader.start();
        reader.join();
        cache.resetStats();
        cache.cleanUp(); // folds the ended thread's counts into the totals and forgets its buffer
        cache.get("k");

        CacheStats stats = cache.stats();
        assertThat(stats.hitCount()).isEqualTo(1);
        assertThat(stats.missCount()).isZero();
    }

    @Test
    void atCapacityAnExpiredLeastRecentlyUsedEntryCountsAsExpiredNotEvicted() {
        TtlCache<String> cache = cache(Duration.ofSeconds(60), 2);
        cache.set("a", "1", Duration.ofSeconds(1));
        cache.set("b", "2");
        ticker.advance(Duration.ofSeconds(2));
        cache.set("c", "3");
        CacheStats stats = cache.stats();
        assertThat(stats.evictionCount()).isZero();
        assertThat(stats.expiredRemovalCount()).isEqualTo(1);
    }

    @Test
    void statsRenderTheSeedMap() {
        TtlCache<String> cache = cache(Duration.ofSeconds(120), 1000);
        for (int i = 0; i < 42; i++) {
            cache.set("k" + i, "v", i < 3 ? Duration.ofSeconds(1) : Duration.ofSeconds(120));
        }
        ticker.advance(Duration.ofSeconds(1));
        Map<String, Object> map = cache.stats().toMap();
        assertThat(map).containsEntry("size", 42).containsEntry("max_size", 1000)
                .containsEntry("expired_count", 3).containsEntry("default_ttl", 120.0);
        assertThat(map.keySet()).startsWith("size", "max_size", "expired_count", "default_ttl")
                .contains("hit_count", "miss_count", "hit_rate", "eviction_count", "expired_removal_count",
                        "load_count", "load_failure_count", "total_load_time");
        assertThatThrownBy(() -> map.put("size", 0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ttlSnapshotListsLiveKeysWithTheTimeTheyHaveLeft() {
        TtlCache<String> cache = cache(Duration.ofSeconds(60), 100);
        cache.set("b", "1");
        cache.set("a", "2", Duration.ofSeconds(10));
        cache.set("gone", "3", Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(4));
        assertThat(cache.ttlSnapshot()).containsExactly(
                Map.entry("a", Duration.ofSeconds(6)), Map.entry("b", Duration.ofSeconds(56)));
    }

    @Test
    void theConstructorAppliesTheGivenSettings() {
        TtlCache<String> cache = new TtlCache<>(Duration.ofSeconds(120), 7, Duration.ofSeconds(30));
        try {
            CacheStats stats = cache.stats();
            assertThat(stats.defaultTtl()).isEqualTo(Duration.ofSeconds(120));
            assertThat(stats.maxSize()).isEqualTo(7);
            assertThat(cache.name()).isEmpty();
        } finally {
            cache.close();
        }
    }

    @Test
    void badSettingsAndArgumentsAreRejectedWithAMessageThatSaysWhatToDo() {
        assertThatThrownBy(() -> TtlCache.builder().maxSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSize must be at least 1");
        assertThatThrownBy(() -> TtlCache.builder().defaultTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultTtl must be positive");
        assertThatThrownBy(() -> TtlCache.builder().cleanupInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cleanupInterval must be positive");
        TtlCache<String> cache = cache(Duration.ofSeconds(60), 10);
        assertThatThrownBy(() -> cache.set("k", "v", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must not be negative");
        assertThatThrownBy(() -> cache.set("k", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("use delete(key)");
        assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringShowsNoValue() {
        TtlCache<String> cache = TtlCache.<String>builder().name("test.tostring").ticker(ticker).scheduler(scheduler).build();
        try {
            cache.set("API_TOKEN", "s3cr3t-value");
            assertThat(cache.toString()).contains("test.tostring").contains("1/1000").doesNotContain("s3cr3t");
            assertThat(cache.stats().toString()).doesNotContain("s3cr3t");
        } finally {
            cache.close();
        }
    }

    /** The live keys in key order, read without counting as a use. */
    private static List<String> keys(TtlCache<String> cache) {
        return new ArrayList<>(cache.ttlSnapshot().keySet());
    }
}
