package io.secretdesk.ui.rotation;

import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.SecretValue;
import io.secretdesk.ui.common.UiExecutor;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * The Key Rotation page: the {@link #wizard() wizard}, the {@link #history() history} of backups with the
 * rollback to one of them, and the {@link #report() report} of where the key stands, over one rotation
 * service; and what they share, shown once on the page: whether work runs, its progress, and the last error.
 *
 * <p>Every call into core runs through the {@link UiExecutor}; properties change only on the FX thread.
 */
public final class RotationViewModel {

    private final RotationPage page;
    private final WizardViewModel wizard;
    private final HistoryViewModel history;
    private final RecoveryReportViewModel report;
    private final ClipboardGuard clipboard;
    private final Reveals reveals;

    /**
     * @param executor  runs the blocking work
     * @param fx        the FX dispatcher, for progress from worker threads ({@code Platform::runLater} in the console)
     * @param clipboard the console's clipboard guard, for the new key
     * @param service   opens the rotation service of the console store; called once, off the FX thread
     */
    public RotationViewModel(UiExecutor executor, Executor fx, ClipboardGuard clipboard, Callable<KeyRotations> service) {
        this(executor, fx, clipboard, new Reveals(System::nanoTime, (period, tick) -> () -> { }, Reveals.DEFAULT_REVEAL_FOR),
                service);
    }

    /**
     * @param reveals the console's reveals: the new key shown on the page is masked by their timeout and the idle lock
     */
    public RotationViewModel(UiExecutor executor, Executor fx, ClipboardGuard clipboard, Reveals reveals,
                             Callable<KeyRotations> service) {
        this.clipboard = clipboard;
        this.reveals = java.util.Objects.requireNonNull(reveals, "reveals");
        this.page = new RotationPage(executor, fx, service, reveals.newNotice());
        this.wizard = new WizardViewModel(page, clipboard);
        this.history = new HistoryViewModel(page);
        this.report = new RecoveryReportViewModel(page);
        page.attach(wizard, history);
        page.update();
    }

    /**
     * Start-up recovery for the console: runs {@code recover} (finishing or rolling back a key rotation a crash
     * interrupted) in the background and, when it did something, tells {@code say} in one line (on the FX
     * thread). The Key Rotation page shows the full report the first time it opens.
     */
    public static void recoverAtStartup(UiExecutor executor, Callable<Optional<KeyRotations.Recovery>> recover,
                                        Consumer<String> say) {
        RecoveryReportViewModel.recoverAtStartup(executor, recover, say);
    }

    /** The wizard: its steps, what each found, and Back / Next / Cancel / Roll back. */
    public WizardViewModel wizard() {
        return wizard;
    }

    /** The backups of past rotations and the rollback to one of them. */
    public HistoryViewModel history() {
        return history;
    }

    /** The header: what recovery did, the current key, and the Confirm command. */
    public RecoveryReportViewModel report() {
        return report;
    }

    /** The new key (or none) as the page's secret field shows it: masked, revealed for a while, copied through the guard. */
    public SecretValue newKeyValue(String shown) {
        return new SecretValue("new credential key", shown == null || shown.isEmpty() ? null : shown, reveals, clipboard);
    }

    /** The console's reveals and clipboard guard, for the typed key's field. */
    public Reveals reveals() {
        return reveals;
    }

    public ClipboardGuard clipboard() {
        return clipboard;
    }

    /** Whether work of any part runs now. */
    public ReadOnlyBooleanProperty runningProperty() {
        return page.running.getReadOnlyProperty();
    }

    /** 0..1, or -1 while the size of the work is not known yet. */
    public ReadOnlyDoubleProperty progressProperty() {
        return page.progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return page.progressText.getReadOnlyProperty();
    }

    /** What the last action said, or the last error, as the page's toast; it goes by itself (an error stays). */
    public Notice notice() {
        return page.notice;
    }

    /** Removes the toast (its x, the page left, the theme changed, the console locked). */
    public void dismissNotice() {
        page.notice.dismiss();
    }

    /** The last failure, one line; empty when none. */
    public ReadOnlyStringProperty errorProperty() {
        return page.error.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "RotationViewModel[" + wizard.currentProperty().get() + "]";
    }
}
