package io.secretdesk.ui.secrets;

import io.secretdesk.ui.common.ClipboardGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told, and a repeater that ticks every registered task when it does. */
final class FakeTime implements ClipboardGuard.Repeater {

    private long now = 5_000_000_000L;
    private final List<Runnable> ticking = new ArrayList<>();

    long nanoTime() {
        return now;
    }

    @Override
    public Runnable every(Duration period, Runnable tick) {
        ticking.add(tick);
        return () -> ticking.remove(tick);
    }

    /** Moves the clock on and runs one tick of everything that is ticking. */
    void advance(Duration by) {
        now += by.toNanos();
        for (Runnable tick : List.copyOf(ticking)) {
            tick.run();
        }
    }

    int ticking() {
        return ticking.size();
    }
}
