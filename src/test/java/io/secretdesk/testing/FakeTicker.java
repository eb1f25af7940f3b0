package io.secretdesk.testing;

import io.secretdesk.core.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that moves only when a test advances it; public so that other packages' tests can use it. */
public final class FakeTicker implements Ticker {

    private final AtomicLong nanos;

    /** A ticker at an arbitrary large origin, so that code relying on zero-based time fails. */
    public FakeTicker() {
        this(1_000_000_000_000L);
    }

    public FakeTicker(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    @Override
    public long read() {
        return nanos.get();
    }

    public FakeTicker advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        return this;
    }

    public FakeTicker advanceNanos(long n) {
        nanos.addAndGet(n);
        return this;
    }
}
