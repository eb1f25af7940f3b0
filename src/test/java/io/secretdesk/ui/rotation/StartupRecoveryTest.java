package io.secretdesk.ui.rotation;

import io.secretdesk.core.services.Services;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.crypto.RotationKeyFiles;
import io.secretdesk.core.rotation.RotationCrashes;
import io.secretdesk.ui.common.UiExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's start-up recovery of an interrupted key rotation, without a toolkit: the trigger App runs
 * after the first frame ({@link RotationViewModel#recoverAtStartup} over
 * {@link Services#recoverInterruptedRotation()}), its status line, and the Key Rotation page's report.
 */
class StartupRecoveryTest {

    @TempDir
    Path userHome;

    private RotationFixture fx;
    private final List<String> status = new ArrayList<>();
    private final UiExecutor inline = new UiExecutor(Runnable::run, Runnable::run);

    @AfterEach
    void closeStore() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    @Tag("slow")
    void aRotationKilledAfterTheReencryptionIsRolledBackAtStartUpAndSaidInTheStatusBarAndOnThePage() throws Exception {
        fx = new RotationFixture(userHome).seed(300);
        String oldSecret = fx.keyFileText();
        killRotationAt("reencrypt.committed");
        assertThat(fx.rotationLeftovers()).as("the killed rotation left its new key and backup").isNotEmpty();

        Services services = fx.wizardStore();
        RotationViewModel.recoverAtStartup(inline, services::recoverInterruptedRotation, status::add);

        assertThat(status).singleElement().asString()
                .isEqualTo("At start-up, an interrupted key rotation was rolled back: the key is unchanged; see Key rotation.");
        assertThat(fx.rotationLeftovers()).isEmpty();
        assertThat(fx.keyFileText().equals(oldSecret)).as("key file unchanged").isTrue();

        RotationViewModel page = new RotationViewModel(inline, Runnable::run, fx.guard, services::keyRotations);
        page.report().open();
        assertThat(page.report().messageProperty().get()).startsWith("An interrupted key rotation was rolled back. The key rotation started at")
                .contains("re-encrypted back to key " + io.secretdesk.core.crypto.CredentialKey.derive(oldSecret).id());
        page.report().open();
        assertThat(page.report().messageProperty().get()).as("shown once, when the page first opens").isEmpty();

        fx.assertEverySeededRowDecryptsWith(oldSecret);
    }

    @Test
    void leftoversOfAnInterruptedRotationAreRemovedAtStartUp() throws Exception {
        fx = new RotationFixture(userHome).seed(20);
        RotationKeyFiles.write(RotationKeyFiles.Slot.NEW, fx.keyFile(), MasterSecret.generateValue());

        RotationViewModel.recoverAtStartup(inline, fx.wizardStore()::recoverInterruptedRotation, status::add);

        assertThat(status).containsExactly("At start-up, files an interrupted key rotation left behind were removed; nothing had changed.");
        assertThat(fx.rotationLeftovers()).isEmpty();
    }

    @Test
    void nothingToRecoverSaysNothing() throws Exception {
        fx = new RotationFixture(userHome).seed(5);
        RotationViewModel.recoverAtStartup(inline, fx.wizardStore()::recoverInterruptedRotation, status::add);
        assertThat(status).isEmpty();
    }

    @Test
    void withoutAConsoleDatabaseStartUpCreatesNeitherADatabaseNorAKey() {
        fx = new RotationFixture(userHome);
        RotationViewModel.recoverAtStartup(inline, fx.wizardStore()::recoverInterruptedRotation, status::add);
        assertThat(status).isEmpty();
        assertThat(fx.home.database(fx.env)).doesNotExist();
        assertThat(fx.keyFile()).doesNotExist();
    }

    @Test
    void aFailedCheckIsOneReadableLine() {
        RotationViewModel.recoverAtStartup(inline, () -> {
            throw new IllegalStateException("the console database is locked");
        }, status::add);
        assertThat(status).containsExactly("Could not check for an interrupted key rotation: the console database is locked");
    }

    /** Runs {@code secretdesk rotate-key --generate --yes} in a child JVM and kills it (SIGKILL) at {@code point}. */
    private void killRotationAt(String point) throws Exception {
        RotationCrashes.killAt(userHome, fx.env, point, "rotate-key", "--generate", "--yes");
    }
}
