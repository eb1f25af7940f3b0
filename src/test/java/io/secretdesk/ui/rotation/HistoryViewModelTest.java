package io.secretdesk.ui.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.RotationKeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The History section's view model: past rotations and the rollback to a backup, over a real console database; work runs inline. */
class HistoryViewModelTest {

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
    void theHistoryListsACommittedRotationAndRollsBackToItsBackupAfterAsking() throws Exception {
        fx = new RotationFixture(userHome).seed(ROWS);
        String oldSecret = fx.keyFileText();
        String oldId = CredentialKey.derive(oldSecret).id();
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        assertThat(model.history().loadedProperty().get()).isTrue();
        assertThat(model.history().rows()).isEmpty();
        assertThat(model.history().canRollbackToBackupProperty().get()).isTrue();
        model.wizard().runPreflight();
        assertThat(model.history().canRollbackToBackupProperty().get()).as("while a rotation holds the lock").isFalse();
        for (int i = 0; i < 6; i++) {
            model.wizard().next();
        }
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.SUMMARY);
        String newSecret = fx.keyFileText();
        String newId = CredentialKey.derive(newSecret).id();
        Path backup = Path.of(model.wizard().backupFolderProperty().get());
        assertThat(model.history().canRollbackToBackupProperty().get()).as("after the commit").isTrue();
        assertThat(model.history().rows()).singleElement().satisfies(row -> {
            assertThat(row.folder()).isEqualTo(backup);
            assertThat(row.when()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC");
            assertThat(row.keys()).isEqualTo("Key " + oldId + " \u2192 " + newId + " \u00b7 " + ROWS
                    + " credentials \u00b7 key from the key file");
            assertThat(row.standing()).isEqualTo("Committed \u00b7 not confirmed yet: the replaced key is still kept");
            assertThat(row.mustSetFirst()).isEmpty();
        });
        HistoryViewModel.HistoryRow row = model.history().rows().get(0);
        fx.store.credentials().set("replicate", "added_after_the_backup", "lost-on-rollback");

        model.history().askRollbackTo(row);
        assertThat(model.history().rollbackConfirmTextProperty().get()).startsWith("Roll back to the backup taken " + row.when() + "?")
                .contains(backup.toString(), "Changes made after the backup was taken are lost");
        assertThat(model.history().canConfirmRollbackProperty().get()).isTrue();
        model.history().cancelRollbackTo();
        assertThat(model.history().pendingRollbackProperty().get()).isNull();
        assertThat(fx.keyFileText().equals(newSecret)).as("keeping everything changes nothing").isTrue();

        model.history().askRollbackTo(row);
        model.history().confirmRollbackToBackup();
        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.report().messageProperty().get()).startsWith("Rolled back to the backup taken " + row.when() + " (" + backup + "): key "
                + newId + " \u2192 " + oldId + ".").contains("changes made after it are gone",
                "The replaced key is kept decrypt-only in " + RotationKeyFiles.Slot.PREVIOUS.path(fx.keyFile()));
        assertThat(model.report().messageProperty().get().contains(newSecret) || model.report().messageProperty().get().contains(oldSecret))
                .as("key material in the message").isFalse();
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.PREFLIGHT);
        assertThat(model.wizard().summary()).isEmpty();
        assertThat(model.report().keySourceProperty().get()).contains(oldId);
        assertThat(model.report().confirmableProperty().get()).isTrue();
        assertThat(model.runningProperty().get()).isFalse();
        assertThat(model.progressTextProperty().get()).isEmpty();
        assertThat(model.history().rows()).singleElement().satisfies(restored ->
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
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        model.wizard().runPreflight();
        for (int i = 0; i < 6; i++) {
            model.wizard().next();
        }
        Path backup = Path.of(model.wizard().backupFolderProperty().get());
        String newSecret = Files.readString(RotationKeyFiles.Slot.PENDING.path(fx.keyFile())).strip();

        // The operator sets the variable to the new key, restarts and confirms.
        fx.store.close();
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", newSecret);
        RotationViewModel restarted = fx.inlineModel();
        restarted.report().open();
        restarted.report().confirmRestart();
        assertThat(restarted.errorProperty().get()).isEmpty();
        HistoryViewModel.HistoryRow row = restarted.history().rows().get(0);
        String command = "export SIMPLETUNER_CREDENTIAL_KEY=\"$(cat '" + backup.resolve("credential.key") + "')\"";
        assertThat(row.setCommand()).isEqualTo(command);
        assertThat(row.mustSetFirst()).contains("Set SIMPLETUNER_CREDENTIAL_KEY to the key the backup was made with (key id "
                + CredentialKey.derive(firstSecret).id() + "): " + command, "restart SimpleTuner and SecretDesk");
        assertThat(Files.readString(backup.resolve("credential.key")).equals(firstSecret))
                .as("the backup's owner-only copy holds the key to set").isTrue();

        restarted.history().askRollbackTo(row);
        assertThat(restarted.history().rollbackConfirmTextProperty().get()).isEqualTo(row.mustSetFirst());
        assertThat(restarted.history().canConfirmRollbackProperty().get()).as("cannot roll back before the variable is set").isFalse();
        restarted.history().confirmRollbackToBackup();
        assertThat(restarted.report().messageProperty().get()).doesNotStartWith("Rolled back");

        // The operator sets the variable as told and restarts: now the rollback runs.
        fx.store.close();
        fx.env.put("SIMPLETUNER_CREDENTIAL_KEY", firstSecret);
        RotationViewModel again = fx.inlineModel();
        again.report().open();
        HistoryViewModel.HistoryRow ready = again.history().rows().get(0);
        assertThat(ready.mustSetFirst()).isEmpty();
        again.history().askRollbackTo(ready);
        assertThat(again.history().canConfirmRollbackProperty().get()).isTrue();
        again.history().confirmRollbackToBackup();
        assertThat(again.errorProperty().get()).isEmpty();
        assertThat(again.report().messageProperty().get()).startsWith("Rolled back to the backup taken")
                .contains("Keep SIMPLETUNER_CREDENTIAL_KEY as it is: it holds the restored key.");
        fx.assertEverySeededRowDecryptsWith(firstSecret);
    }
}
