package io.secretdesk.ui.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.ui.rotation.WizardViewModel.KeyMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15's stale Key Rotation page: what the page shows after a confirm, in paste mode, and on an empty home. */
class RotationStalenessTest {

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
    void afterConfirmTheSummaryAndTheHistoryNoLongerSayTheOldKeyIsKept() throws Exception {
        fx = new RotationFixture(userHome).seed(30);
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        model.wizard().runPreflight();
        for (int i = 0; i < 6; i++) {
            model.wizard().next();
        }
        assertThat(model.wizard().currentProperty().get()).isEqualTo(WizardStep.SUMMARY);
        assertThat(model.wizard().summary()).anyMatch(line -> line.startsWith(WizardViewModel.PREVIOUS_KEY_LINE));
        assertThat(model.history().rows().get(0).awaitingConfirmation()).isTrue();

        model.report().confirmRestart();

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(model.wizard().summary()).as("credential.key.previous was deleted")
                .noneMatch(line -> line.contains("credential.key.previous"));
        assertThat(model.history().rows().get(0).awaitingConfirmation()).as("History agrees with rotate-key --status").isFalse();
        assertThat(model.history().rows().get(0).standing()).doesNotContain("not confirmed");
        assertThat(model.report().confirmableProperty().get()).isFalse();

        model.wizard().startOver();
        assertThat(model.history().rows().get(0).awaitingConfirmation()).as("and so does a new rotation").isFalse();
        model.report().open(); // F5
        assertThat(model.history().rows().get(0).standing()).doesNotContain("not confirmed");
    }

    @Test
    void pasteModeShowsNoKeyIdUntilAPastedKeyIsTaken() throws Exception {
        fx = new RotationFixture(userHome).seed(10);
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        model.wizard().runPreflight();
        model.wizard().next();
        assertThat(model.wizard().newKey().keyIdText().get()).as("the generated key's id").startsWith("New key id: ");

        model.wizard().newKey().keyModeProperty().set(KeyMode.PASTE);
        assertThat(model.wizard().newKey().keyIdText().get()).as("nothing is pasted yet, and the generated key is not used").isEmpty();
        model.wizard().newKey().pastedKeyProperty().set(MasterSecret.generateValue());
        assertThat(model.wizard().newKey().keyIdText().get()).isEmpty();
        model.wizard().newKey().keyModeProperty().set(KeyMode.GENERATE);
        assertThat(model.wizard().newKey().keyIdText().get()).startsWith("New key id: ");
    }

    @Test
    void openingThePageOnAnEmptyHomeWritesNoCredentialKey() throws Exception {
        fx = new RotationFixture(userHome);
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        model.report().open(); // F5

        assertThat(model.errorProperty().get()).isEmpty();
        assertThat(Files.exists(fx.keyFile())).as("no credential.key written by looking").isFalse();
        assertThat(model.report().keySourceProperty().get()).startsWith("Current key: none yet");
        assertThat(model.history().rows()).isEmpty();
    }
}
