package io.secretdesk.ui.cachestats;

import io.secretdesk.core.cache.CacheStats;
import io.secretdesk.core.cache.TtlCache;
import java.lang.ref.WeakReference;
import java.time.Duration;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One registered cache as the Cache Stats table shows it: its name and its latest counters, as properties.
 *
 * <p>One row lives as long as its name stays registered; each tick updates its properties in place, and a
 * property fires only when its value changed (JavaFX's primitive properties ignore a set to the same
 * value). The row holds its cache weakly, as the registry does, so watching a cache never keeps it alive.
 * FX thread only.
 */
public final class CacheRow {

    private final String name;
    private final ReadOnlyStringWrapper nameValue;
    private WeakReference<TtlCache<?>> cache;
    private final History history;

    private final ReadOnlyIntegerWrapper size = new ReadOnlyIntegerWrapper(this, "size");
    private final ReadOnlyIntegerWrapper maxSize = new ReadOnlyIntegerWrapper(this, "maxSize");
    private final ReadOnlyIntegerWrapper expired = new ReadOnlyIntegerWrapper(this, "expired");
    private final ReadOnlyLongWrapper hits = new ReadOnlyLongWrapper(this, "hits");
    private final ReadOnlyLongWrapper misses = new ReadOnlyLongWrapper(this, "misses");
    private final ReadOnlyDoubleWrapper hitRate = new ReadOnlyDoubleWrapper(this, "hitRate", Double.NaN);
    private final ReadOnlyLongWrapper evictions = new ReadOnlyLongWrapper(this, "evictions");
    private final ReadOnlyLongWrapper expiredRemovals = new ReadOnlyLongWrapper(this, "expiredRemovals");
    private final ReadOnlyLongWrapper loads = new ReadOnlyLongWrapper(this, "loads");
    private final ReadOnlyLongWrapper loadFailures = new ReadOnlyLongWrapper(this, "loadFailures");
    private final ReadOnlyObjectWrapper<Duration> averageLoadTime = new ReadOnlyObjectWrapper<>(this, "averageLoadTime", Duration.ZERO);
    private final ReadOnlyObjectWrapper<Duration> defaultTtl = new ReadOnlyObjectWrapper<>(this, "defaultTtl", Duration.ZERO);

    /** The counters at the last sample, to chart each interval's own hit rate. */
    private long sampledHits;
    private long sampledMisses;
    private long sampledAt;
    private boolean sampled;
    private long loadNanos = -1;

    CacheRow(String name, TtlCache<?> cache, int historyCapacity) {
        this.name = name;
        this.nameValue = new ReadOnlyStringWrapper(this, "name", name);
        this.cache = new WeakReference<>(cache);
        this.history = new History(historyCapacity);
    }

    /** The name the cache is registered under. */
    public String name() {
        return name;
    }

    /** The name, as a property for the table (it never changes). */
    public ReadOnlyStringProperty nameProperty() {
        return nameValue.getReadOnlyProperty();
    }

    /** The cache, or null once nothing else holds it (it has then left the registry too). */
    TtlCache<?> cache() {
        return cache.get();
    }

    boolean watches(TtlCache<?> candidate) {
        return cache.get() == candidate;
    }

    /** Watches {@code replacement}, registered under this row's name in place of the earlier cache. */
    void rebind(TtlCache<?> replacement) {
        cache = new WeakReference<>(replacement);
        history.clear();
        sampled = false;
    }

    History history() {
        return history;
    }

    /** Forgets the history: the next update starts it afresh (after the cache was cleared and its counts reset). */
    void restartHistory() {
        history.clear();
        sampled = false;
    }

    /**
     * Takes in a new snapshot taken at {@code now} (nanoseconds), and adds one history sample per
     * {@code periodNanos} elapsed since the last (at least one, so a late tick fills the seconds it missed).
     */
    void update(CacheStats stats, long now, long periodNanos) {
        size.set(stats.size());
        maxSize.set(stats.maxSize());
        expired.set(stats.expiredCount());
        evictions.set(stats.evictionCount());
        expiredRemovals.set(stats.expiredRemovalCount());
        loads.set(stats.loadCount());
        loadFailures.set(stats.loadFailureCount());
        if (defaultTtl.get() != stats.defaultTtl() && !defaultTtl.get().equals(stats.defaultTtl())) {
            defaultTtl.set(stats.defaultTtl());
        }
        long totalLoadNanos = stats.totalLoadTime().toNanos();
        if (totalLoadNanos != loadNanos) {
            loadNanos = totalLoadNanos;
            averageLoadTime.set(stats.averageLoadTime());
        }
        long h = stats.hitCount();
        long m = stats.missCount();
        if (h != hits.get() || m != misses.get()) {
            hits.set(h);
            misses.set(m);
            hitRate.set(h + m == 0 ? Double.NaN : stats.hitRate());
        }
        sample(h, m, stats.size(), now, periodNanos);
    }

    private void sample(long h, long m, int entries, long now, long periodNanos) {
        long newHits = h - sampledHits;
        long newMisses = m - sampledMisses;
        if (!sampled || newHits < 0 || newMisses < 0) {
            // First sample, or the counters went back (the cache's stats were reset elsewhere): the rate so far.
            history.clear();
            history.add(h + m == 0 ? Double.NaN : (double) h / (h + m), entries);
            remember(h, m, now);
            return;
        }
        long elapsed = now - sampledAt;
        int slots = (int) Math.min(history.capacity(), (elapsed + periodNanos / 2) / periodNanos);
        if (slots == 0) {
            // A refresh within the same period (F5, or after an action) moves the newest point's size (a clear
            // shows at once) and keeps one point per period; the hit rate waits for the period's full count.
            history.replaceNewest(history.hitRate(0), entries);
            return;
        }
        double rate = rate(newHits, newMisses, history.hitRate(0), h, m);
        // A late tick (a busy FX thread, a suspended laptop) fills the periods it missed.
        for (int i = 0; i < slots; i++) {
            history.add(rate, entries);
        }
        remember(h, m, now);
    }

    /** The hit rate of the reads since the last sample; without reads, the last rate (a flat line, not a drop to 0). */
    private static double rate(long newHits, long newMisses, double last, long h, long m) {
        if (newHits + newMisses > 0) {
            return (double) newHits / (newHits + newMisses);
        }
        return Double.isNaN(last) && h + m > 0 ? (double) h / (h + m) : last;
    }

    private void remember(long h, long m, long now) {
        sampledHits = h;
        sampledMisses = m;
        sampledAt = now;
        sampled = true;
    }

    /** Entries held now, expired ones not yet removed included. */
    public ReadOnlyIntegerProperty sizeProperty() {
        return size.getReadOnlyProperty();
    }

    /** The most entries the cache holds. */
    public ReadOnlyIntegerProperty maxSizeProperty() {
        return maxSize.getReadOnlyProperty();
    }

    /** Entries held whose time-to-live has passed. */
    public ReadOnlyIntegerProperty expiredProperty() {
        return expired.getReadOnlyProperty();
    }

    /** Reads that returned a value, since the cache was built or its counts were reset. */
    public ReadOnlyLongProperty hitsProperty() {
        return hits.getReadOnlyProperty();
    }

    /** Reads that found nothing or an expired entry, since the cache was built or its counts were reset. */
    public ReadOnlyLongProperty missesProperty() {
        return misses.getReadOnlyProperty();
    }

    /** Hits over all reads since the cache was built or its counts were reset, from 0 to 1; NaN before the first read. */
    public ReadOnlyDoubleProperty hitRateProperty() {
        return hitRate.getReadOnlyProperty();
    }

    /** Live entries removed to stay within the maximum size. */
    public ReadOnlyLongProperty evictionsProperty() {
        return evictions.getReadOnlyProperty();
    }

    /** Expired entries removed (by the sweep, a read, or at capacity). */
    public ReadOnlyLongProperty expiredRemovalsProperty() {
        return expiredRemovals.getReadOnlyProperty();
    }

    /** Loader runs that returned. */
    public ReadOnlyLongProperty loadsProperty() {
        return loads.getReadOnlyProperty();
    }

    /** Loader runs that threw. */
    public ReadOnlyLongProperty loadFailuresProperty() {
        return loadFailures.getReadOnlyProperty();
    }

    /** The mean time of one loader run; zero before the first. */
    public ReadOnlyObjectProperty<Duration> averageLoadTimeProperty() {
        return averageLoadTime.getReadOnlyProperty();
    }

    /** The time-to-live of entries set without one. */
    public ReadOnlyObjectProperty<Duration> defaultTtlProperty() {
        return defaultTtl.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "CacheRow[" + name + ", " + size.get() + "/" + maxSize.get() + "]";
    }
}
