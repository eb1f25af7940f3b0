package io.secretdesk.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TtlCache#getOrSet} and {@link TtlCache#getOrSetAsync}: single flight, failures, nulls, invalidation. */
class TtlCacheLoadingTest {

    private static final int MISSERS = 8;

    private final FakeTicker ticker = new FakeTicker();
    private final ManualScheduler scheduler = new ManualScheduler(ticker::read);
    private final TtlCache<String> cache = TtlCache.<String>builder().defaultTtl(Duration.ofSeconds(60)).maxSize(100)
            .ticker(ticker).scheduler(scheduler).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(MISSERS);
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

    @AfterEach
    void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("worker threads ended").isTrue();
        scheduler.close();
    }

    @Test
    void eightConcurrentMissersRunTheLoaderOnceAndAllGetItsValue() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Supplier<String> loader = () -> {
            runs.incrementAndGet();
            // Finish only when all eight have missed and the other seven are parked waiting for this load.
            awaitUntil(() -> cache.stats().missCount() == MISSERS && othersWaiting() == MISSERS - 1);
            return "loaded";
        };
        List<Future<String>> results = startTogether(() -> cache.getOrSet("k", loader));
        for (Future<String> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("loaded");
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(cache.get("k")).isEqualTo("loaded");
        CacheStats stats = cache.stats();
        assertThat(stats.loadCount()).isEqualTo(1);
        assertThat(stats.missCount()).isEqualTo(MISSERS);
        assertThat(stats.hitCount()).isEqualTo(1);
    }

    @Test
    void aLoaderExceptionReachesEveryWaiterAndCachesNothing() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("backend down");
        Supplier<String> loader = () -> {
            runs.incrementAndGet();
            awaitUntil(() -> cache.stats().missCount() == MISSERS && othersWaiting() == MISSERS - 1);
            throw failure;
        };
        List<Future<Throwable>> results = startTogether(() -> {
            try {
                cache.getOrSet("k", loader);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        for (Future<Throwable> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(failure);
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(cache.stats().size()).isZero();
        assertThat(cache.stats().loadFailureCount()).isEqualTo(1);
        assertThat(cache.stats().loadCount()).isZero();
        assertThat(cache.getOrSet("k", () -> "second try")).isEqualTo("second try");
    }

    @Test
    void aNullResultIsReturnedButNotCached() {
        AtomicInteger runs = new AtomicInteger();
        Supplier<String> loader = () -> {
            runs.incrementAndGet();
            return null;
        };
        assertThat(cache.getOrSet("k", loader)).isNull();
        assertThat(cache.getOrSet("k", loader)).isNull();
        assertThat(runs.get()).isEqualTo(2);
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void aHitDoesNotRunTheLoaderAndAnExpiredValueIsLoadedAgainWithTheGivenTtl() {
        cache.set("k", "cached");
        assertThat(cache.getOrSet("k", () -> "loaded")).isEqualTo("cached");
        ticker.advance(Duration.ofSeconds(60));
        assertThat(cache.getOrSet("k", () -> "loaded", Duration.ofSeconds(5))).isEqualTo("loaded");
        ticker.advance(Duration.ofSeconds(4));
        assertThat(cache.get("k")).isEqualTo("loaded");
        ticker.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k")).isNull();
    }

    @Test
    void loadTimeIsMeasuredOnTheTicker() {
        cache.getOrSet("a", () -> {
            ticker.advance(Duration.ofMillis(1500));
            return "v";
        });
        assertThatThrownBy(() -> cache.getOrSet("b", () -> {
            ticker.advance(Duration.ofMillis(500));
            throw new IllegalStateException("no");
        })).hasMessage("no");
        CacheStats stats = cache.stats();
        assertThat(stats.totalLoadTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(stats.averageLoadTime()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSlowLoadBlocksNoOtherKey() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> slow = pool.submit(() -> cache.getOrSet("slow", () -> {
            started.countDown();
            await(release);
            return "s";
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            cache.set("other", "o");
            assertThat(cache.get("other")).isEqualTo("o");
            assertThat(cache.getOrSet("fast", () -> "f")).isEqualTo("f");
            assertThat(cache.delete("fast")).isTrue();
            assertThat(cache.invalidatePrefix("oth")).isEqualTo(1);
            cache.stats();
            cache.cleanUp();
        });
        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("s");
        assertThat(cache.get("slow")).isEqualTo("s");
    }

    @Test
    void aKeyDeletedDuringItsLoadDoesNotCacheTheLoadedValue() throws Exception {
        for (Runnable invalidation : List.<Runnable>of(() -> cache.delete("k"), () -> cache.invalidatePrefix("k"),
                cache::clear, () -> cache.set("k", "gone", Duration.ZERO))) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> load = pool.submit(() -> cache.getOrSet("k", () -> {
                started.countDown();
                await(release);
                return "stale";
            }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            invalidation.run();
            release.countDown();
            assertThat(load.get(10, TimeUnit.SECONDS)).isEqualTo("stale");
            assertThat(cache.get("k")).isNull();
        }
    }

    @Test
    void aValueSetDuringALoadIsKept() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> load = pool.submit(() -> cache.getOrSet("k", () -> {
            started.countDown();
            await(release);
            return "loaded";
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        cache.set("k", "fresh");
        release.countDown();
        assertThat(load.get(10, TimeUnit.SECONDS)).isEqualTo("loaded");
        assertThat(cache.get("k")).isEqualTo("fresh");
    }

    @Test
    void asyncLoadsAreSingleFlightAndCachedWhenTheyComplete() {
        CompletableFuture<String> backend = new CompletableFuture<>();
        AtomicInteger runs = new AtomicInteger();
        Supplier<CompletionStage<String>> loader = () -> {
            runs.incrementAndGet();
            return backend;
        };
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(cache.getOrSetAsync("k", loader));
        }
        assertThat(runs.get()).isEqualTo(1);
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        assertThat(cache.get("k")).isNull();

        futures.get(0).cancel(true); // one caller giving up leaves the others' load alone
        backend.complete("v");
        assertThat(futures.get(1).join()).isEqualTo("v");
        assertThat(futures.get(2).join()).isEqualTo("v");
        assertThat(cache.get("k")).isEqualTo("v");
        CompletableFuture<String> hit = cache.getOrSetAsync("k", loader);
        assertThat(hit).isCompletedWithValue("v");
        assertThat(runs.get()).isEqualTo(1);
        assertThat(cache.stats().loadCount()).isEqualTo(1);
    }

    @Test
    void aFailedAsyncLoadFailsEveryCallerAndCachesNothing() {
        CompletableFuture<String> backend = new CompletableFuture<>();
        CompletableFuture<String> first = cache.getOrSetAsync("k", () -> backend);
        CompletableFuture<String> second = cache.getOrSetAsync("k", () -> backend);
        IllegalStateException failure = new IllegalStateException("vault sealed");
        backend.completeExceptionally(failure);
        for (CompletableFuture<String> f : List.of(first, second)) {
            assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause().isSameAs(failure);
        }
        assertThat(cache.stats().size()).isZero();
        assertThat(cache.stats().loadFailureCount()).isEqualTo(1);
        assertThat(cache.getOrSetAsync("k", () -> CompletableFuture.completedFuture("retry")).join()).isEqualTo("retry");
    }

    @Test
    void anAsyncLoaderThatThrowsGivesAFailedFuture() {
        IllegalArgumentException failure = new IllegalArgumentException("bad config");
        CompletableFuture<String> f = cache.getOrSetAsync("k", () -> {
            throw failure;
        });
        assertThatThrownBy(f::join).cause().isSameAs(failure);
        CompletableFuture<String> nullStage = cache.getOrSetAsync("k", () -> null);
        assertThatThrownBy(nullStage::join).cause().isInstanceOf(NullPointerException.class)
                .hasMessageContaining("returned null instead of a CompletionStage");
        assertThat(cache.getOrSetAsync("k", () -> CompletableFuture.completedFuture((String) null)).join()).isNull();
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void aSynchronousCallerWaitsForAnAsyncLoadInFlight() throws Exception {
        CompletableFuture<String> backend = new CompletableFuture<>();
        CompletableFuture<String> async = cache.getOrSetAsync("k", () -> backend);
        AtomicInteger syncRuns = new AtomicInteger();
        Future<String> sync = pool.submit(() -> {
            workers.add(Thread.currentThread());
            return cache.getOrSet("k", () -> {
                syncRuns.incrementAndGet();
                return "sync";
            });
        });
        awaitUntil(() -> othersWaiting() == 1);
        backend.complete("async");
        assertThat(sync.get(10, TimeUnit.SECONDS)).isEqualTo("async");
        assertThat(async.join()).isEqualTo("async");
        assertThat(syncRuns.get()).isZero();
    }

    /** Runs {@code task} on all eight workers at once and returns their results. */
    private <T> List<Future<T>> startTogether(java.util.concurrent.Callable<T> task) {
        CyclicBarrier barrier = new CyclicBarrier(MISSERS);
        List<Future<T>> results = new ArrayList<>();
        for (int i = 0; i < MISSERS; i++) {
            results.add(pool.submit(() -> {
                workers.add(Thread.currentThread());
                barrier.await(10, TimeUnit.SECONDS);
                return task.call();
            }));
        }
        return results;
    }

    /** How many worker threads other than the caller are parked. */
    private int othersWaiting() {
        int n = 0;
        for (Thread t : workers) {
            if (t != Thread.currentThread() && t.getState() == Thread.State.WAITING) {
                n++;
            }
        }
        return n;
    }

    /** A bounded wait on real threads' progress: fails after 10 s instead of hanging. */
    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.yield();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
