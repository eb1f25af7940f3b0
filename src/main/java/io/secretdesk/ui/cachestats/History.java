package io.secretdesk.ui.cachestats;

/**
 * A fixed-size ring of one cache's recent samples (hit rate and size, one pair per tick): the newest
 * sample replaces the oldest once the ring is full, so memory stays bounded however long the console runs.
 *
 * <p>Two primitive arrays, no object per sample; adding allocates nothing. Not thread-safe (FX thread).
 */
final class History {

    private final double[] hitRates;
    private final double[] sizes;
    /** Index of the newest sample. */
    private int newest = -1;
    private int count;

    History(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a history holds at least one sample, got " + capacity);
        }
        hitRates = new double[capacity];
        sizes = new double[capacity];
    }

    /** Appends a sample; {@code hitRate} is a share from 0 to 1, or NaN while the cache has had no reads. */
    void add(double hitRate, double size) {
        newest = (newest + 1) % hitRates.length;
        hitRates[newest] = hitRate;
        sizes[newest] = size;
        if (count < hitRates.length) {
            count++;
        }
    }

    /** Replaces the newest sample (adds one if there is none): a refresh within the same tick period. */
    void replaceNewest(double hitRate, double size) {
        if (count == 0) {
            add(hitRate, size);
            return;
        }
        hitRates[newest] = hitRate;
        sizes[newest] = size;
    }

    /** The most samples it keeps. */
    int capacity() {
        return hitRates.length;
    }

    /** How many samples it holds, at most {@link #capacity()}. */
    int count() {
        return count;
    }

    /** The hit rate {@code age} samples ago (0 is the newest); NaN before the cache's first read. */
    double hitRate(int age) {
        return hitRates[index(age)];
    }

    /** The size {@code age} samples ago (0 is the newest). */
    double size(int age) {
        return sizes[index(age)];
    }

    /** How many of the newest samples in a row have a hit rate (the older ones precede the first read). */
    int hitRateCount() {
        int n = 0;
        while (n < count && !Double.isNaN(hitRates[index(n)])) {
            n++;
        }
        return n;
    }

    void clear() {
        newest = -1;
        count = 0;
    }

    private int index(int age) {
        if (age < 0 || age >= count) {
            throw new IndexOutOfBoundsException("age " + age + " of " + count + " samples");
        }
        int i = newest - age;
        return i < 0 ? i + hitRates.length : i;
    }
}
