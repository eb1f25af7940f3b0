package io.secretdesk.core.cache;

/**
 * A source of time for caches: nanoseconds from an arbitrary origin, only ever compared as differences.
 *
 * <p>Tests pass a ticker they advance by hand instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {

    /** The current time in nanoseconds; successive reads never go backwards. */
    long read();

    /** The system's monotonic clock, {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
