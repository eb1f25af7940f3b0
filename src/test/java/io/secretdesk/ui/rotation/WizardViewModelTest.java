package io.secretdesk.ui.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.rotation.WizardViewModel.KeyMode;
import io.secretdesk.ui.rotation.WizardViewModel.StepState;
import io.secretdesk.ui.rotation.WizardViewModel.UndecryptableChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The wizard's view model over a real console database with a few hundred credentials; work runs inline. */
class WizardViewModelTest {

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

    @Test
    void walksEveryStepAndCommitsANewKeyFileKey() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        String oldSecret = fx.keyFileText();
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        assertThat(model.report().keySourceProperty().get()).contains("key file", CredentialKey.derive(oldSecret).id());
        assertThat(model.wizard().canNextProperty().get()).as("Next before the preflight").isFalse();
        assertThat(model.wizard().canCancelProperty().get()).isFalse();

        model.wizard().runPreflight();
        assertThat(model.wizard().preflightTextProperty().get()).startsWith(ROWS + " stored credentials");
        assertThat(model.wizard().undecryptable()).isEmpty();
        assertThat(model.wizard().canNextProperty().get()).isTrue();
        assertThat(model.wizard().canBackProperty().get()).isFalse();
        assertThat(model.wizard().canRollbackProperty().get()).as("Roll back before the backup").isFalse();

        model.wizard().next();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.NEW_KEY);
        String shown = model.wizard().newKey().shownKeyProperty().get();
        assertThat(shown.matches("[A-Za-z0-9_-]{43}")).as("a generated key is shown on its step").isTrue();
        assertThat(model.wizard().newKey().newKeyIdProperty().get()).isEqualTo(CredentialKey.derive(shown).id());
        assertThat(model.wizard().canNextProperty().get()).isTrue();
        assertThat(model.wizard().canBackProperty().get()).isTrue();

        model.wizard().back();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.wizard().newKey().shownKeyProperty().get()).isEmpty();
        model.wizard().next();
        assertThat(model.wizard().newKey().newKeyIdProperty().get()).as("going back keeps the chosen key").isEqualTo(CredentialKey.derive(shown).id());
        assertThat(model.wizard().newKey().shownKeyProperty().get()).as("not shown again unless asked").isEmpty();

        model.wizard().next();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.BACKUP);
        assertThat(model.wizard().newKey().shownKeyProperty().get()).isEmpty();
        Path backup = Path.of(model.wizard().backupFolderProperty().get());
        assertThat(backup.getParent()).isEqualTo(fx.home.backupsDir());
        assertThat(backup.resolve("console.db")).exists();
        assertThat(model.wizard().steps()).contains(new WizardViewModel.StepItem(WizardStep.BACKUP, StepState.DONE),
                new WizardViewModel.StepItem(WizardStep.PREFLIGHT, StepState.DONE),
                new WizardViewModel.StepItem(WizardStep.REENCRYPT, StepState.WAITING));
        assertThat(model.wizard().canRollbackProperty().get()).isTrue();
        assertThat(model.wizard().canBackProperty().get()).isFalse();

        model.wizard().next();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.REENCRYPT);
        assertThat(model.wizard().resultTextProperty().get()).startsWith("Re-encrypted " + ROWS + " credentials");
        assertThat(model.progressProperty().get()).as("progress reached the end").isEqualTo(1.0);
        model.wizard().next();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.VERIFY);
        assertThat(model.wizard().resultTextProperty().get()).startsWith(ROWS + " credentials decrypt with the new key alone");
        model.wizard().next();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.COMMIT);
        assertThat(model.wizard().nextLabelProperty().get()).isEqualTo("Commit");
        model.wizard().revealKey();
        assertThat(model.wizard().newKey().shownKeyProperty().get().equals(shown)).as("revealed on request").isTrue();
        assertThat(fx.keyFileText().equals(oldSecret)).as("key file unchanged before the commit").isTrue();

        model.wizard().next();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.SUMMARY);
        assertThat(model.wizard().newKey().shownKeyProperty().get()).isEmpty();
        assertThat(model.wizard().canCancelProperty().get()).isFalse();
        assertThat(model.wizard().canRollbackProperty().get()).isFalse();
        assertThat(model.wizard().canNextProperty().get()).isFalse();
        assertThat(model.wizard().summary()).contains("Credentials: " + ROWS + " stored, " + ROWS + " re-encrypted, 0 left untouched",
                "Key id: " + CredentialKey.derive(oldSecret).id() + " \u2192 " + CredentialKey.derive(shown).id(),
                "Backup folder: " + backup);
        assertThat(model.wizard().summary().stream().anyMatch(line -> line.contains(shown) || line.contains(oldSecret)))
                .as("key material in the summary").isFalse();
        assertThat(model.wizard().environmentVariableProperty().get()).isEmpty();

        model.wizard().copyNewKey();
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
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        model.wizard().runPreflight();
        for (int i = 0; i < at.ordinal(); i++) {
            model.wizard().next();
        }
        assertThat(model.wizard().currentProperty().get().name()).isEqualTo(at.name());
        assertThat(model.wizard().canCancelProperty().get()).isTrue();

        model.wizard().cancel();

        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.report().messageProperty().get()).startsWith("Cancelled: ");
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.wizard().preflightedProperty().get()).isFalse();
        assertThat(model.wizard().canCancelProperty().get()).isFalse();
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
        model.report().open();
        background.drain();
        model.wizard().runPreflight();
        assertThat(model.runningProperty().get()).isTrue();
        assertThat(model.wizard().steps().get(0).state()).isEqualTo(StepState.RUNNING);
        assertThat(model.wizard().canNextProperty().get()).as("Next while the preflight runs").isFalse();
        background.drain();
        model.wizard().next();
        background.drain();
        model.wizard().next(); // to the backup, which is queued, not yet run
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.BACKUP);
        assertThat(model.runningProperty().get()).isTrue();
        assertThat(model.wizard().canCancelProperty().get()).isTrue();

        model.wizard().cancel();
        background.drain();

        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.errorProperty().get()).as("the stopped step's cancellation is not an error").isEmpty();
        assertThat(model.report().messageProperty().get()).startsWith("Cancelled: ");
        assertThat(fx.keyFileText().equals(oldSecret)).as("same key file").isTrue();
        assertThat(fx.rotationLeftovers()).isEmpty();
        fx.assertEverySeededRowDecryptsWith(oldSecret);
    }

    @Test
    void rollBackAfterTheReencryptionRestoresTheOldKeyOnEveryRow() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        String oldSecret = fx.keyFileText();
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        model.wizard().runPreflight();
        model.wizard().next();
        model.wizard().next();
        model.wizard().next();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.REENCRYPT);
        assertThat(model.wizard().canRollbackProperty().get()).isTrue();

        model.wizard().rollback();

        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.report().messageProperty().get()).startsWith("Rolled back: ");
        assertThat(model.wizard().canRollbackProperty().get()).isFalse();
        assertThat(fx.keyFileText().equals(oldSecret)).as("same key file").isTrue();
        assertThat(fx.rotationLeftovers()).isEmpty();
        fx.assertEverySeededRowDecryptsWith(oldSecret);
    }

    @Test
    void undecryptableRowsAreListedAndNextWaitsForTheOperatorsChoice() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        fx.addStray("vast", "orphan");
        String oldSecret = fx.keyFileText();
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        model.wizard().runPreflight();
        assertThat(model.wizard().undecryptable()).containsExactly("vast/orphan");
        assertThat(model.wizard().canNextProperty().get()).as("Next before choosing").isFalse();

        model.wizard().undecryptableChoiceProperty().set(UndecryptableChoice.LEAVE_UNTOUCHED);
        assertThat(model.wizard().canNextProperty().get()).isTrue();
        for (int i = 0; i < 6; i++) {
            model.wizard().next();
        }
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.wizard().summary()).contains("Credentials: " + (ROWS + 1) + " stored, " + ROWS + " re-encrypted, 1 left untouched",
                "Left untouched: vast/orphan");

        fx.store.close();
        RotationViewModel again = fx.inlineModel();
        again.report().open();
        again.wizard().runPreflight();
        assertThat(again.wizard().undecryptable()).containsExactly("vast/orphan");
        again.wizard().undecryptableChoiceProperty().set(UndecryptableChoice.STOP);
        assertThat(again.report().messageProperty().get()).startsWith("Cancelled: ");
        assertThat(again.wizard().preflightedProperty().get()).isFalse();
        assertThat(fx.rotationLeftovers()).isNotEmpty(); // the first rotation's backup and previous key stay
        assertThat(oldSecret.equals(fx.keyFileText())).as("the key file changed once, by the first rotation").isFalse();
    }

    @Test
    void aPastedKeyMustPassTheStrengthCheck() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        model.wizard().runPreflight();
        model.wizard().next();
        model.wizard().newKey().keyModeProperty().set(KeyMode.PASTE);
        assertThat(model.wizard().canNextProperty().get()).as("Next with nothing pasted").isFalse();
        model.wizard().newKey().pastedKeyProperty().set("short-key");
        assertThat(model.wizard().newKey().pastedKeyProblemProperty().get()).contains("characters");
        assertThat(model.wizard().canNextProperty().get()).isFalse();
        model.wizard().newKey().pastedKeyProperty().set("a".repeat(40));
        assertThat(model.wizard().newKey().pastedKeyProblemProperty().get()).contains("different characters");
        assertThat(model.wizard().newKey().pastedKeyProblemProperty().get()).doesNotContain("aaaa");
        assertThat(model.wizard().canNextProperty().get()).isFalse();
        model.wizard().newKey().pastedKeyProperty().set(fx.keyFileText());
        assertThat(model.wizard().canNextProperty().get()).as("the strength check passes for the key in use").isTrue();
        model.wizard().next();
        assertThat(model.wizard().currentProperty().get()).as("the key in use is refused").isEqualTo(WizardStep.NEW_KEY);
        assertThat(model.errorProperty().get()).contains("key in use");

        String pasted = MasterSecret.generateValue();
        model.wizard().newKey().pastedKeyProperty().set(pasted);
        assertThat(model.wizard().newKey().pastedKeyProblemProperty().get()).isEmpty();
        model.wizard().next();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.BACKUP);
        assertThat(model.wizard().newKey().pastedKeyProperty().get()).as("the pasted key is not kept in the field").isEmpty();
        assertThat(model.wizard().newKey().newKeyIdProperty().get()).isEqualTo(CredentialKey.derive(pasted).id());
        for (int i = 0; i < 4; i++) {
            model.wizard().next();
        }
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.SUMMARY);
        fx.assertEverySeededRowDecryptsWith(pasted);
    }

    @Test
    void aKeyFromTheEnvironmentEndsWithWhatToSetACopyButtonAndConfirm() throws Exception {
        fx = new RotationFixture(userHome);
        String oldSecret = MasterSecret.generateValue();
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", oldSecret);
        fx.seed(ROWS);
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        model.wizard().runPreflight();
        assertThat(model.wizard().notices()).anyMatch(line -> line.contains("SIMPLETUNER_CREDENTIAL_KEY"));
        for (int i = 0; i < 6; i++) {
            model.wizard().next();
        }
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.SUMMARY);
        Path pending = RotationKeyFiles.Slot.PENDING.path(fx.keyFile());
        assertThat(model.wizard().environmentVariableProperty().get()).isEqualTo("SIMPLETUNER_CREDENTIAL_KEY");
        assertThat(model.wizard().environmentCommandProperty().get())
                .isEqualTo("export SIMPLETUNER_CREDENTIAL_KEY=\"$(cat '" + pending + "')\"");
        assertThat(model.report().confirmableProperty().get()).isTrue();
        model.wizard().copyNewKey();
        assertThat(Files.readString(pending).strip().equals(fx.clipboard.text())).as("Copy value is the pending key").isTrue();
        assertThat(fx.guard.whatProperty().get()).isEqualTo("SIMPLETUNER_CREDENTIAL_KEY");

        model.report().confirmRestart();
        assertThat(model.errorProperty().get()).as("confirm before the variable is set").contains("does not hold the new key yet");
        assertThat(model.errorProperty().get()).doesNotContain(fx.clipboard.text());

        // The operator sets the variable and restarts: a new store and page.
        fx.store.close();
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", fx.clipboard.text());
        RotationViewModel restarted = fx.inlineModel();
        restarted.report().open();
        assertThat(restarted.report().messageProperty().get()).startsWith("A rotation waits for SIMPLETUNER_CREDENTIAL_KEY");
        assertThat(restarted.report().confirmableProperty().get()).isTrue();
        restarted.report().confirmRestart();
        assertThat(restarted.errorProperty().get()).isEmpty();
        assertThat(restarted.report().messageProperty().get()).startsWith("Confirmed: key " + CredentialKey.derive(fx.clipboard.text()).id());
        assertThat(restarted.report().confirmableProperty().get()).isFalse();
        assertThat(pending).doesNotExist();
        fx.assertEverySeededRowDecryptsWith(fx.clipboard.text());
    }
}
