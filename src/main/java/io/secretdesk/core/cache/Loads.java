package io.secretdesk.core.cache;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The loads of one {@link TtlCache} that run now, at most one per key (the single flight of
 * {@link TtlCache#getOrSet(String, Supplier, java.time.Duration)} and its async form), and the totals of the
 * loader runs. It runs the miss path only: the cache looks for a live value first and stores what a load
 * returns (see {@link TtlCache#store}).
 *
 * @param <V> the type of values
 */
final class Loads<V> {
    private final ConcurrentHashMap<String, Load<V>> running = new ConcurrentHashMap<>();
    /** Loader runs since the last reset, swapped whole so that a reset never splits a run's count from its time. */
    private final AtomicReference<LoadTotals> totals = new AtomicReference<>(LoadTotals.NONE);
    private final Ticker ticker;

    Loads(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Loads {@code key} into {@code cache} after a miss, or waits for the load of it that runs. */
    V load(TtlCache<V> cache, String key, Supplier<? extends V> loader, long ttlNanos) {
        Load<V> load = new Load<>();
        Load<V> other = running.putIfAbsent(key, load);
        if (other != null) {
            return await(other.future);
        }
        V loaded;
        try {
            // Another load may have finished between the miss and claiming the key.
            loaded = cache.peek(key);
            if (loaded == null) {
                loaded = timed(loader);
                cache.store(key, loaded, ttlNanos, load);
            }
        } catch (Throwable e) {
            running.remove(key, load);
            load.future.completeExceptionally(e);
            throw e;
        }
        // Leave the table before waking the waiters, so that a caller who missed just now loads afresh.
        running.remove(key, load);
        load.future.complete(loaded);
        return loaded;
    }

    /** Starts loading {@code key} into {@code cache} after a miss, or joins the load of it that runs. */
    CompletableFuture<V> loadAsync(TtlCache<V> cache, String key, Supplier<? extends CompletionStage<? extends V>> loader,
            long ttlNanos) {
        Load<V> load = new Load<>();
        Load<V> other = running.putIfAbsent(key, load);
        if (other != null) {
            return other.future.copy();
        }
        CompletableFuture<V> result = load.future.copy();
        V value = cache.peek(key);
        if (value != null) {
            running.remove(key, load);
            load.future.complete(value);
            return result;
        }
        long start = ticker.read();
        CompletionStage<? extends V> stage;
        try {
            stage = Objects.requireNonNull(loader.get(), "the async loader returned null instead of a CompletionStage");
        } catch (Throwable e) {
            countLoad(start, false);
            running.remove(key, load);
            load.future.completeExceptionally(e);
            return result;
        }
        stage.whenComplete((loaded, error) -> {
            Throwable failure = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            try {
                countLoad(start, error == null);
                if (error == null) {
                    cache.store(key, loaded, ttlNanos, load);
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                running.remove(key, load);
                if (failure != null) {
                    load.future.completeExceptionally(failure);
                } else {
                    load.future.complete(loaded);
                }
            }
        });
        return result;
    }

    /** Marks a running load of {@code key} invalidated, so that its result is not stored. */
    void invalidate(String key) {
        Load<V> load = running.get(key);
        if (load != null) {
            load.invalidated = true;
        }
    }

    /** Marks every running load of a key starting with {@code prefix} invalidated. */
    void invalidatePrefix(String prefix) {
        running.forEach((key, load) -> {
            if (key.startsWith(prefix)) {
                load.invalidated = true;
            }
        });
    }

    /** Marks every running load invalidated. */
    void invalidateAll() {
        for (Load<V> load : running.values()) {
            load.invalidated = true;
        }
    }

    LoadTotals totals() {
        return totals.get();
    }

    void resetTotals() {
        totals.set(LoadTotals.NONE);
    }

    private V timed(Supplier<? extends V> loader) {
        long start = ticker.read();
        boolean ok = false;
        try {
            V value = loader.get();
            ok = true;
            return value;
        } finally {
            countLoad(start, ok);
        }
    }

    private void countLoad(long start, boolean ok) {
        long nanos = Math.max(0, ticker.read() - start);
        totals.updateAndGet(t -> t.plus(ok, nanos));
    }

    private static <V> V await(CompletableFuture<V> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }
}
