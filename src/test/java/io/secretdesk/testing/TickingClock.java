package io.secretdesk.testing;

import io.secretdesk.ui.common.ClipboardGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A monotonic clock that moves only when told, and a {@link ClipboardGuard.Repeater} that runs every registered tick
 * when it does: the console's timers (reveals, notices, the idle lock, the clipboard countdown) without waiting.
 * Call on the thread the timers run on (the FX thread in TestFX tests).
 */
public final class TickingClock implements ClipboardGuard.Repeater {

    private long now = 5_000_000_000L;
    private final List<Runnable> ticking = new ArrayList<>();

    public long nanoTime() {
        return now;
    }

    @Override
    public Runnable every(Duration period, Runnable tick) {
        ticking.add(tick);
        return () -> ticking.remove(tick);
    }

    /** Moves the clock on and runs one tick of everything that is ticking. */
    public void advance(Duration by) {
        now += by.toNanos();
        for (Runnable tick : List.copyOf(ticking)) {
            tick.run();
        }
    }

    /** How many timers tick now. */
    public int ticking() {
        return ticking.size();
    }
}
