package io.secretdesk.ui.rotation;

import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.ui.common.ClipboardGuard;
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

    /**
     * @param executor  runs the blocking work
     * @param fx        the FX dispatcher, for progress from worker threads ({@code Platform::runLater} in the console)
     * @param clipboard the console's clipboard guard, for the new key
     * @param service   opens the rotation service of the console store; called once, off the FX thread
     */
    public RotationViewModel(UiExecutor executor, Executor fx, ClipboardGuard clipboard, Callable<KeyRotations> service) {
        this.page = new RotationPage(executor, fx, service);
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

    /** The last failure, one line; empty when none. */
    public ReadOnlyStringProperty errorProperty() {
        return page.error.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "RotationViewModel[" + wizard.currentProperty().get() + "]";
    }
}
