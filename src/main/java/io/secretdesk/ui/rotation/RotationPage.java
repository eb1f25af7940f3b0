package io.secretdesk.ui.rotation;

import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.core.rotation.KeyRotations.PastRotation;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.UiExecutor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the Key Rotation page's view models ({@link WizardViewModel}, {@link HistoryViewModel},
 * {@link RecoveryReportViewModel}) share: the executors, the rotation service, the state every one of them
 * writes (work running and its progress, the last error, the header's report), and the few calls one part
 * makes on another, so that no part holds another. FX thread only, except {@link #service()}.
 */
final class RotationPage {

    final UiExecutor executor;
    /** The FX dispatcher, for progress reported on worker threads. */
    final Executor fx;
    private final Callable<KeyRotations> opener;
    private KeyRotations service;

    /** Whether any part's work runs now; the page shows its progress and holds other commands back. */
    final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    /** 0..1, or -1 while the size of the work is not known yet. */
    final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    /** The last failure, one line; empty when none. */
    final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    /** What happened that the operator should know; empty when none. The page shows it through {@link #notice}. */
    final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    /**
     * What the last action said, and the last error, as the page's toast: it floats over the page's foot, goes by
     * itself (an error stays until dismissed or replaced), and when the page is left, themed or locked.
     */
    final Notice notice;
    /** Why a rotation waits for confirmation (the variable to set, the key file kept), for the header; may be empty. */
    final ReadOnlyStringWrapper standing = new ReadOnlyStringWrapper(this, "standing", "");
    final ReadOnlyStringWrapper keySource = new ReadOnlyStringWrapper(this, "keySource", "");
    /** Whether an earlier rotation waits for the operator to confirm the restart. */
    final ReadOnlyBooleanWrapper confirmable = new ReadOnlyBooleanWrapper(this, "confirmable", false);

    /** Bumped whenever the wizard starts over, so results of abandoned work are dropped. */
    int generation;

    private WizardViewModel wizard;
    private HistoryViewModel history;

    /**
     * @param executor runs the blocking work
     * @param fx       the FX dispatcher
     * @param opener   opens the rotation service; called once, off the FX thread
     * @param notice   the page's toast (the console's, from {@code Reveals.newNotice()})
     */
    RotationPage(UiExecutor executor, Executor fx, Callable<KeyRotations> opener, Notice notice) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.fx = Objects.requireNonNull(fx, "fx");
        this.opener = Objects.requireNonNull(opener, "service");
        this.notice = Objects.requireNonNull(notice, "notice");
        error.addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                notice.say(Notice.Kind.ERROR, now);
            } else if (notice.kindProperty().get() == Notice.Kind.ERROR) {
                notice.dismiss();
            }
        });
    }

    /** Says what happened: the page's message, and its toast of {@code kind} (an empty text removes the toast). */
    void say(Notice.Kind kind, String text) {
        message.set(text);
        notice.say(text.isEmpty() ? Notice.Kind.NONE : kind, text);
    }

    /** Connects the parts that react to one another; once, before any command runs. */
    void attach(WizardViewModel wizard, HistoryViewModel history) {
        this.wizard = wizard;
        this.history = history;
    }

    /** The rotation service, opened on first use; on a worker thread. */
    KeyRotations service() throws Exception {
        if (service == null) {
            service = Objects.requireNonNull(opener.call(), "rotation service");
        }
        return service;
    }

    /** Recomputes every part's step list and which commands are enabled. */
    void update() {
        wizard.update();
        history.update();
    }

    /** Whether the wizard holds a rotation that has not committed: it holds the rotation lock until then. */
    boolean rotationUnderway() {
        return wizard.holdsRotationLock();
    }

    /** Reads the history again, in the background (after a commit or an undo changed the backups). */
    void loadHistory() {
        history.load();
    }

    /** Shows the past rotations just read. */
    void showHistory(List<PastRotation> past) {
        history.show(past);
    }

    /** The last rotation was confirmed: the summary no longer lists the removed key files. */
    void confirmed() {
        confirmable.set(false);
        standing.set("");
        wizard.confirmed();
    }

    /** Where the key stands, in the header. */
    void showStatus(KeyRotations.Status status) {
        confirmable.set(status.environmentChange().isPresent() || status.previousKeyFile().isPresent());
        keySource.set("Current key: " + status.keySource() + (status.keyId().isEmpty() ? "" : " (id " + status.keyId() + ")"));
    }

    /**
     * Starts the page over: the wizard at its first step with nothing chosen, no rollback waiting, no
     * message, error or progress; results of work started before are dropped.
     */
    void startOver() {
        generation++;
        running.set(false);
        wizard.clear();
        error.set("");
        say(Notice.Kind.NONE, "");
        progress.set(0);
        progressText.set("");
        history.dropPending();
        update();
        history.load(); // a new rotation starts from what is on disk now, not from what the last one left shown
    }
}
