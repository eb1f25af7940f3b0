package io.secretdesk.core.cache;

import io.secretdesk.core.schedule.ScheduledTask;
import io.secretdesk.core.schedule.Scheduler;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An in-memory cache from string keys to values, with a time-to-live per entry and least-recently-used
 * eviction at a maximum size: the seed document's {@code TTLCache}.
 *
 * <p>An entry set at time {@code t} with time-to-live {@code ttl} is expired once {@code now >= t + ttl}
 * (so a time-to-live of zero is expired at once) and is never returned after that. When a new key would
 * take the cache past its maximum size, the least recently used entry goes first; a read that returns a
 * value and an overwrite both count as a use. Expired entries are swept by a job on a {@link Scheduler}
 * every cleanup interval; one a read comes across is dropped then.
 *
 * <p>Thread-safe under any mix of operations. A read takes no lock and (after a thread's first, which sets
 * up about 1 KB for that thread) allocates nothing: it looks the key up in a {@link ConcurrentHashMap} and
 * notes the use in a ring buffer of the calling thread's own; the
 * buffers are replayed into the recency order under a lock by whichever thread next changes the cache's
 * membership, or tries the lock when its buffer is full. Under contention a use may go unrecorded (the
 * buffer is full and another thread holds the lock), so recency is exact for one thread and approximate
 * for many, as in Caffeine. Inserts of new keys, removals and eviction take the lock; an overwrite of a
 * present key does not. The size never exceeds the maximum, not even while a write is in progress.
 *
 * <p>Keys and values must not be {@code null}. Keys may be shown in listings; values never appear in
 * {@link #toString()}, logs or exception messages.
 *
 * <p>The parts, package-private beside this class: {@link Node} and {@link Slot} (an entry), {@link Recency}
 * (the recency order and counters the lock guards), {@link Recorder} and {@link Recorders} (the per-thread use
 * buffers and hit counts), {@link Loads} (the single-flight loads and their totals).
 *
 * @param <V> the type of values
 */
public final class TtlCache<V> implements AutoCloseable {

    /** The time-to-live of entries set without one, unless the builder says otherwise: 300 s. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    /** The maximum number of entries, unless the builder says otherwise: 1000. */
    public static final int DEFAULT_MAX_SIZE = 1000;
    /** How often expired entries are swept, unless the builder says otherwise: 60 s. */
    public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofSeconds(60);

    /** Longer times-to-live are cut to this (about 146 years), so that time sums cannot wrap. */
    private static final long MAX_TTL_NANOS = Long.MAX_VALUE / 2;
    /** Tries for the lock before a writer parks. */
    private static final int SPINS = 100;

    private final String name;
    private final Duration defaultTtl;
    private final long defaultTtlNanos;
    private final int maxSize;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, Node<V>> map;
    private final Loads<V> loads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Recorders recorders = new Recorders();
    private final ThreadLocal<Recorder> recorder = new ThreadLocal<>() {
        @Override
        protected Recorder initialValue() {
            return recorders.register(new Recorder(Thread.currentThread()));
        }
    };
    private final ScheduledTask cleanupTask;

    /** Recency order and counters: everything the lock guards, in an object of its own (see {@link Recency}). */
    private final Recency<V> lru;

    /**
     * A cache on the system ticker whose cleanup runs on {@link Scheduler#shared()}.
     *
     * @throws IllegalArgumentException when a duration is not positive or {@code maxSize < 1}
     */
    public TtlCache(Duration defaultTtl, int maxSize, Duration cleanupInterval) {
        this(new Builder<V>().defaultTtl(defaultTtl).maxSize(maxSize).cleanupInterval(cleanupInterval));
    }

    private TtlCache(Builder<V> b) {
        this.name = b.name;
        this.defaultTtl = b.defaultTtl;
        this.defaultTtlNanos = ttlNanos(b.defaultTtl);
        this.maxSize = b.maxSize;
        this.ticker = b.ticker;
        this.map = new ConcurrentHashMap<>(Math.min(maxSize, 1 << 16));
        this.loads = new Loads<>(ticker);
        this.lru = new Recency<>(maxSize);
        Scheduler scheduler = b.scheduler != null ? b.scheduler : Scheduler.shared();
        this.cleanupTask = scheduleCleanup(scheduler, b.cleanupInterval, this, name);
    }

    /** A builder with the defaults: 300 s, 1000 entries, cleanup every 60 s, system ticker, shared scheduler. */
    public static <V> Builder<V> builder() {
        return new Builder<>();
    }

    /**
     * The sweep job holds the cache only weakly, so an unreferenced cache can be collected; the job then
     * ends itself at its next run. Static so that the lambda cannot capture {@code this}.
     */
    private static ScheduledTask scheduleCleanup(Scheduler scheduler, Duration interval, TtlCache<?> cache, String name) {
        WeakReference<TtlCache<?>> ref = new WeakReference<>(cache);
        return scheduler.repeatWhile("cache cleanup" + (name == null ? "" : " " + name), interval, () -> {
            TtlCache<?> c = ref.get();
            if (c == null) {
                return false;
            }
            c.cleanUp();
            return true;
        });
    }

    /** The name this cache is registered under in {@link Caches#named()}, if it has one. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * The value of {@code key}, or {@code null} when it is absent or expired. Counts a hit or a miss; a hit
     * makes the entry the most recently used. Takes no lock and allocates nothing.
     */
    public V get(String key) {
        Node<V> node = map.get(key);
        Recorder r = recorder.get();
        if (node != null) {
            Slot<V> slot = node.slot;
            V value = slot.value;
            if (value != null) {
                if (slot.expiresAt - ticker.read() > 0) {
                    r.hit();
                    noteUse(r, node);
                    return value;
                }
                dropExpired(node, slot);
            }
        }
        r.miss();
        return null;
    }

    /** Sets {@code key} to {@code value} with the default time-to-live. */
    public void set(String key, V value) {
        put(key, value, defaultTtlNanos);
    }

    /**
     * Sets {@code key} to {@code value} for {@code ttl}. A time-to-live of zero means the value is expired
     * at once: the key is left without a value.
     *
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    public void set(String key, V value, Duration ttl) {
        put(key, value, ttlNanos(ttl));
    }

    private void put(String key, V value, long ttlNanos) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value must not be null; use delete(key) to remove a key");
        if (ttlNanos == 0) {
            delete(key);
            return;
        }
        Slot<V> slot = new Slot<>(value, ticker.read() + ttlNanos);
        Node<V> node = map.get(key);
        if (node != null && node.replace(slot)) {
            noteUse(recorder.get(), node);
            return;
        }
        insert(key, slot, null);
    }

    /**
     * The value of {@code key}; when absent or expired, runs {@code loader} and caches a non-null result
     * for the default time-to-live. See {@link #getOrSet(String, Supplier, Duration)}.
     */
    public V getOrSet(String key, Supplier<? extends V> loader) {
        return getOrSet(key, loader, defaultTtl);
    }

    /**
     * The value of {@code key}; when absent or expired, runs {@code loader} and caches a non-null result
     * for {@code ttl}.
     *
     * <p>The loader runs once per key however many threads miss at the same time: the others wait for its
     * result (uninterruptibly) and get the same value, or the same exception. No lock is held while it
     * runs, so other keys are never held up. A loader that throws caches nothing; a {@code null} result is
     * returned but not cached. If the key is deleted, invalidated or cleared while the loader runs, its
     * result is returned but not cached (it may predate the change); if the key is set meanwhile, that
     * value is kept.
     *
     * @return the cached or loaded value; {@code null} only when the loader returned {@code null}
     */
    public V getOrSet(String key, Supplier<? extends V> loader, Duration ttl) {
        Objects.requireNonNull(loader, "loader");
        long ttlNanos = ttlNanos(ttl);
        V value = get(key);
        return value != null ? value : loads.load(this, key, loader, ttlNanos);
    }

    /** The asynchronous form of {@link #getOrSet(String, Supplier)}, with the default time-to-live. */
    public CompletableFuture<V> getOrSetAsync(String key, Supplier<? extends CompletionStage<? extends V>> loader) {
        return getOrSetAsync(key, loader, defaultTtl);
    }

    /**
     * The value of {@code key} as a completed future; when absent or expired, starts {@code loader} (on the
     * calling thread; it returns a stage that completes later) and caches its non-null result for
     * {@code ttl}. Single-flight like {@link #getOrSet(String, Supplier, Duration)}, shared with it: every
     * caller that misses while a load runs gets a future of that load's outcome. A loader that throws or
     * whose stage fails caches nothing, and every returned future fails with that exception (wrapped in
     * a {@link CompletionException} by {@code join}).
     *
     * @return a future of its own for each caller (completing or cancelling it affects no one else)
     */
    public CompletableFuture<V> getOrSetAsync(String key, Supplier<? extends CompletionStage<? extends V>> loader,
            Duration ttl) {
        Objects.requireNonNull(loader, "loader");
        long ttlNanos = ttlNanos(ttl);
        V value = get(key);
        return value != null ? CompletableFuture.completedFuture(value) : loads.loadAsync(this, key, loader, ttlNanos);
    }

    /**
     * Removes {@code key}.
     *
     * @return whether it had a value that had not expired
     */
    public boolean delete(String key) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            loads.invalidate(key);
            Node<V> node = map.get(key);
            if (node == null) {
                return false;
            }
            Slot<V> old = retire(node);
            return old.expiresAt - ticker.read() > 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes every entry, expired ones included.
     *
     * @return how many entries it removed
     */
    public int clear() {
        lock.lock();
        try {
            recorders.replayInto(lru);
            loads.invalidateAll();
            int removed = lru.size;
            for (Node<V> node = lru.first(); node != null; node = lru.after(node)) {
                node.markRetired();
            }
            lru.clear();
            map.clear();
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes every entry whose key starts with {@code prefix}, expired ones included; e.g. {@code
     * "provider:replicate:"}.
     *
     * @return how many entries it removed
     */
    public int invalidatePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        lock.lock();
        try {
            loads.invalidatePrefix(prefix);
            int removed = 0;
            Node<V> node = lru.first();
            while (node != null) {
                Node<V> next = lru.after(node);
                if (node.key.startsWith(prefix)) {
                    retire(node);
                    removed++;
                }
                node = next;
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes every expired entry now; the scheduled cleanup calls this every cleanup interval.
     *
     * @return how many entries it removed
     */
    public int cleanUp() {
        lock.lock();
        try {
            long now = ticker.read();
            int removed = 0;
            Node<V> node = lru.first();
            while (node != null) {
                Node<V> next = lru.after(node);
                Slot<V> slot = node.slot;
                if (slot.expiresAt - now <= 0 && node.retireIf(slot)) {
                    unlink(node);
                    removed++;
                }
                node = next;
            }
            lru.expiredRemovalCount += removed;
            recorders.pruneDeadThreads(lru);
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A snapshot of this cache's size, settings and counters. Cheap enough to poll every second: it counts
     * expired entries in one pass over at most {@code maxSize} entries and takes the lock only briefly.
     */
    public CacheStats stats() {
        long now = ticker.read();
        int expired = 0;
        for (Node<V> node : map.values()) {
            Slot<V> slot = node.slot;
            if (slot.value != null && slot.expiresAt - now <= 0) {
                expired++;
            }
        }
        long hits;
        long misses;
        long evictions;
        long expiredRemovals;
        lock.lock();
        try {
            hits = recorders.totalHits() - lru.hitsAtReset;
            misses = recorders.totalMisses() - lru.missesAtReset;
            evictions = lru.evictionCount;
            expiredRemovals = lru.expiredRemovalCount;
        } finally {
            lock.unlock();
        }
        LoadTotals totals = loads.totals();
        return new CacheStats(lru.size, maxSize, expired, defaultTtl, hits, misses, evictions, expiredRemovals,
                totals.successes(), totals.failures(), Duration.ofNanos(totals.nanos()));
    }

    /**
     * Sets every counter {@link #stats()} reports back to zero: hits, misses, evictions, expired removals, loads,
     * load failures and load time. The entries stay; {@link #clear()} removes those.
     *
     * <p>Safe while other threads read and write. Hits and misses are counted per thread by the reading thread
     * alone, so a reset does not write to them: it notes where they stand and later stats count from there. A read
     * that runs while the reset does is therefore counted on one side of it or the other (before, and so dropped,
     * or after, and so kept), never twice and never lost from later stats. A load still running when the reset
     * happens is counted, with its whole time, after it. An eviction or expired removal happens under the lock and
     * so falls cleanly before or after.
     */
    public void resetStats() {
        lock.lock();
        try {
            lru.hitsAtReset = recorders.totalHits();
            lru.missesAtReset = recorders.totalMisses();
            lru.evictionCount = 0;
            lru.expiredRemovalCount = 0;
            loads.resetTotals();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every key with a value that has not expired, mapped to the time it has left, in key order. For
     * listings such as the console's Cache Stats view; costs one pass over the entries.
     */
    public SortedMap<String, Duration> ttlSnapshot() {
        long now = ticker.read();
        TreeMap<String, Duration> snapshot = new TreeMap<>();
        for (Node<V> node : map.values()) {
            Slot<V> slot = node.slot;
            long left = slot.expiresAt - now;
            if (slot.value != null && left > 0) {
                snapshot.put(node.key, Duration.ofNanos(left));
            }
        }
        return Collections.unmodifiableSortedMap(snapshot);
    }

    /** Stops the scheduled cleanup and takes this cache out of {@link Caches#named()}; it stays usable. */
    @Override
    public void close() {
        cleanupTask.cancel();
        if (name != null) {
            Caches.unregister(name, this);
        }
    }

    @Override
    public String toString() {
        return "TtlCache[" + (name == null ? "unnamed" : name) + ", " + lru.size + "/" + maxSize + " entries]";
    }

    // ---- internals ---------------------------------------------------------------------------------------

    /** Like {@link #get} without counting or noting a use; for {@link Loads}. */
    V peek(String key) {
        Node<V> node = map.get(key);
        if (node == null) {
            return null;
        }
        Slot<V> slot = node.slot;
        return slot.value != null && slot.expiresAt - ticker.read() > 0 ? slot.value : null;
    }

    /** Stores what a load returned, unless it is null or the load was invalidated; for {@link Loads}. */
    void store(String key, V loaded, long ttlNanos, Load<V> load) {
        if (loaded != null && ttlNanos > 0) {
            insert(key, new Slot<>(loaded, ticker.read() + ttlNanos), load);
        }
    }

    /**
     * Adds or replaces {@code key} under the lock, evicting first so the size never passes the maximum.
     * For a load ({@code load != null}) it does nothing when the load was invalidated or a live value was
     * set meanwhile.
     */
    private void insert(String key, Slot<V> slot, Load<V> load) {
        lockSpinning();
        try {
            if (load != null && load.invalidated) {
                return;
            }
            recorders.replayInto(lru);
            Node<V> node = map.get(key);
            if (node != null) {
                // Nodes leave the map only under the lock, so this one is live; only its slot may change.
                for (;;) {
                    Slot<V> current = node.slot;
                    if (load != null && current.expiresAt - ticker.read() > 0) {
                        return;
                    }
                    if (node.compareAndSetSlot(current, slot)) {
                        break;
                    }
                }
                lru.moveToTail(node);
                return;
            }
            while (lru.size >= maxSize) {
                evictHead();
            }
            node = new Node<>(key, slot);
            map.put(key, node);
            lru.addLast(node);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the lock, spinning briefly first: it is held for well under a microsecond, far less than parking
     * and waking a thread costs.
     */
    private void lockSpinning() {
        for (int i = 0; i < SPINS; i++) {
            if (lock.tryLock()) {
                return;
            }
            Thread.onSpinWait();
        }
        lock.lock();
    }

    /** Removes the least recently used entry, counting it as evicted or, if it had expired, as expired. */
    private void evictHead() {
        Slot<V> old = retire(lru.first());
        if (old.expiresAt - ticker.read() > 0) {
            lru.evictionCount++;
        } else {
            lru.expiredRemovalCount++;
        }
    }

    /** Takes a node out of the cache under the lock and returns the slot it had. */
    private Slot<V> retire(Node<V> node) {
        Slot<V> old = node.retire();
        unlink(node);
        return old;
    }

    /** Removes a node already marked retired from the map and the recency list. */
    private void unlink(Node<V> node) {
        map.remove(node.key, node);
        lru.remove(node);
    }

    /** Notes a use of {@code node}; when the thread's buffer is full, replays the buffers if the lock is free. */
    private void noteUse(Recorder r, Node<V> node) {
        if (r.offer(node)) {
            return;
        }
        if (lock.tryLock()) {
            try {
                recorders.replayInto(lru);
                lru.moveToTail(node);
            } finally {
                lock.unlock();
            }
        }
        // Otherwise the holder of the lock is replaying buffers now; this one use goes unrecorded.
    }

    /** Drops one expired entry a read came across, if the lock is free; the sweep gets it otherwise. */
    private void dropExpired(Node<V> node, Slot<V> slot) {
        if (lock.tryLock()) {
            try {
                if (node.index >= 0 && node.retireIf(slot)) {
                    unlink(node);
                    lru.expiredRemovalCount++;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private static long ttlNanos(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, got " + ttl
                    + "; use Duration.ZERO for a value that expires at once");
        }
        return ttl.compareTo(Duration.ofNanos(MAX_TTL_NANOS)) > 0 ? MAX_TTL_NANOS : ttl.toNanos();
    }

    /**
     * Builds a {@link TtlCache}. Defaults: time-to-live 300 s, 1000 entries, cleanup every 60 s, the system
     * ticker, the shared scheduler, no name.
     *
     * @param <V> the type of values
     */
    public static final class Builder<V> {
        private Duration defaultTtl = DEFAULT_TTL;
        private int maxSize = DEFAULT_MAX_SIZE;
        private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
        private Ticker ticker = Ticker.system();
        private Scheduler scheduler;
        private String name;

        private Builder() {
        }

        /** The time-to-live of entries set without one; positive. */
        public Builder<V> defaultTtl(Duration ttl) {
            this.defaultTtl = positive(ttl, "defaultTtl");
            return this;
        }

        /** The most entries the cache holds; at least 1. */
        public Builder<V> maxSize(int maxSize) {
            if (maxSize < 1) {
                throw new IllegalArgumentException("maxSize must be at least 1, got " + maxSize);
            }
            this.maxSize = maxSize;
            return this;
        }

        /** How often the scheduler sweeps expired entries; positive. */
        public Builder<V> cleanupInterval(Duration interval) {
            this.cleanupInterval = positive(interval, "cleanupInterval");
            return this;
        }

        /** The source of time for expiry and load times. */
        public Builder<V> ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Where the cleanup job runs; {@link Scheduler#shared()} unless given. */
        public Builder<V> scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Names the cache and registers it, on {@link #build()}, in {@link Caches#named()} (replacing any
         * cache of that name) so that the console lists it.
         */
        public Builder<V> name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a cache name must not be blank");
            }
            this.name = name;
            return this;
        }

        public TtlCache<V> build() {
            TtlCache<V> cache = new TtlCache<>(this);
            if (name != null) {
                Caches.register(name, cache);
            }
            return cache;
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
