package io.secretdesk.core.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The {@link Recorder}s of every thread that has read one {@link TtlCache}, and the hit and miss counts of
 * those that have ended. Registering is lock-free (copy-on-write); everything else runs under the cache's lock.
 */
final class Recorders {
    private static final VarHandle ALL;

    static {
        try {
            ALL = MethodHandles.lookup().findVarHandle(Recorders.class, "all", Recorder[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Every live thread's recorder; copy-on-write. */
    private volatile Recorder[] all = new Recorder[0];
    /** Counts folded in from threads that have ended; under the cache's lock. */
    private long deadThreadHits;
    private long deadThreadMisses;

    /** Adds a thread's recorder; any thread. */
    Recorder register(Recorder r) {
        for (;;) {
            Recorder[] current = all;
            Recorder[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = r;
            if (ALL.compareAndSet(this, current, next)) {
                return r;
            }
        }
    }

    /** Replays every thread's noted uses into the recency order; under the lock. */
    <V> void replayInto(Recency<V> lru) {
        for (Recorder r : all) {
            r.replayInto(lru);
        }
    }

    /** Replays, then folds the counts of threads that have ended into the totals and forgets their recorders; under the lock. */
    <V> void pruneDeadThreads(Recency<V> lru) {
        replayInto(lru);
        for (;;) {
            Recorder[] current = all;
            Recorder[] live = Arrays.stream(current).filter(Recorder::ownerAlive).toArray(Recorder[]::new);
            if (live.length == current.length) {
                return;
            }
            long hits = 0;
            long misses = 0;
            for (Recorder r : current) {
                if (!r.ownerAlive()) {
                    hits += r.hits();
                    misses += r.misses();
                }
            }
            if (ALL.compareAndSet(this, current, live)) {
                deadThreadHits += hits;
                deadThreadMisses += misses;
                return;
            }
        }
    }

    /** Hits since the cache was built, by every thread that ever read it; under the lock (dead threads' are folded in then). */
    long totalHits() {
        long hits = deadThreadHits;
        for (Recorder r : all) {
            hits += r.hits();
        }
        return hits;
    }

    /** Misses since the cache was built; see {@link #totalHits()}. */
    long totalMisses() {
        long misses = deadThreadMisses;
        for (Recorder r : all) {
            misses += r.misses();
        }
        return misses;
    }
}
