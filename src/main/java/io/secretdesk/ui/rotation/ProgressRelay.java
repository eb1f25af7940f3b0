package io.secretdesk.ui.rotation;

import io.secretdesk.core.rotation.KeyRotation;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Passes the progress a rotation reports on its worker thread to the page's progress bar: keeps the latest
 * figures and queues one FX update at a time, so a fast step cannot flood the FX thread. Updates that arrive
 * when nothing runs any more are dropped.
 */
final class ProgressRelay implements KeyRotation.Listener {

    private final RotationPage page;
    private final AtomicReference<int[]> latestProgress = new AtomicReference<>();
    private final AtomicBoolean progressQueued = new AtomicBoolean();

    ProgressRelay(RotationPage page) {
        this.page = page;
    }

    /** Called on the worker thread. */
    @Override
    public void progress(KeyRotation.Step step, int done, int total) {
        latestProgress.set(new int[] {step.ordinal(), done, total});
        if (progressQueued.compareAndSet(false, true)) {
            page.fx.execute(() -> {
                progressQueued.set(false);
                int[] latest = latestProgress.get();
                if (latest == null || !page.running.get()) {
                    return;
                }
                KeyRotation.Step reported = KeyRotation.Step.values()[latest[0]];
                page.progress.set(latest[2] <= 0 ? -1 : (double) latest[1] / latest[2]);
                page.progressText.set(verb(reported) + " " + latest[1] + " of " + latest[2]);
            });
        }
    }

    private static String verb(KeyRotation.Step step) {
        return switch (step) {
            case PREFLIGHT -> "Checked";
            case BACKUP -> "Backup part";
            case REENCRYPT -> "Re-encrypted";
            case VERIFY -> "Verified";
            case COMMIT -> "Commit part";
            case ROLLBACK -> "Restored";
            case NEW_KEY -> "Key";
        };
    }
}
