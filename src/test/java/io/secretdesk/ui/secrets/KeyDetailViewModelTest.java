package io.secretdesk.ui.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.CredentialEncryption;
import io.secretdesk.core.crypto.CredentialKey;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.edit.SecretEdits;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import io.secretdesk.core.store.AuditKey;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.SimpleTunerSchema;
import io.secretdesk.core.store.AuditTrail;
import io.secretdesk.core.store.Database;
import io.secretdesk.core.store.SecretHistoryStore;
import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.testing.MutableClock;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detail pane's view model over a real secrets file, a real console database and the core editing service. */
class KeyDetailViewModelTest {

    private static final CredentialKey KEY = CredentialKey.derive("key-detail-test");
    private static final String CANARY = "hf_detailCanary_0e11";

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime();
    private final ClipboardGuard guard = new ClipboardGuard(new MemoryClipboard(), Duration.ofSeconds(20), time::nanoTime, time);
    private final AtomicInteger afterWrites = new AtomicInteger();
    private Database database;
    private Database auditDb;
    private SecretsManager chain;
    private SecretEdits edits;
    private KeyDetailViewModel model;

    @BeforeEach
    void open() {
        MutableClock clock = new MutableClock(Instant.parse("2026-05-06T07:08:09Z"));
        database = Database.open(dir.resolve("console.db"));
        auditDb = Database.openSimpleTuner(dir.resolve("audit.db"), SimpleTunerSchema.AUDIT, java.time.Duration.ofSeconds(5));
        AuditLog audit = new AuditLog(() -> auditDb, new AuditKey(Map.of(AuditKey.VARIABLE, "audit-secret"), dir.resolve("audit.key")),
                null, clock, "alice");
        chain = new SecretsManager(List.of(new EnvironmentSecretProvider("", Map.of("HF_TOKEN", "hf_fromEnvironment")),
                new FileSecretProvider(dir.resolve("secrets.json"))));
        edits = new SecretEdits(chain, new SecretHistoryStore(database, () -> CredentialEncryption.of(KEY), clock, "alice"),
                new AuditTrail(audit));
        model = new KeyDetailViewModel(() -> edits, new UiExecutor(Runnable::run, Runnable::run),
                new Reveals(time::nanoTime, time, Duration.ofSeconds(10)), guard, afterWrites::incrementAndGet);
    }

    @AfterEach
    void close() {
        chain.close();
        database.close();
        auditDb.close();
    }

    @Test
    void openShowsEverySourceMaskedAndTheVersionsOfTheEditableOne() {
        edits.set("HF_TOKEN", "hf_fileOne", "file", null, false);
        edits.set("HF_TOKEN", "hf_fileTwo", "file", null, false);

        model.open("HF_TOKEN");

        assertThat(model.sourceRows()).extracting(KeyDetailViewModel.SourceRow::provider).containsExactly("env", "file");
        assertThat(model.sourceRows()).extracting(KeyDetailViewModel.SourceRow::status).containsExactly("supplies", "shadowed");
        assertThat(model.sourceRows().get(1).value().shownProperty().get()).isEqualTo("hf_••••••••");
        assertThat(model.editableSources()).containsExactly("file");
        assertThat(model.versionsSourceProperty().get()).isEqualTo("file");
        assertThat(model.versions()).extracting(KeyDetailViewModel.VersionRow::id).containsExactly("2", "1");
        assertThat(model.versions().get(0).who()).isEqualTo("alice");
        assertThat(model.versions().get(0).change()).isEqualTo("changed, same length (10), first 7 characters kept");
        assertThat(model.diffTextProperty().get()).isEqualTo("file@1 vs file@2: changed, same length (10), first 7 characters kept");
        assertThat(model.compareChoices()).contains("env (now)", "file (now)", "file@1", "file@2");
    }

    @Test
    void onlyOneValueIsRevealedAtATime() {
        edits.set("HF_TOKEN", "hf_fileOne", "file", null, false);
        model.open("HF_TOKEN");

        model.sourceRows().get(0).value().toggleReveal();
        assertThat(model.sourceRows().get(0).value().shownProperty().get()).isEqualTo("hf_fromEnvironment");
        model.versions().get(0).value().toggleReveal();

        assertThat(model.revealedCount()).isEqualTo(1);
        assertThat(model.sourceRows().get(0).value().shownProperty().get()).isEqualTo("hf_••••••••");
        model.close();
        assertThat(model.versions()).isEmpty();
    }

    @Test
    void saveWritesThroughTheCoreServiceAndAConflictKeepsTheTypedValue() {
        edits.set("HF_TOKEN", "hf_fileOne", "file", null, false);
        model.open("HF_TOKEN");
        edits.set("HF_TOKEN", "hf_colleague", "file", null, false); // someone else, after the pane read the file

        model.typedProperty().set(CANARY);
        model.save();

        assertThat(model.notice().kindProperty().get()).isEqualTo(Notice.Kind.ERROR);
        assertThat(model.notice().textProperty().get()).contains("changed by someone else since you opened it",
                "Your typed value is kept").doesNotContain(CANARY, "hf_colleague");
        assertThat(model.typedProperty().get()).isEqualTo(CANARY);
        assertThat(model.versions()).as("their version is on screen now").hasSize(2);
        assertThat(chain.resolve("HF_TOKEN").outcomeOf("file").value()).isEqualTo("hf_colleague");

        model.save(); // deliberately again, now based on what the pane shows
        assertThat(model.notice().textProperty().get()).contains("Saved HF_TOKEN to file (version 3)", "env still supplies it");
        assertThat(chain.resolve("HF_TOKEN").outcomeOf("file").value().equals(CANARY)).isTrue();
        assertThat(model.typedProperty().get()).isEmpty();
        assertThat(afterWrites.get()).isEqualTo(1);
    }

    @Test
    void deleteAndRestoreAskFirstAndSayWhatFollows() {
        edits.set("HF_TOKEN", "hf_fileOne", "file", null, false);
        edits.set("HF_TOKEN", "hf_fileTwo", "file", null, false);
        model.open("HF_TOKEN");

        model.requestDelete("file");
        assertThat(model.questionProperty().get()).isEqualTo("Delete HF_TOKEN from file? Afterwards env supplies it."
                + " Older versions keep the value.");
        model.cancelQuestion();
        assertThat(chain.resolve("HF_TOKEN").outcomeOf("file").holds()).isTrue();

        model.requestRestore(model.versions().get(1));
        assertThat(model.questionProperty().get()).contains("version 1 of file as a new version");
        model.confirm();
        assertThat(chain.resolve("HF_TOKEN").outcomeOf("file").value()).isEqualTo("hf_fileOne");
        assertThat(model.versions()).extracting(KeyDetailViewModel.VersionRow::id).containsExactly("3", "2", "1");

        model.requestDelete("file");
        model.confirm();
        assertThat(chain.resolve("HF_TOKEN").outcomeOf("file").holds()).isFalse();
        assertThat(model.notice().textProperty().get()).contains("Deleted HF_TOKEN from file");
    }
}
