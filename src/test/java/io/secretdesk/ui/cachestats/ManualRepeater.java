package io.secretdesk.ui.cachestats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A repeater the test drives: remembers what to run and whether it was stopped, and runs it only when told. */
final class ManualRepeater {

    final List<Duration> periods = new ArrayList<>();
    Runnable tick;
    boolean stopped;

    Runnable every(Duration period, Runnable tick) {
        periods.add(period);
        this.tick = tick;
        return () -> stopped = true;
    }
}
