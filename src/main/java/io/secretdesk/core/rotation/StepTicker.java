package io.secretdesk.core.rotation;

import io.secretdesk.core.rotation.KeyRotation.Listener;
import io.secretdesk.core.rotation.KeyRotation.Step;

/**
 * Progress for one step of a {@link KeyRotation}: a cancel request checked on every row, the listener told
 * about 200 times at most. Used on the thread running the step only.
 */
final class StepTicker {
    private final Listener listener;
    private final Step step;
    /** Throws when a cancel was requested. */
    private final Runnable checkCancel;
    private int total;
    private int done;

    StepTicker(Listener listener, Step step, int total, Runnable checkCancel) {
        this.listener = listener;
        this.step = step;
        this.total = total;
        this.checkCancel = checkCancel;
        listener.progress(step, 0, total);
    }

    void tick() {
        update(++done, total);
    }

    void update(int row, int all) {
        checkCancel.run();
        report(row, all);
    }

    void report(int row, int all) {
        done = row;
        total = all;
        int every = Math.max(1, all / 200);
        if (row == all || row % every == 0) {
            listener.progress(step, row, all);
        }
    }

    void done() {
        if (done != total) {
            listener.progress(step, total, total);
        }
    }
}
