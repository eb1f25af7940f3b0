package io.secretdesk.core.cache;

/** Loader runs of a {@link TtlCache} that returned, runs that threw, and the time both took; immutable. */
record LoadTotals(long successes, long failures, long nanos) {
    static final LoadTotals NONE = new LoadTotals(0, 0, 0);

    LoadTotals plus(boolean ok, long runNanos) {
        return new LoadTotals(successes + (ok ? 1 : 0), failures + (ok ? 0 : 1), nanos + runNanos);
    }
}
