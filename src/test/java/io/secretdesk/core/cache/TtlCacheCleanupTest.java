package io.secretdesk.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.core.schedule.Scheduler;
import io.secretdesk.testing.FakeTicker;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep of expired entries on a scheduler, and that an unreferenced cache leaves no job behind. */
class TtlCacheCleanupTest {

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);

    @AfterEach
    void closeScheduler() {
        scheduler.close();
    }

    @Test
    void theSchedulerSweepsExpiredEntriesEveryCleanupInterval() {
        TtlCache<String> cache = TtlCache.<String>builder().defaultTtl(Duration.ofSeconds(300))
                .cleanupInterval(Duration.ofSeconds(60)).ticker(ticker).scheduler(scheduler).build();
        cache.set("short", "a", Duration.ofSeconds(30));
        cache.set("medium", "b", Duration.ofSeconds(90));
        cache.set("long", "c");
        assertThat(scheduler.taskCount()).isEqualTo(1);

        ticker.advance(Duration.ofSeconds(59));
        assertThat(scheduler.runDue()).isZero();
        assertThat(cache.stats().size()).isEqualTo(3);

        ticker.advance(Duration.ofSeconds(1));
        assertThat(scheduler.runDue()).isEqualTo(1);
        CacheStats stats = cache.stats();
        assertThat(stats.size()).isEqualTo(2);
        assertThat(stats.expiredRemovalCount()).isEqualTo(1);
        assertThat(stats.expiredCount()).isZero();

        ticker.advance(Duration.ofSeconds(60));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(cache.stats().size()).isEqualTo(1);
        assertThat(cache.get("long")).isEqualTo("c");
        assertThat(cache.stats().expiredRemovalCount()).isEqualTo(2);
    }

    @Test
    void cleanUpReturnsHowManyItRemovedAndKeepsRecencyOfTheRest() {
        TtlCache<String> cache = TtlCache.<String>builder().defaultTtl(Duration.ofSeconds(300)).maxSize(3)
                .ticker(ticker).scheduler(scheduler).build();
        cache.set("a", "1");
        cache.set("x", "2", Duration.ofSeconds(1));
        cache.set("b", "3");
        cache.get("a");
        ticker.advance(Duration.ofSeconds(1));
        assertThat(cache.cleanUp()).isEqualTo(1);
        cache.set("c", "4");
        cache.set("d", "5");
        assertThat(cache.ttlSnapshot().keySet()).containsExactly("a", "c", "d");
    }

    @Test
    void closingACacheCancelsItsCleanupJob() {
        TtlCache<String> cache = TtlCache.<String>builder().ticker(ticker).scheduler(scheduler).build();
        assertThat(scheduler.taskCount()).isEqualTo(1);
        cache.close();
        assertThat(scheduler.taskCount()).isZero();
        cache.set("k", "still usable");
        assertThat(cache.get("k")).isEqualTo("still usable");
    }

    @Test
    void anUnreferencedCacheIsCollectedAndItsCleanupJobEndsItself() {
        WeakReference<TtlCache<String>> ref = unreferencedCache();
        assertThat(scheduler.taskCount()).isEqualTo(1);
        collect(ref);
        assertThat(ref.get()).as("the cache was collected although its cleanup job is scheduled").isNull();
        ticker.advance(Duration.ofSeconds(60));
        scheduler.runDue();
        assertThat(scheduler.taskCount()).isZero();
    }

    @Test
    void aCacheOnARealSchedulerIsSweptOnTheSchedulersDaemonThread() throws InterruptedException {
        try (Scheduler threaded = Scheduler.threaded("cleanup-test", 1)) {
            TtlCache<String> cache = TtlCache.<String>builder().cleanupInterval(Duration.ofMillis(1))
                    .ticker(ticker).scheduler(threaded).build();
            cache.set("k", "v", Duration.ofSeconds(1));
            ticker.advance(Duration.ofSeconds(1));
            CountDownLatch swept = new CountDownLatch(1);
            threaded.repeat("watch", Duration.ofMillis(1), () -> {
                if (cache.stats().size() == 0) {
                    swept.countDown();
                }
            });
            assertThat(swept.await(10, TimeUnit.SECONDS)).as("swept within 10 s").isTrue();
            assertThat(cache.stats().expiredRemovalCount()).isEqualTo(1);
        }
    }

    private WeakReference<TtlCache<String>> unreferencedCache() {
        TtlCache<String> cache = TtlCache.<String>builder().ticker(ticker).scheduler(scheduler).build();
        cache.set("k", "v");
        cache.get("k");
        return new WeakReference<>(cache);
    }

    /** Asks the collector, a bounded number of times, to clear {@code ref}. */
    static void collect(WeakReference<?> ref) {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int j = 0; j < pressure.length; j++) {
                pressure[j] = new byte[64 * 1024];
            }
        }
    }
}
