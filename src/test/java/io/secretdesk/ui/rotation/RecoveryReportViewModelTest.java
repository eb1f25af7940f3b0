package io.secretdesk.ui.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.RotationKeyFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header's report of what recovery did when the page opens, over a real console database; work runs inline. */
class RecoveryReportViewModelTest {

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
    void openingThePageReportsWhatAnInterruptedRotationLeftBehind() throws Exception {
        fx = new RotationFixture(userHome).seed(30);
        String oldSecret = fx.keyFileText();
        RotationKeyFiles.write(RotationKeyFiles.Slot.NEW, fx.keyFile(), MasterSecret.generateValue());
        RotationViewModel model = fx.inlineModel();
        model.report().open();
        assertThat(model.report().messageProperty().get()).startsWith("Files an interrupted key rotation left behind were removed.");
        assertThat(fx.rotationLeftovers()).isEmpty();
        assertThat(fx.keyFileText().equals(oldSecret)).isTrue();
        assertThat(List.of(model.wizard().canNextProperty().get(), model.wizard().canCancelProperty().get())).containsOnly(false);
    }
}
