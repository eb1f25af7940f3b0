package io.secretdesk.ui.rotation;

import io.secretdesk.core.rotation.EnvironmentChange;
import io.secretdesk.core.rotation.KeyRotations;
import io.secretdesk.core.store.RotationJournal;
import io.secretdesk.ui.common.ErrorMessages;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.UiExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;

/**
 * The Key Rotation page's report of where the credential key stands, in its header: what start-up recovery
 * (or the page, on opening) did about a rotation a crash interrupted, the current key, whether a rotation
 * waits for its environment variable or for confirmation, and the Confirm command. Part of the page's
 * {@link RotationViewModel}; the wizard and the history write to the same header (the page's state).
 */
public final class RecoveryReportViewModel {

    private final RotationPage page;
    /** Whether the page has opened once (and so shown what start-up recovery did); read on a worker thread. */
    private volatile boolean startupReported;

    RecoveryReportViewModel(RotationPage page) {
        this.page = page;
    }

    /** See {@link RotationViewModel#recoverAtStartup}: the start-up line is the short form of this report. */
    static void recoverAtStartup(UiExecutor executor, Callable<Optional<KeyRotations.Recovery>> recover,
                                 Consumer<String> say) {
        executor.run(recover, recovery -> recovery.ifPresent(done -> say.accept(startupLine(done))),
                failure -> say.accept("Could not check for an interrupted key rotation: " + ErrorMessages.oneLine(failure)));
    }

    // ---- commands ----

    /**
     * Opens the page: finishes or rolls back a rotation a crash interrupted (saying which) and shows whether
     * an earlier rotation waits for its environment variable. Changes nothing otherwise.
     */
    public void open() {
        int started = page.generation;
        page.running.set(true);
        page.update();
        page.executor.run(() -> {
            KeyRotations service = page.service();
            Optional<KeyRotations.Recovery> recovery = service.recoverInterrupted();
            if (recovery.isEmpty() && !startupReported) {
                recovery = service.lastRecovery(); // done at start-up, before this page opened
            }
            return new Opened(recovery, service.status(), service.history());
        }, opened -> {
            if (started != page.generation) {
                return;
            }
            page.running.set(false);
            startupReported = true;
            List<String> lines = new ArrayList<>();
            opened.recovery().ifPresent(recovery -> lines.add(recoveryLine(recovery)));
            List<String> waiting = new ArrayList<>();
            opened.status().environmentChange().ifPresent(change -> waiting.add(waitingLine(change)));
            if (opened.status().environmentChange().isEmpty()) {
                opened.status().previousKeyFile().ifPresent(file -> waiting.add("The previous key is kept decrypt-only in "
                        + file + " until you confirm the rotation."));
            }
            lines.addAll(waiting);
            page.showStatus(opened.status());
            page.showHistory(opened.history());
            // Why a rotation waits stays in the header while it waits; what recovery did is a toast.
            page.standing.set(String.join(" ", waiting));
            page.message.set(String.join(" ", lines));
            opened.recovery().ifPresent(recovery -> page.notice.say(Notice.Kind.WARNING, recoveryLine(recovery)));
            page.update();
        }, failure -> {
            page.running.set(false);
            page.error.set(ErrorMessages.oneLine(failure));
            page.update();
        });
    }

    /** Ends the grace period once the environment variable holds the new key and the console was restarted. */
    public void confirmRestart() {
        page.running.set(true);
        page.update();
        page.executor.run(() -> {
            KeyRotations.Confirmation confirmation = page.service().confirm();
            return new Confirmed(confirmation, page.service().status(), page.service().history());
        }, confirmed -> {
            page.running.set(false);
            page.confirmed();
            page.showStatus(confirmed.status());
            page.showHistory(confirmed.history());
            page.say(Notice.Kind.SUCCESS, "Confirmed: key " + confirmed.confirmation().keyId() + " is the only key now; removed "
                    + confirmed.confirmation().removed().size() + " old key file(s).");
            page.error.set("");
            page.update();
        }, failure -> {
            page.running.set(false);
            page.error.set(ErrorMessages.oneLine(failure));
            page.update();
        });
    }

    // ---- properties ----

    /** Where the current key comes from and its id. */
    public ReadOnlyStringProperty keySourceProperty() {
        return page.keySource.getReadOnlyProperty();
    }

    /** Why a rotation waits for confirmation (the variable to set, the key file kept); empty when it does not. */
    public ReadOnlyStringProperty standingProperty() {
        return page.standing.getReadOnlyProperty();
    }

    /** What happened that the operator should know (a recovered rotation, a cancel, a rollback); empty when none. */
    public ReadOnlyStringProperty messageProperty() {
        return page.message.getReadOnlyProperty();
    }

    /** Whether an earlier rotation waits for the operator to confirm the restart. */
    public ReadOnlyBooleanProperty confirmableProperty() {
        return page.confirmable.getReadOnlyProperty();
    }

    // ---- lines ----

    /** What recovery did to a rotation a crash interrupted, for the header. */
    static String recoveryLine(KeyRotations.Recovery recovery) {
        String what = switch (recovery.outcome()) {
            case FINISHED -> "An interrupted key rotation was finished.";
            case ROLLED_BACK -> "An interrupted key rotation was rolled back.";
            case CLEANED -> "Files an interrupted key rotation left behind were removed.";
        };
        return what + " " + recovery.message();
    }

    private static String startupLine(KeyRotations.Recovery recovery) {
        boolean rollback = recovery.entry() != null && recovery.entry().kind() == RotationJournal.Kind.ROLLBACK;
        return switch (recovery.outcome()) {
            case FINISHED -> rollback ? "At start-up, an interrupted rollback to a backup was finished; see Key rotation."
                    : "At start-up, an interrupted key rotation was finished: the new key is in use; see Key rotation.";
            case ROLLED_BACK -> "At start-up, an interrupted key rotation was rolled back: the key is unchanged; see Key rotation.";
            case CLEANED -> "At start-up, files an interrupted key rotation left behind were removed; nothing had changed.";
        };
    }

    private static String waitingLine(EnvironmentChange change) {
        return "A rotation waits for " + change.variable() + " to be set to the new key (" + change.shellCommand()
                + "). Set it, restart SimpleTuner and SecretDesk, then confirm.";
    }

    private record Confirmed(KeyRotations.Confirmation confirmation, KeyRotations.Status status,
                             List<KeyRotations.PastRotation> history) {
    }

    private record Opened(Optional<KeyRotations.Recovery> recovery, KeyRotations.Status status,
                          List<KeyRotations.PastRotation> history) {
    }
}
