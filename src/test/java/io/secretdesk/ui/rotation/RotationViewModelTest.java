package io.secretdesk.ui.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.rotation.RotationViewModel.KeyMode;
import io.secretdesk.ui.rotation.RotationViewModel.StepState;
import io.secretdesk.ui.rotation.RotationViewModel.UndecryptableChoice;
import io.secretdesk.ui.rotation.RotationViewModel.WizardStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The wizard's view model over a real console database with a few hundred credentials; work runs inline. */
class RotationViewModelTest {

    static final int ROWS = 300;

    @TempDir
    Path userHome;

    private RotationFixture fx;

    @AfterEach
    void closeStore() {
        if (fx != null) {
            fx.close();
        }
    }

    private RotationViewModel inlineModel() {
        return new RotationViewModel(new UiExecutor(Runnable::run, Runnable::run), Runnable::run, fx.guard,
                fx.wizardStore()::keyRotations);
    }

    @Test
    void walksEveryStepAndCommitsANewKeyFileKey() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        String oldSecret = fx.keyFileText();
        RotationViewModel model = inlineModel();
        model.open();
        assertThat(model.keySourceProperty().get()).contains("key file", CredentialKey.derive(oldSecret).id());
        assertThat(model.canNextProperty().get()).as("Next before the preflight").isFalse();
        assertThat(model.canCancelProperty().get()).isFalse();

        model.runPreflight();
        assertThat(model.preflightTextProperty().get()).startsWith(ROWS + " stored credentials");
        assertThat(model.undecryptable()).isEmpty();
        assertThat(model.canNextProperty().get()).isTrue();
        assertThat(model.canBackProperty().get()).isFalse();
        assertThat(model.canRollbackProperty().get()).as("Roll back before the backup").isFalse();

        model.next();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.NEW_KEY);
        String shown = model.shownKeyProperty().get();
        assertThat(shown.matches("[A-Za-z0-9_-]{43}")).as("a generated key is shown on its step").isTrue();
        assertThat(model.newKeyIdProperty().get()).isEqualTo(CredentialKey.derive(shown).id());
        assertThat(model.canNextProperty().get()).isTrue();
        assertThat(model.canBackProperty().get()).isTrue();

        model.back();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.shownKeyProperty().get()).isEmpty();
        model.next();
        assertThat(model.newKeyIdProperty().get()).as("going back keeps the chosen key").isEqualTo(CredentialKey.derive(shown).id());
        assertThat(model.shownKeyProperty().get()).as("not shown again unless asked").isEmpty();

        model.next();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.BACKUP);
        assertThat(model.shownKeyProperty().get()).isEmpty();
        Path backup = Path.of(model.backupFolderProperty().get());
        assertThat(backup.getParent()).isEqualTo(fx.home.backupsDir());
        assertThat(backup.resolve("console.db")).exists();
        assertThat(model.steps()).contains(new RotationViewModel.StepItem(WizardStep.BACKUP, StepState.DONE),
                new RotationViewModel.StepItem(WizardStep.PREFLIGHT, StepState.DONE),
                new RotationViewModel.StepItem(WizardStep.REENCRYPT, StepState.WAITING));
        assertThat(model.canRollbackProperty().get()).isTrue();
        assertThat(model.canBackProperty().get()).isFalse();

        model.next();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.REENCRYPT);
        assertThat(model.resultTextProperty().get()).startsWith("Re-encrypted " + ROWS + " credentials");
        assertThat(model.progressProperty().get()).as("progress reached the end").isEqualTo(1.0);
        model.next();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.VERIFY);
        assertThat(model.resultTextProperty().get()).startsWith(ROWS + " credentials decrypt with the new key alone");
        model.next();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.COMMIT);
        assertThat(model.nextLabelProperty().get()).isEqualTo("Commit");
        model.revealKey();
        assertThat(model.shownKeyProperty().get().equals(shown)).as("revealed on request").isTrue();
        assertThat(fx.keyFileText().equals(oldSecret)).as("key file unchanged before the commit").isTrue();

        model.next();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.SUMMARY);
        assertThat(model.shownKeyProperty().get()).isEmpty();
        assertThat(model.canCancelProperty().get()).isFalse();
        assertThat(model.canRollbackProperty().get()).isFalse();
        assertThat(model.canNextProperty().get()).isFalse();
        assertThat(model.summary()).contains("Credentials: " + ROWS + " stored, " + ROWS + " re-encrypted, 0 left untouched",
                "Key id: " + CredentialKey.derive(oldSecret).id() + " \u2192 " + CredentialKey.derive(shown).id(),
                "Backup folder: " + backup);
        assertThat(model.summary().stream().anyMatch(line -> line.contains(shown) || line.contains(oldSecret)))
                .as("key material in the summary").isFalse();
        assertThat(model.environmentVariableProperty().get()).isEmpty();

        model.copyNewKey();
        assertThat(shown.equals(fx.clipboard.text())).as("Copy puts the new key on the clipboard").isTrue();
        assertThat(fx.guard.whatProperty().get()).isEqualTo("new credential key");
        assertThat(fx.keyFileText().equals(shown)).as("key file holds the new key").isTrue();
        fx.assertEverySeededRowDecryptsWith(shown);
    }

    /** The wizard's pages on which Cancel is offered, and what it takes to reach each. */
    enum CancelAt { PREFLIGHT, NEW_KEY, BACKUP, REENCRYPT, VERIFY, COMMIT }

    @ParameterizedTest
    @EnumSource(CancelAt.class)
    void cancelAtAnyStepBeforeTheCommitChangesNothing(CancelAt at) throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        String oldSecret = fx.keyFileText();
        RotationViewModel model = inlineModel();
        model.open();
        model.runPreflight();
        for (int i = 0; i < at.ordinal(); i++) {
            model.next();
        }
        assertThat(model.currentProperty().get().name()).isEqualTo(at.name());
        assertThat(model.canCancelProperty().get()).isTrue();

        model.cancel();

        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.messageProperty().get()).startsWith("Cancelled: ");
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.preflightedProperty().get()).isFalse();
        assertThat(model.canCancelProperty().get()).isFalse();
        assertThat(fx.keyFileText().equals(oldSecret)).as("same key file").isTrue();
        assertThat(fx.rotationLeftovers()).isEmpty();
        fx.assertEverySeededRowDecryptsWith(oldSecret);
    }

    @Test
    void cancelWhileTheBackupRunsStopsItAndUndoesEverything() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        String oldSecret = fx.keyFileText();
        QueuedExecutor background = new QueuedExecutor();
        RotationViewModel model = new RotationViewModel(new UiExecutor(background, Runnable::run), Runnable::run, fx.guard,
                fx.wizardStore()::keyRotations);
        model.open();
        background.drain();
        model.runPreflight();
        assertThat(model.runningProperty().get()).isTrue();
        assertThat(model.steps().get(0).state()).isEqualTo(StepState.RUNNING);
        assertThat(model.canNextProperty().get()).as("Next while the preflight runs").isFalse();
        background.drain();
        model.next();
        background.drain();
        model.next(); // to the backup, which is queued, not yet run
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.BACKUP);
        assertThat(model.runningProperty().get()).isTrue();
        assertThat(model.canCancelProperty().get()).isTrue();

        model.cancel();
        background.drain();

        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.errorProperty().get()).as("the stopped step's cancellation is not an error").isEmpty();
        assertThat(model.messageProperty().get()).startsWith("Cancelled: ");
        assertThat(fx.keyFileText().equals(oldSecret)).as("same key file").isTrue();
        assertThat(fx.rotationLeftovers()).isEmpty();
        fx.assertEverySeededRowDecryptsWith(oldSecret);
    }

    @Test
    void rollBackAfterTheReencryptionRestoresTheOldKeyOnEveryRow() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        String oldSecret = fx.keyFileText();
        RotationViewModel model = inlineModel();
        model.open();
        model.runPreflight();
        model.next();
        model.next();
        model.next();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.REENCRYPT);
        assertThat(model.canRollbackProperty().get()).isTrue();

        model.rollback();

        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.messageProperty().get()).startsWith("Rolled back: ");
        assertThat(model.canRollbackProperty().get()).isFalse();
        assertThat(fx.keyFileText().equals(oldSecret)).as("same key file").isTrue();
        assertThat(fx.rotationLeftovers()).isEmpty();
        fx.assertEverySeededRowDecryptsWith(oldSecret);
    }

    @Test
    void undecryptableRowsAreListedAndNextWaitsForTheOperatorsChoice() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        fx.addStray("vast", "orphan");
        String oldSecret = fx.keyFileText();
        RotationViewModel model = inlineModel();
        model.open();
        model.runPreflight();
        assertThat(model.undecryptable()).containsExactly("vast/orphan");
        assertThat(model.canNextProperty().get()).as("Next before choosing").isFalse();

        model.undecryptableChoiceProperty().set(UndecryptableChoice.LEAVE_UNTOUCHED);
        assertThat(model.canNextProperty().get()).isTrue();
        for (int i = 0; i < 6; i++) {
            model.next();
        }
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.summary()).contains("Credentials: " + (ROWS + 1) + " stored, " + ROWS + " re-encrypted, 1 left untouched",
                "Left untouched: vast/orphan");

        fx.store.close();
        RotationViewModel again = inlineModel();
        again.open();
        again.runPreflight();
        assertThat(again.undecryptable()).containsExactly("vast/orphan");
        again.undecryptableChoiceProperty().set(UndecryptableChoice.STOP);
        assertThat(again.messageProperty().get()).startsWith("Cancelled: ");
        assertThat(again.preflightedProperty().get()).isFalse();
        assertThat(fx.rotationLeftovers()).isNotEmpty(); // the first rotation's backup and previous key stay
        assertThat(oldSecret.equals(fx.keyFileText())).as("the key file changed once, by the first rotation").isFalse();
    }

    @Test
    void aPastedKeyMustPassTheStrengthCheck() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        RotationViewModel model = inlineModel();
        model.open();
        model.runPreflight();
        model.next();
        model.keyModeProperty().set(KeyMode.PASTE);
        assertThat(model.canNextProperty().get()).as("Next with nothing pasted").isFalse();
        model.pastedKeyProperty().set("short-key");
        assertThat(model.pastedKeyProblemProperty().get()).contains("characters");
        assertThat(model.canNextProperty().get()).isFalse();
        model.pastedKeyProperty().set("a".repeat(40));
        assertThat(model.pastedKeyProblemProperty().get()).contains("different characters");
        assertThat(model.pastedKeyProblemProperty().get()).doesNotContain("aaaa");
        assertThat(model.canNextProperty().get()).isFalse();
        model.pastedKeyProperty().set(fx.keyFileText());
        assertThat(model.canNextProperty().get()).as("the strength check passes for the key in use").isTrue();
        model.next();
        assertThat(model.currentProperty().get()).as("the key in use is refused").isEqualTo(WizardStep.NEW_KEY);
        assertThat(model.errorProperty().get()).contains("key in use");

        String pasted = MasterSecret.generateValue();
        model.pastedKeyProperty().set(pasted);
        assertThat(model.pastedKeyProblemProperty().get()).isEmpty();
        model.next();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.BACKUP);
        assertThat(model.pastedKeyProperty().get()).as("the pasted key is not kept in the field").isEmpty();
        assertThat(model.newKeyIdProperty().get()).isEqualTo(CredentialKey.derive(pasted).id());
        for (int i = 0; i < 4; i++) {
            model.next();
        }
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.SUMMARY);
        fx.assertEverySeededRowDecryptsWith(pasted);
    }

    @Test
    void aKeyFromTheEnvironmentEndsWithWhatToSetACopyButtonAndConfirm() throws Exception {
        fx = new RotationFixture(userHome);
        String oldSecret = MasterSecret.generateValue();
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", oldSecret);
        fx.seed(ROWS);
        RotationViewModel model = inlineModel();
        model.open();
        model.runPreflight();
        assertThat(model.notices()).anyMatch(line -> line.contains("SIMPLETUNER_CREDENTIAL_KEY"));
        for (int i = 0; i < 6; i++) {
            model.next();
        }
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.SUMMARY);
        Path pending = RotationKeyFiles.Slot.PENDING.path(fx.keyFile());
        assertThat(model.environmentVariableProperty().get()).isEqualTo("SIMPLETUNER_CREDENTIAL_KEY");
        assertThat(model.environmentCommandProperty().get())
                .isEqualTo("export SIMPLETUNER_CREDENTIAL_KEY=\"$(cat '" + pending + "')\"");
        assertThat(model.confirmableProperty().get()).isTrue();
        model.copyNewKey();
        assertThat(Files.readString(pending).strip().equals(fx.clipboard.text())).as("Copy value is the pending key").isTrue();
        assertThat(fx.guard.whatProperty().get()).isEqualTo("SIMPLETUNER_CREDENTIAL_KEY");

        model.confirmRestart();
        assertThat(model.errorProperty().get()).as("confirm before the variable is set").contains("does not hold the new key yet");
        assertThat(model.errorProperty().get()).doesNotContain(fx.clipboard.text());

        // The operator sets the variable and restarts: a new store and page.
        fx.store.close();
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", fx.clipboard.text());
        RotationViewModel restarted = inlineModel();
        restarted.open();
        assertThat(restarted.messageProperty().get()).startsWith("A rotation waits for SIMPLETUNER_CREDENTIAL_KEY");
        assertThat(restarted.confirmableProperty().get()).isTrue();
        restarted.confirmRestart();
        assertThat(restarted.errorProperty().get()).isEmpty();
        assertThat(restarted.messageProperty().get()).startsWith("Confirmed: key " + CredentialKey.derive(fx.clipboard.text()).id());
        assertThat(restarted.confirmableProperty().get()).isFalse();
        assertThat(pending).doesNotExist();
        fx.assertEverySeededRowDecryptsWith(fx.clipboard.text());
    }

    @Test
    void openingThePageReportsWhatAnInterruptedRotationLeftBehind() throws Exception {
        fx = new RotationFixture(userHome).seed(30);
        String oldSecret = fx.keyFileText();
        RotationKeyFiles.write(RotationKeyFiles.Slot.NEW, fx.keyFile(), MasterSecret.generateValue());
        RotationViewModel model = inlineModel();
        model.open();
        assertThat(model.messageProperty().get()).startsWith("Files an interrupted key rotation left behind were removed.");
        assertThat(fx.rotationLeftovers()).isEmpty();
        assertThat(fx.keyFileText().equals(oldSecret)).isTrue();
        assertThat(List.of(model.canNextProperty().get(), model.canCancelProperty().get())).containsOnly(false);
    }

    @Test
    void theHistoryListsACommittedRotationAndRollsBackToItsBackupAfterAsking() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        String oldSecret = fx.keyFileText();
        String oldId = CredentialKey.derive(oldSecret).id();
        RotationViewModel model = inlineModel();
        model.open();
        assertThat(model.historyLoadedProperty().get()).isTrue();
        assertThat(model.history()).isEmpty();
        assertThat(model.canRollbackToBackupProperty().get()).isTrue();
        model.runPreflight();
        assertThat(model.canRollbackToBackupProperty().get()).as("while a rotation holds the lock").isFalse();
        for (int i = 0; i < 6; i++) {
            model.next();
        }
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.SUMMARY);
        String newSecret = fx.keyFileText();
        String newId = CredentialKey.derive(newSecret).id();
        Path backup = Path.of(model.backupFolderProperty().get());
        assertThat(model.canRollbackToBackupProperty().get()).as("after the commit").isTrue();
        assertThat(model.history()).singleElement().satisfies(row -> {
            assertThat(row.folder()).isEqualTo(backup);
            assertThat(row.when()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
            assertThat(row.keys()).isEqualTo("Key " + oldId + " \u2192 " + newId + " \u00b7 " + ROWS
                    + " credentials \u00b7 key from the key file");
            assertThat(row.standing()).isEqualTo("Committed \u00b7 not confirmed yet: the replaced key is still kept");
            assertThat(row.mustSetFirst()).isEmpty();
        });
        RotationViewModel.HistoryRow row = model.history().get(0);
        fx.store.credentials().set("replicate", "added_after_the_backup", "lost-on-rollback");

        model.askRollbackTo(row);
        assertThat(model.rollbackConfirmTextProperty().get()).startsWith("Roll back to the backup taken " + row.when() + "?")
                .contains(backup.toString(), "Changes made after the backup was taken are lost");
        assertThat(model.canConfirmRollbackProperty().get()).isTrue();
        model.cancelRollbackTo();
        assertThat(model.pendingRollbackProperty().get()).isNull();
        assertThat(fx.keyFileText().equals(newSecret)).as("keeping everything changes nothing").isTrue();

        model.askRollbackTo(row);
        model.confirmRollbackToBackup();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.messageProperty().get()).startsWith("Rolled back to the backup taken " + row.when() + " (" + backup + "): key "
                + newId + " \u2192 " + oldId + ".").contains("changes made after it are gone",
                "The replaced key is kept decrypt-only in " + RotationKeyFiles.Slot.PREVIOUS.path(fx.keyFile()));
        assertThat(model.messageProperty().get().contains(newSecret) || model.messageProperty().get().contains(oldSecret))
                .as("key material in the message").isFalse();
        assertThat(model.currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.summary()).isEmpty();
        assertThat(model.keySourceProperty().get()).contains(oldId);
        assertThat(model.confirmableProperty().get()).isTrue();
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.progressTextProperty().get()).isEmpty();
        assertThat(model.history()).singleElement().satisfies(restored ->
                assertThat(restored.standing()).contains("rolled back to this backup"));

        assertThat(fx.keyFileText().equals(oldSecret)).as("key file restored").isTrue();
        fx.assertEverySeededRowDecryptsWith(oldSecret);
        assertThat(fx.hasCredential("replicate", "added_after_the_backup")).as("a change made after the backup").isFalse();
    }

    @Test
    void rollingBackABackupOfAnEnvironmentKeySaysExactlyWhatToSetFirst() throws Exception {
        fx = new RotationFixture(userHome);
        String firstSecret = MasterSecret.generateValue();
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", firstSecret);
        fx.seed(ROWS);
        RotationViewModel model = inlineModel();
        model.open();
        model.runPreflight();
        for (int i = 0; i < 6; i++) {
            model.next();
        }
        Path backup = Path.of(model.backupFolderProperty().get());
        String newSecret = Files.readString(RotationKeyFiles.Slot.PENDING.path(fx.keyFile())).strip();

        // The operator sets the variable to the new key, restarts and confirms.
        fx.store.close();
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", newSecret);
        RotationViewModel restarted = inlineModel();
        restarted.open();
        restarted.confirmRestart();
        assertThat(restarted.errorProperty().get()).isEmpty();
        RotationViewModel.HistoryRow row = restarted.history().get(0);
        String command = "export SIMPLETUNER_CREDENTIAL_KEY=\"$(cat '" + backup.resolve("credential.key") + "')\"";
        assertThat(row.setCommand()).isEqualTo(command);
        assertThat(row.mustSetFirst()).contains("Set SIMPLETUNER_CREDENTIAL_KEY to the key the backup was made with (key id "
                + CredentialKey.derive(firstSecret).id() + "): " + command, "restart SimpleTuner and SecretDesk");
        assertThat(Files.readString(backup.resolve("credential.key")).equals(firstSecret))
                .as("the backup's owner-only copy holds the key to set").isTrue();

        restarted.askRollbackTo(row);
        assertThat(restarted.rollbackConfirmTextProperty().get()).isEqualTo(row.mustSetFirst());
        assertThat(restarted.canConfirmRollbackProperty().get()).as("cannot roll back before the variable is set").isFalse();
        restarted.confirmRollbackToBackup();
        assertThat(restarted.messageProperty().get()).doesNotStartWith("Rolled back");

        // The operator sets the variable as told and restarts: now the rollback runs.
        fx.store.close();
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", firstSecret);
        RotationViewModel again = inlineModel();
        again.open();
        RotationViewModel.HistoryRow ready = again.history().get(0);
        assertThat(ready.mustSetFirst()).isEmpty();
        again.askRollbackTo(ready);
        assertThat(again.canConfirmRollbackProperty().get()).isTrue();
        again.confirmRollbackToBackup();
        assertThat(again.errorProperty().get()).isEmpty();
        assertThat(again.messageProperty().get()).startsWith("Rolled back to the backup taken")
                .contains("Keep SIMPLETUNER_CREDENTIAL_KEY as it is: it holds the restored key.");
        fx.assertEverySeededRowDecryptsWith(firstSecret);
    }
}
