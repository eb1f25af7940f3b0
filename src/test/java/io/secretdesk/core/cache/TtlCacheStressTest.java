package io.secretdesk.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;

/**
 * Many threads mixing every operation on a small cache while time moves on, checking after each step
 * that the size is within the maximum and that no expired value is served. Bounded by an operation count.
 *
 * <p>Time stands still during each operation: operations hold a read lock, and the thread that advances
 * the fake ticker takes the write lock. So a value stamped with the time it was set expires exactly at
 * stamp + ttl, and a read at time t may return it only while stamp + ttl > t.
 */
class TtlCacheStressTest {

    private static final int WORKERS = 4;
    private static final int OPS_PER_WORKER = 20_000;
    private static final int MAX_SIZE = 16;
    private static final int KEYS = 40;
    private static final Duration DEFAULT_TTL = Duration.ofMillis(30);
    /** Time must pass several longest TTLs while the workers run, or expiry is never exercised (a loaded machine
     * can starve the clock thread for a whole run of {@link #OPS_PER_WORKER}). */
    private static final int MIN_TICKS = 200;

    /** A value that says which key it was set under, when, and for how long. */
    private record Stamped(String key, long setAt, long ttlNanos) {
        boolean liveAt(long now) {
            return setAt + ttlNanos - now > 0;
        }
    }

    private final FakeTicker ticker = new FakeTicker();
    private final ReentrantReadWriteLock time = new ReentrantReadWriteLock();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);
    private final TtlCache<Stamped> cache = TtlCache.<Stamped>builder().maxSize(MAX_SIZE).defaultTtl(DEFAULT_TTL)
            .cleanupInterval(Duration.ofMillis(5)).ticker(ticker).scheduler(scheduler).build();
    private final AtomicLong reads = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger ticks = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void invariantsHoldUnderAConcurrentMixOfEveryOperation() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
        AtomicBoolean done = new AtomicBoolean();
        try {
            Future<Integer> clock = pool.submit(() -> advanceTime(done));
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < OPS_PER_WORKER || ticks.get() < MIN_TICKS; i++) {
                        time.readLock().lock();
                        try {
                            step(ThreadLocalRandom.current());
                        } finally {
                            time.readLock().unlock();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
            done.set(true);
            assertThat(clock.get(30, TimeUnit.SECONDS)).as("time advanced during the run").isGreaterThanOrEqualTo(MIN_TICKS);
        } finally {
            done.set(true);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            scheduler.close();
        }

        CacheStats stats = cache.stats();
        assertThat(stats.size()).isLessThanOrEqualTo(MAX_SIZE);
        assertThat(stats.hitCount() + stats.missCount()).as("every read counted once").isEqualTo(reads.get());
        assertThat(stats.evictionCount()).isPositive();
        assertThat(stats.expiredRemovalCount()).isPositive();
        long now = ticker.read();
        for (Map.Entry<String, Duration> e : cache.ttlSnapshot().entrySet()) {
            Stamped value = cache.get(e.getKey());
            assertThat(value).as("a listed key has a value").isNotNull();
            assertThat(value.key()).isEqualTo(e.getKey());
            assertThat(value.liveAt(now)).isTrue();
        }
    }

    private void step(ThreadLocalRandom random) {
        String key = "k" + random.nextInt(KEYS);
        long now = ticker.read();
        int op = random.nextInt(100);
        if (op < 50) {
            reads.incrementAndGet();
            checkServed(key, cache.get(key), now);
        } else if (op < 75) {
            long ttl = TimeUnit.MILLISECONDS.toNanos(random.nextInt(41));
            cache.set(key, new Stamped(key, now, ttl), Duration.ofNanos(ttl));
            checkSize();
        } else if (op < 85) {
            reads.incrementAndGet();
            Stamped value = cache.getOrSet(key, () -> new Stamped(key, ticker.read(), DEFAULT_TTL.toNanos()));
            checkServed(key, value, now);
            checkSize();
        } else if (op < 90) {
            reads.incrementAndGet();
            Stamped value = cache.getOrSetAsync(key,
                    () -> java.util.concurrent.CompletableFuture.completedFuture(
                            new Stamped(key, ticker.read(), DEFAULT_TTL.toNanos()))).join();
            checkServed(key, value, now);
            checkSize();
        } else if (op < 95) {
            cache.delete(key);
        } else if (op < 98) {
            cache.invalidatePrefix("k" + random.nextInt(4));
        } else if (op < 99) {
            for (Duration left : cache.ttlSnapshot().values()) {
                assertThat(left).isPositive();
            }
        } else {
            cache.clear();
        }
    }

    private static void checkServed(String key, Stamped value, long now) {
        if (value != null) {
            assertThat(value.key()).as("value belongs to its key").isEqualTo(key);
            assertThat(value.liveAt(now)).as("no expired value is served").isTrue();
        }
    }

    private void checkSize() {
        assertThat(cache.stats().size()).as("size within the maximum after a write").isLessThanOrEqualTo(MAX_SIZE);
    }

    /** Moves time on by 1 ms at a time and runs due cleanups until the workers are done. */
    private int advanceTime(AtomicBoolean done) {
        while (!done.get()) {
            time.writeLock().lock();
            try {
                ticker.advance(Duration.ofMillis(1));
            } finally {
                time.writeLock().unlock();
            }
            ticks.incrementAndGet();
            scheduler.runDue();
            Thread.yield();
        }
        return ticks.get();
    }

    /**
     * Two threads read while a third resets the stats: a read done before the reset started must not be counted
     * after it, one that starts after it returned must be, and no count ever goes below zero. (A reset that wrote
     * to the readers' own counters could lose itself to a reader's increment; one that reset only its own thread's
     * counts would keep the others'.) Bounded by a read count.
     */
    @Test
    void aResetRacingWithReadsCountsEachReadOnOneSideOfIt() throws Exception {
        int readers = 2;
        int readsEach = 300_000;
        long total = (long) readers * readsEach;
        TtlCache<String> shared = TtlCache.<String>builder().maxSize(MAX_SIZE).ticker(ticker).scheduler(scheduler).build();
        shared.set("present", "v");
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                running.add(pool.submit(() -> {
                    for (int i = 0; i < readsEach; i++) {
                        shared.get((i & 1) == 0 ? "present" : "absent");
                        done.incrementAndGet();
                    }
                }));
            }
            while (done.get() < total / 4) {
                Thread.onSpinWait();
            }
            long doneBeforeReset = done.get();
            shared.resetStats();
            long doneAfterReset = done.get();
            while (done.get() < total) {
                CacheStats racing = shared.stats();
                assertThat(racing.hitCount()).isNotNegative();
                assertThat(racing.missCount()).isNotNegative();
                assertThat(racing.requestCount()).isLessThanOrEqualTo(total - doneBeforeReset);
            }
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            long counted = shared.stats().requestCount();
            assertThat(counted).as("reads finished before the reset started are not counted")
                    .isLessThanOrEqualTo(total - doneBeforeReset);
            assertThat(counted).as("reads after the reset returned are all counted (one in flight per reader may go either way)")
                    .isGreaterThanOrEqualTo(total - doneAfterReset - readers);
        } finally {
            pool.shutdownNow();
            shared.close();
        }
    }
}
