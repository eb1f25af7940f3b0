package io.secretdesk.ui.secrets;

import io.secretdesk.core.services.Services;
import io.secretdesk.core.secrets.chain.ProviderChains;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.Masking;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.env.EnvironmentSecretProvider;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.secrets.file.FileSecretProvider;
import io.secretdesk.testing.MemoryClipboard;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.testing.VaultKvTestServer;
import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.UiExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Secrets view model over a real chain (environment map, a secrets file in a temp home), without a toolkit. */
class SecretsViewModelTest {

    private static final String HF_ENV = "hf_fromTheEnvironment1";
    private static final String HF_FILE = "hf_fromTheFile22222222";
    private static final String R8_FILE = "r8_fromTheFile33333333";

    @TempDir
    Path userHome;

    private final Map<String, String> env = new HashMap<>();
    private final FakeTime time = new FakeTime();
    private final MemoryClipboard clipboard = new MemoryClipboard();
    private final ClipboardGuard guard = new ClipboardGuard(clipboard, Duration.ofSeconds(20), time::nanoTime, time);
    private final AtomicInteger chainsBuilt = new AtomicInteger();
    /** Writes the view model reported as done (the console checks the status bar's sources on each). */
    private final AtomicInteger writes = new AtomicInteger();
    private SimpleTunerHome home;
    private Path file;
    private SecretsManager manager;
    private AuditUnderTest audit;

    @BeforeEach
    void setUp() {
        home = SimpleTunerHome.underUserHome(userHome);
        file = home.dir().resolve("secrets.json");
        audit = AuditUnderTest.in(home);
    }

    @AfterEach
    void tearDown() {
        audit.close();
    }

    /** The chain, built on first use as Services does, from the env map as it is then. */
    private final Supplier<SecretsManager> secrets = () -> {
        if (manager == null) {
            chainsBuilt.incrementAndGet();
            manager = ProviderChains.fromConfig(Map.of(), env, home);
        }
        return manager;
    };

    private SecretsViewModel inline() {
        return new SecretsViewModel(secrets, audit.writes(secrets), new UiExecutor(Runnable::run, Runnable::run), guard, time::nanoTime, time,
                writes::incrementAndGet);
    }

    private SecretsViewModel queued(QueuedExecutor background) {
        return new SecretsViewModel(secrets, audit.writes(secrets), new UiExecutor(background, Runnable::run), guard, time::nanoTime, time,
                writes::incrementAndGet);
    }

    private void writeFile(String json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private static SecretRow row(SecretsViewModel model, String key) {
        return model.rows().stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key + " in " + model.rows()));
    }

    private void standardSources() throws IOException {
        env.put("HF_TOKEN", HF_ENV);
        writeFile("{\"HF_TOKEN\": \"" + HF_FILE + "\", \"REPLICATE_API_TOKEN\": \"" + R8_FILE + "\", \"WANDB_API_KEY\": \"w-1\"}");
    }

    // ---------------------------------------------------------------------------------------------- table

    @Test
    void theTableShowsEveryKeyWithItsSourceAndWhatItShadowsMasked() throws IOException {
        standardSources();
        SecretsViewModel model = inline();

        model.loadIfNeeded();

        assertThat(model.rows()).extracting(SecretRow::key).containsExactly("HF_TOKEN", "REPLICATE_API_TOKEN", "WANDB_API_KEY");
        SecretRow hf = row(model, "HF_TOKEN");
        assertThat(hf.source()).isEqualTo("env");
        assertThat(hf.shadowed()).containsExactly("file");
        assertThat(hf.location()).isEqualTo("variable HF_TOKEN");
        assertThat(hf.shownProperty().get()).isEqualTo("hf_••••••••").isEqualTo(Masking.mask(HF_ENV));
        assertThat(hf.revealedProperty().get()).isFalse();
        SecretRow r8 = row(model, "REPLICATE_API_TOKEN");
        assertThat(r8.source()).isEqualTo("file");
        assertThat(r8.shadowedText()).isEmpty();
        assertThat(r8.shownProperty().get()).isEqualTo("r8_••••••••");
        assertThat(model.filter().countText().get()).isEqualTo("3 keys");
        assertThat(model.loadedProperty().get()).isTrue();
        assertThat(model.loadingProperty().get()).isFalse();
        assertThat(chainsBuilt).hasValue(1);
    }

    @Test
    void unavailableSourcesAreNamedWithTheirReasonAndTheirRowsStillShow() throws IOException {
        standardSources();
        env.put("VAULT_ADDR", "http://127.0.0.1:1"); // set up, but nothing listens there
        env.put("VAULT_TOKEN", "s.unusedToken");
        SecretsViewModel model = inline();

        model.loadIfNeeded();

        assertThat(model.unavailableProperty().get()).startsWith("Unavailable: vault — ").doesNotContain("aws")
                .doesNotContain("s.unusedToken");
        assertThat(model.notConfiguredProperty().get()).isEqualTo("Not set up yet: aws (the Sources cards say how; Settings, Ctrl+7, sets up AWS and Vault).");
        assertThat(model.rows()).hasSize(3);
        assertThat(row(model, "REPLICATE_API_TOKEN").unanswered())
                .contains("aws: AWS Secrets Manager not configured").contains("vault: ");
        assertThat(model.sources()).extracting(SourceCard::name).containsExactly("env", "file", "aws", "vault");
        assertThat(model.sources()).extracting(c -> c.stateProperty().get()).containsExactly(
                SourceCard.State.AVAILABLE, SourceCard.State.AVAILABLE, SourceCard.State.NOT_CONFIGURED, SourceCard.State.UNAVAILABLE);
        assertThat(model.sources().get(2).detailProperty().get())
                .isEqualTo("AWS Secrets Manager not configured: no secret name; set SIMPLETUNER_AWS_SECRET_NAME");
    }

    @Test
    void withNoRemoteSourceSetUpNothingIsReportedAsFailing() throws IOException {
        env.put("HF_TOKEN", HF_ENV);
        writeFile("{\"WANDB_API_KEY\": \"w\"}");
        SecretsViewModel model = inline();

        model.loadIfNeeded();

        assertThat(model.unavailableProperty().get()).isEmpty();
        assertThat(model.notConfiguredProperty().get()).isEqualTo("Not set up yet: aws, vault (the Sources cards say how; Settings, Ctrl+7, sets up AWS and Vault).");
    }

    @Test
    void aLoadThatFailsSaysWhyInOneLine() {
        Supplier<SecretsManager> broken = () -> {
            throw new IllegalStateException("SIMPLETUNER_AWS_TIMEOUT_SECONDS 'x' is not a number of seconds\n\tat somewhere");
        };
        SecretsViewModel model = new SecretsViewModel(broken, audit.writes(broken), new UiExecutor(Runnable::run, Runnable::run), guard,
                time::nanoTime, time, writes::incrementAndGet);

        model.loadIfNeeded();

        assertThat(model.messageProperty().get())
                .isEqualTo("Could not load the secrets: SIMPLETUNER_AWS_TIMEOUT_SECONDS 'x' is not a number of seconds");
        assertThat(model.messageKindProperty().get()).isEqualTo(Notice.Kind.ERROR);
        assertThat(model.unavailableProperty().get()).startsWith("Could not check the sources: ");
        assertThat(model.loadingProperty().get()).isFalse();
    }

    @Test
    void searchAndSourceFilterNarrowTheRows() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        model.filter().searchProperty().set("token");
        assertThat(model.filter().filteredRows()).extracting(SecretRow::key).containsExactly("HF_TOKEN", "REPLICATE_API_TOKEN");
        assertThat(model.filter().countText().get()).isEqualTo("2 of 3 keys");

        model.filter().sourceFilterProperty().set("env");
        assertThat(model.filter().filteredRows()).extracting(SecretRow::key).containsExactly("HF_TOKEN");

        model.filter().searchProperty().set("");
        model.filter().sourceFilterProperty().set("file");
        assertThat(model.filter().filteredRows()).as("the file holds HF_TOKEN too, though env wins")
                .extracting(SecretRow::key).containsExactly("HF_TOKEN", "REPLICATE_API_TOKEN", "WANDB_API_KEY");

        model.filter().sourceFilterProperty().set("vault");
        assertThat(model.filter().filteredRows()).isEmpty();
        assertThat(model.filter().countText().get()).isEqualTo("0 of 3 keys");

        model.filter().sourceFilterProperty().set(SecretsViewModel.ALL_SOURCES);
        model.filter().searchProperty().set("  wandb ");
        assertThat(model.filter().filteredRows()).extracting(SecretRow::key).containsExactly("WANDB_API_KEY");
    }

    // ---------------------------------------------------------------------------------------------- reveal and copy

    @Test
    void revealShowsOneRowForTenSecondsWithACountdownThenMasksItAgain() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretRow hf = row(model, "HF_TOKEN");
        SecretRow r8 = row(model, "REPLICATE_API_TOKEN");

        model.toggleReveal(hf);

        assertThat(hf.shownProperty().get().equals(HF_ENV)).as("HF_TOKEN shows the environment's value").isTrue();
        assertThat(hf.revealedProperty().get()).isTrue();
        assertThat(hf.secondsLeftProperty().get()).isEqualTo(10);
        assertThat(r8.shownProperty().get()).as("other rows stay masked").isEqualTo("r8_••••••••");

        time.advance(Duration.ofMillis(3_500));
        assertThat(hf.secondsLeftProperty().get()).isEqualTo(7);
        model.toggleReveal(r8);
        time.advance(Duration.ofMillis(6_499));
        assertThat(hf.revealedProperty().get()).isTrue();
        assertThat(hf.secondsLeftProperty().get()).isEqualTo(1);

        time.advance(Duration.ofMillis(1));
        assertThat(hf.revealedProperty().get()).isFalse();
        assertThat(hf.shownProperty().get()).isEqualTo("hf_••••••••");
        assertThat(hf.secondsLeftProperty().get()).isZero();
        assertThat(r8.revealedProperty().get()).as("revealed later, hidden later").isTrue();
        assertThat(time.ticking()).isEqualTo(1);

        time.advance(Duration.ofSeconds(4));
        assertThat(r8.revealedProperty().get()).isFalse();
        assertThat(time.ticking()).as("nothing ticks once every row is masked").isZero();
    }

    @Test
    void revealingAgainMasksAtOnce() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretRow hf = row(model, "HF_TOKEN");

        model.toggleReveal(hf);
        model.toggleReveal(hf);

        assertThat(hf.shownProperty().get()).isEqualTo("hf_••••••••");
        assertThat(time.ticking()).isZero();
    }

    @Test
    void aReloadMasksEveryRow() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        model.toggleReveal(row(model, "HF_TOKEN"));

        model.refresh();

        assertThat(model.rows()).noneMatch(r -> r.revealedProperty().get());
        assertThat(time.ticking()).isZero();
    }

    @Test
    void copyPutsTheValueOnTheClipboardWithoutRevealingItAndTheCountdownClearsIt() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretRow r8 = row(model, "REPLICATE_API_TOKEN");

        model.copy(r8);

        assertThat(clipboard.holds(R8_FILE)).as("clipboard holds the file's Replicate token").isTrue();
        assertThat(r8.revealedProperty().get()).isFalse();
        assertThat(r8.shownProperty().get()).isEqualTo("r8_••••••••");
        assertThat(guard.whatProperty().get()).isEqualTo("REPLICATE_API_TOKEN");
        assertThat(model.messageProperty().get()).startsWith("Copied REPLICATE_API_TOKEN without showing it").doesNotContain(R8_FILE);

        time.advance(Duration.ofSeconds(19));
        assertThat(guard.secondsLeftProperty().get()).isEqualTo(1);
        assertThat(clipboard.holds(R8_FILE)).isTrue();
        time.advance(Duration.ofSeconds(1));
        assertThat(clipboard.empty()).as("cleared after 20 s").isTrue();
    }

    @Test
    void valuesNeverShowInToString() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        model.toggleReveal(row(model, "HF_TOKEN"));
        model.add();
        model.editor().keyProperty().set("X");
        model.editor().valueProperty().set("typed-secret-value");

        String everything = model.rows() + " " + model.sources() + " " + model.editor();

        assertThat(everything).doesNotContain(HF_ENV).doesNotContain(HF_FILE).doesNotContain(R8_FILE)
                .doesNotContain("typed-secret-value").contains("HF_TOKEN");
    }

    // ---------------------------------------------------------------------------------------------- editor

    @Test
    void theEditorRefusesEmptyKeysKeysWithSpacesAndEmptyValues() {
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretEditor editor = model.editor();

        model.add();
        assertThat(editor.modeProperty().get()).isEqualTo(SecretEditor.Mode.ADD);
        assertThat(editor.keyProblemProperty().get()).as("no complaint before anything was typed").isEmpty();
        assertThat(editor.canSave().get()).isFalse();

        editor.save();
        assertThat(editor.errorProperty().get()).isEqualTo("Enter a key, for example HF_TOKEN.");
        assertThat(editor.valueProblemProperty().get()).isEqualTo("Enter a value: an empty secret cannot be saved.");

        editor.keyProperty().set("MY KEY");
        assertThat(editor.keyProblemProperty().get()).startsWith("A key cannot contain spaces");
        editor.valueProperty().set("v");
        assertThat(editor.canSave().get()).isFalse();
        editor.save();
        assertThat(editor.errorProperty().get()).startsWith("A key cannot contain spaces");

        editor.keyProperty().set("MY_KEY");
        editor.valueProperty().set("");
        assertThat(editor.canSave().get()).isFalse();
        editor.save();

        assertThat(editor.modeProperty().get()).as("a refused save keeps the form open").isEqualTo(SecretEditor.Mode.ADD);
        assertThat(file).as("nothing was written").doesNotExist();
    }

    @Test
    void theEditorHintsAtKnownTokenFormats() {
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretEditor editor = model.editor();
        model.add();

        editor.keyProperty().set("REPLICATE_API_TOKEN");
        editor.valueProperty().set("abc123");
        assertThat(editor.hints()).containsExactly("Replicate tokens start with r8_: check that this is the right token.");
        assertThat(editor.canSave().get()).as("a hint does not block the save").isTrue();

        editor.valueProperty().set("hf_abc");
        assertThat(editor.hints()).singleElement().asString().startsWith("This looks like a Hugging Face token");

        editor.valueProperty().set("r8_abc");
        assertThat(editor.hints()).isEmpty();

        editor.keyProperty().set("HF_TOKEN");
        assertThat(editor.hints()).singleElement().asString().startsWith("This looks like a Replicate token");

        editor.valueProperty().set("hf_abc ");
        assertThat(editor.hints()).singleElement().asString().startsWith("The value starts or ends with a space");

        editor.keyProperty().set("hf_token");
        editor.valueProperty().set("hf_abc");
        assertThat(editor.hints()).containsExactly("Keys in the file are case-sensitive: SimpleTuner reads HF_TOKEN.");
    }

    @Test
    void theEditorSaysBeforeSavingThatAnEnvironmentVariableShadowsTheKey() throws IOException {
        standardSources();
        env.put("SIMPLETUNER_SECRETS_ENV_PREFIX", "ST");
        env.put("ST_HF_TOKEN", HF_ENV);
        SecretsViewModel model = inline();
        SecretEditor editor = model.editor();
        model.add();

        editor.keyProperty().set("HF_TOKE");
        assertThat(editor.shadowWarningProperty().get()).isEmpty();
        editor.keyProperty().set("HF_TOKEN");

        assertThat(editor.shadowWarningProperty().get()).isEqualTo("The environment variable ST_HF_TOKEN is set and wins"
                + " over the secrets file: saving here changes the file, but HF_TOKEN keeps its environment value until"
                + " ST_HF_TOKEN is unset.");

        editor.keyProperty().set("WANDB_API_KEY");
        assertThat(editor.shadowWarningProperty().get()).isEmpty();
    }

    @Test
    void theShadowCheckRunsOneAtATimeAndAnswersForTheNewestKey() {
        env.put("HF_TOKEN", HF_ENV);
        QueuedExecutor background = new QueuedExecutor();
        SecretsViewModel model = queued(background);
        SecretEditor editor = model.editor();
        model.add();

        editor.keyProperty().set("H");
        editor.keyProperty().set("HF");
        editor.keyProperty().set("HF_TOKEN");

        assertThat(background.pending()).as("one check in flight, not one per keystroke").isEqualTo(1);
        assertThat(editor.checkingProperty().get()).isTrue();
        background.drain();
        assertThat(editor.checkingProperty().get()).isFalse();
        assertThat(editor.shadowWarningProperty().get()).contains("The environment variable HF_TOKEN is set");
    }

    @Test
    void anOpenEditorWithATypedValueIsWhatQuittingWouldLose() {
        SecretsViewModel model = inline();
        SecretEditor editor = model.editor();
        assertThat(editor.hasUnsavedValue()).isFalse();

        model.add();
        editor.keyProperty().set("WANDB_API_KEY");
        assertThat(editor.hasUnsavedValue()).as("a key alone loses nothing secret").isFalse();
        editor.valueProperty().set("w-typed");
        assertThat(editor.hasUnsavedValue()).isTrue();
        editor.save();
        assertThat(editor.hasUnsavedValue()).as("saved").isFalse();
    }

    @Test
    void aFastSaveWaitsForTheShadowCheckAndIsHeldWhenTheCheckWarns() throws IOException {
        standardSources();
        QueuedExecutor background = new QueuedExecutor();
        SecretsViewModel model = queued(background);
        background.drain();
        SecretEditor editor = model.editor();
        model.add();
        editor.keyProperty().set("HF_TOKEN");
        editor.valueProperty().set("hf_typedQuickly");

        assertThat(editor.checkingProperty().get()).isTrue();
        assertThat(editor.canSave().get()).as("Save waits for the check").isFalse();
        editor.save();
        assertThat(editor.savingProperty().get()).isFalse();
        background.drain();

        assertThat(editor.shadowWarningProperty().get()).startsWith("The environment variable HF_TOKEN is set");
        assertThat(editor.modeProperty().get()).as("held: the form stays open with its warning").isEqualTo(SecretEditor.Mode.ADD);
        assertThat(Files.readString(file).contains("hf_typedQuickly")).as("nothing was written").isFalse();
        assertThat(editor.canSave().get()).isTrue();

        editor.save();
        background.drain();
        assertThat(editor.replaceQuestionProperty().get()).as("HF_TOKEN exists: Add asks first")
                .startsWith("HF_TOKEN already exists in the environment (variable HF_TOKEN) and the secrets file (");
        editor.confirmReplace();
        background.drain();

        assertThat(Files.readString(file).contains("hf_typedQuickly")).as("saved once the warning was seen").isTrue();
        assertThat(editor.modeProperty().get()).isEqualTo(SecretEditor.Mode.CLOSED);
    }

    @Test
    void aFastSaveOfAKeyNothingShadowsGoesThroughOnceTheCheckIsDone() throws IOException {
        standardSources();
        QueuedExecutor background = new QueuedExecutor();
        SecretsViewModel model = queued(background);
        background.drain();
        SecretEditor editor = model.editor();
        model.add();
        editor.keyProperty().set("CLOUD_WEBHOOK_SECRET");
        editor.valueProperty().set("whsec-quick");

        editor.save();
        assertThat(Files.readString(file).contains("whsec-quick")).as("not before the check").isFalse();
        background.drain();

        assertThat(editor.shadowWarningProperty().get()).isEmpty();
        assertThat(Files.readString(file).contains("whsec-quick")).isTrue();
        assertThat(editor.modeProperty().get()).isEqualTo(SecretEditor.Mode.CLOSED);
        assertThat(model.messageProperty().get()).isEqualTo("Saved CLOUD_WEBHOOK_SECRET to " + file + ". SimpleTuner uses it after its server restarts (it reads secrets "
                + "once, at start).");
    }

    @Test
    void aSaveWaitingForTheCheckIsDroppedWhenTheFormIsCancelled() throws IOException {
        standardSources();
        QueuedExecutor background = new QueuedExecutor();
        SecretsViewModel model = queued(background);
        background.drain();
        model.add();
        model.editor().keyProperty().set("CLOUD_WEBHOOK_SECRET");
        model.editor().valueProperty().set("whsec-cancelled");
        model.editor().save();

        model.editor().cancel();
        background.drain();

        assertThat(Files.readString(file).contains("CLOUD_WEBHOOK_SECRET")).isFalse();
        assertThat(model.editor().modeProperty().get()).isEqualTo(SecretEditor.Mode.CLOSED);
    }

    @Test
    void editingAKeyChecksItsShadowAtOnceAndAKeyFromAwsOrVaultIsOverriddenByTheFile() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        model.edit(row(model, "HF_TOKEN"));

        SecretEditor editor = model.editor();
        assertThat(editor.modeProperty().get()).isEqualTo(SecretEditor.Mode.EDIT);
        assertThat(editor.keyProperty().get()).isEqualTo("HF_TOKEN");
        assertThat(editor.valueProperty().get()).as("an edit starts from an empty value, never the old one").isEmpty();
        assertThat(editor.shadowWarningProperty().get()).contains("HF_TOKEN is set");

        editor.cancel();
        assertThat(editor.modeProperty().get()).isEqualTo(SecretEditor.Mode.CLOSED);
        assertThat(editor.shadowWarningProperty().get()).isEmpty();
    }

    @Test
    void savingAddsTheRowAndSaysSo() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretEditor editor = model.editor();

        model.add();
        editor.keyProperty().set("CLOUD_WEBHOOK_SECRET");
        editor.valueProperty().set("whsec-new-value");
        editor.save();

        assertThat(editor.modeProperty().get()).isEqualTo(SecretEditor.Mode.CLOSED);
        assertThat(editor.valueProperty().get()).as("the typed value is dropped").isEmpty();
        assertThat(model.rows()).extracting(SecretRow::key)
                .containsExactly("CLOUD_WEBHOOK_SECRET", "HF_TOKEN", "REPLICATE_API_TOKEN", "WANDB_API_KEY");
        assertThat(row(model, "CLOUD_WEBHOOK_SECRET").source()).isEqualTo("file");
        assertThat(model.messageProperty().get()).isEqualTo("Saved CLOUD_WEBHOOK_SECRET to " + file + ". SimpleTuner uses it after its server restarts (it reads secrets "
                + "once, at start).");
        assertThat(model.messageKindProperty().get()).isEqualTo(Notice.Kind.SUCCESS);
        assertThat(Files.readString(file).contains("whsec-new-value")).as("the file holds the new value").isTrue();
    }

    @Test
    void savingAKeyTheEnvironmentHoldsSaysThatTheEnvironmentStillWins() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        model.edit(row(model, "HF_TOKEN"));
        model.editor().valueProperty().set("hf_aNewFileValue");
        model.editor().save();

        assertThat(model.messageProperty().get()).isEqualTo("Saved HF_TOKEN to " + file
                + ", but the environment (variable HF_TOKEN) still wins: SimpleTuner keeps using that value until it is removed.");
        assertThat(model.messageKindProperty().get()).isEqualTo(Notice.Kind.WARNING);
        assertThat(row(model, "HF_TOKEN").source()).isEqualTo("env");
    }

    @Test
    void aMalformedFileShowsItsParseErrorAndAWriteFailsInOneLineLosingNothing() throws IOException {
        env.put("HF_TOKEN", HF_ENV);
        String broken = "{\n  \"REPLICATE_API_TOKEN\": \"r8_x\",\n  oops\n}\n";
        writeFile(broken);
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        assertThat(model.unavailableProperty().get()).contains("file — malformed JSON in " + file).contains("line 3");
        SourceCard fileCard = model.sources().get(1);
        assertThat(fileCard.fields()).contains(new SourceCard.Field("Path", file.toString()));
        assertThat(fileCard.fields().get(2).value()).startsWith("parse error: malformed JSON in " + file).contains("(line 3, column");
        assertThat(model.rows()).extracting(SecretRow::key).containsExactly("HF_TOKEN");

        model.add();
        model.editor().keyProperty().set("WANDB_API_KEY");
        model.editor().valueProperty().set("w-value");
        model.editor().save();

        String error = model.editor().errorProperty().get();
        assertThat(error).startsWith("Not saved: refusing to write " + file + ": it is not a valid secrets file")
                .endsWith("fix or move the file, nothing was changed").doesNotContain("\n").doesNotContain("w-value");
        assertThat(model.editor().modeProperty().get()).isEqualTo(SecretEditor.Mode.ADD);
        assertThat(model.editor().valueProperty().get().equals("w-value")).as("what was typed is kept").isTrue();
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    // ---------------------------------------------------------------------------------------------- delete

    @Test
    void deleteAsksFirstAndThenRemovesTheKeyFromTheFile() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretRow wandb = row(model, "WANDB_API_KEY");

        model.requestDelete(wandb);
        assertThat(model.pendingDeleteProperty().get()).isSameAs(wandb);
        model.cancelDelete();
        assertThat(model.pendingDeleteProperty().get()).isNull();
        assertThat(Files.readString(file)).contains("WANDB_API_KEY");

        model.requestDelete(wandb);
        model.confirmDelete();

        assertThat(model.rows()).extracting(SecretRow::key).containsExactly("HF_TOKEN", "REPLICATE_API_TOKEN");
        assertThat(Files.readString(file)).doesNotContain("WANDB_API_KEY").contains("REPLICATE_API_TOKEN");
        assertThat(model.messageProperty().get()).isEqualTo("Deleted WANDB_API_KEY from " + file + ".");
        assertThat(model.pendingDeleteProperty().get()).isNull();
    }

    @Test
    void deletingAShadowedFileKeyLeavesTheEnvironmentsRow() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        model.requestDelete(row(model, "HF_TOKEN"));
        model.confirmDelete();

        SecretRow hf = row(model, "HF_TOKEN");
        assertThat(hf.source()).isEqualTo("env");
        assertThat(hf.shadowed()).isEmpty();
        assertThat(model.messageProperty().get()).isEqualTo("Deleted HF_TOKEN from " + file + "; env still supplies it.");
    }

    @Test
    void aKeyTheFileDoesNotHoldCannotBeDeletedAndTheViewSaysWhy() throws IOException {
        env.put("HF_TOKEN", HF_ENV);
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        model.requestDelete(row(model, "HF_TOKEN"));

        assertThat(model.pendingDeleteProperty().get()).isNull();
        assertThat(model.messageProperty().get()).isEqualTo("HF_TOKEN is not in the secrets file (it comes from env),"
                + " so there is nothing to delete here.");
    }

    @Test
    void aDeleteThatFailsSaysWhyInOneLine() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretRow wandb = row(model, "WANDB_API_KEY");
        Files.writeString(file, "{ broken");

        model.requestDelete(wandb);
        model.confirmDelete();

        assertThat(model.messageProperty().get()).startsWith("Not deleted: refusing to write " + file).doesNotContain("\n");
        assertThat(model.messageKindProperty().get()).isEqualTo(Notice.Kind.ERROR);
        assertThat(Files.readString(file)).isEqualTo("{ broken");
    }

    // ---------------------------------------------------------------------------------------------- drift

    @Test
    void theDriftFilterShowsOnlyKeysWhoseSourcesDisagreeWithLettersNeverValues() throws IOException {
        standardSources(); // HF_TOKEN: env and file differ; the others are in the file only (env lacking is not drift)
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        assertThat(model.filter().driftCountProperty().get()).isEqualTo(1);

        model.filter().driftOnlyProperty().set(true);

        assertThat(model.filter().filteredRows()).extracting(SecretRow::key).containsExactly("HF_TOKEN");
        assertThat(model.filter().countText().get()).isEqualTo("1 of 3 keys");
        SecretRow hf = model.filter().filteredRows().get(0);
        assertThat(hf.drifted()).isTrue();
        assertThat(hf.driftText()).isEqualTo("env A  file B");
        assertThat(row(model, "WANDB_API_KEY").driftText()).isEqualTo("env –  file A");
        assertThat(model.rows().stream().map(r -> r.driftText() + r).toList().toString()).doesNotContain(HF_ENV, HF_FILE, "w-1");
    }

    @Test
    void writingTheSameValueToTheFileEndsTheDriftAtOnce() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        model.filter().driftOnlyProperty().set(true);

        model.edit(row(model, "HF_TOKEN"));
        model.editor().valueProperty().set(HF_ENV);
        model.editor().save();

        assertThat(model.filter().driftCountProperty().get()).isZero();
        assertThat(model.filter().filteredRows()).isEmpty();
        assertThat(row(model, "HF_TOKEN").driftText()).isEqualTo("env A  file A");
    }

    // ---------------------------------------------------------------------------------------------- add of a key that exists

    @Test
    void addingAKeyThatExistsAsksReplaceAndSaysWhereItIsBeforeWritingAnything() throws IOException {
        standardSources();
        String before = Files.readString(file);
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretEditor editor = model.editor();
        model.add();
        editor.keyProperty().set("WANDB_API_KEY");
        editor.valueProperty().set("w-typed-canary");

        editor.save();

        assertThat(editor.replaceQuestionProperty().get()).isEqualTo("WANDB_API_KEY already exists in the secrets file ("
                + file + " [WANDB_API_KEY]). Replace it with the value you typed? Saving writes it to the secrets file.");
        assertThat(editor.replaceQuestionProperty().get()).doesNotContain("w-1");
        assertThat(editor.canSave().get()).as("Save waits for the answer").isFalse();
        assertThat(Files.readString(file)).as("nothing written before the answer").isEqualTo(before);
        assertThat(audit.newest(5)).isEmpty();

        editor.confirmReplace();

        assertThat(Files.readString(file)).contains("w-typed-canary").doesNotContain("\"w-1\"");
        assertThat(editor.modeProperty().get()).isEqualTo(SecretEditor.Mode.CLOSED);
        assertThat(audit.newest(5)).extracting(AuditEntry::action).containsExactly("secret.set");
    }

    @Test
    void cancellingTheReplaceQuestionChangesNothingAndKeepsWhatWasTyped() throws IOException {
        standardSources();
        String before = Files.readString(file);
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretEditor editor = model.editor();
        model.add();
        editor.keyProperty().set("REPLICATE_API_TOKEN");
        editor.valueProperty().set("r8_typedAndKept123");
        editor.save();
        assertThat(editor.replaceQuestionProperty().get()).startsWith("REPLICATE_API_TOKEN already exists in the secrets file");

        editor.cancelReplace();

        assertThat(editor.replaceQuestionProperty().get()).isEmpty();
        assertThat(editor.modeProperty().get()).as("the form stays open").isEqualTo(SecretEditor.Mode.ADD);
        assertThat(editor.keyProperty().get()).isEqualTo("REPLICATE_API_TOKEN");
        assertThat(editor.valueProperty().get().equals("r8_typedAndKept123")).as("the typed value is kept").isTrue();
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(audit.newest(5)).isEmpty();
        assertThat(editor.canSave().get()).isTrue();
    }

    @Test
    void aKeyOnlyALowerSourceHoldsIsNamedWithThatSourceAndOneNoSourceHoldsIsWrittenWithoutAQuestion() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretEditor editor = model.editor();
        model.add();
        editor.keyProperty().set("BRAND_NEW_KEY");
        editor.valueProperty().set("n-1");

        editor.save();

        assertThat(editor.replaceQuestionProperty().get()).isEmpty();
        assertThat(Files.readString(file)).contains("BRAND_NEW_KEY");
        assertThat(editor.modeProperty().get()).isEqualTo(SecretEditor.Mode.CLOSED);
    }

    @Test
    void aKeySomeoneElseAddsBetweenTheQuestionAndTheAnswerIsAConflictAndNothingIsLost() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretEditor editor = model.editor();
        model.add();
        editor.keyProperty().set("WANDB_API_KEY");
        editor.valueProperty().set("w-mine");
        editor.save();
        writeFile("{\"HF_TOKEN\": \"" + HF_FILE + "\", \"REPLICATE_API_TOKEN\": \"" + R8_FILE + "\", \"WANDB_API_KEY\": \"w-theirs\"}");

        editor.confirmReplace();

        assertThat(editor.errorProperty().get()).startsWith("Not saved: ").contains("changed by someone else since you opened it")
                .doesNotContain("w-mine", "w-theirs");
        assertThat(editor.valueProperty().get().equals("w-mine")).as("the typed value is kept").isTrue();
        assertThat(Files.readString(file)).contains("w-theirs").doesNotContain("w-mine");
    }

    // ---------------------------------------------------------------------------------------------- audit

    @Test
    void savingAndDeletingThroughTheViewAppendAuditEntriesWithTheKeyAndFileButNeverTheValue() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        model.add();
        model.editor().keyProperty().set("CLOUD_WEBHOOK_SECRET");
        model.editor().valueProperty().set("whsec-audited-value");
        model.editor().save();

        AuditEntry set = audit.newest(1).get(0);
        assertThat(set.action()).isEqualTo("secret.set");
        assertThat(set.target()).isEqualTo("secret:CLOUD_WEBHOOK_SECRET");
        assertThat(set.details()).contains(file.toString()).contains("secrets-view");
        assertThat(set.details().contains("whsec-audited-value")).as("the audit entry leaves the value out").isFalse();
        assertThat(model.messageKindProperty().get()).isEqualTo(Notice.Kind.SUCCESS);

        model.requestDelete(row(model, "WANDB_API_KEY"));
        model.confirmDelete();

        List<AuditEntry> entries = audit.newest(5);
        assertThat(entries).extracting(AuditEntry::action).containsExactly("secret.delete", "secret.set");
        assertThat(entries.get(0).target()).isEqualTo("secret:WANDB_API_KEY");
        assertThat(entries.get(0).details()).contains(file.toString()).doesNotContain("w-1");
        assertThat(audit.get().verifyChain().intact()).isTrue();
    }

    @Test
    void thePencilsSaveAndTheDeleteKeepThePreviousValuesInTheFilesHistoryAsTheCliDoes() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        model.edit(row(model, "WANDB_API_KEY"));
        model.editor().valueProperty().set("w-2");
        model.editor().save();
        model.requestDelete(row(model, "WANDB_API_KEY"));
        model.confirmDelete();

        var versions = audit.edits(secrets).get().history("WANDB_API_KEY", "file", 10);
        assertThat(versions).extracting(v -> v.labels().get(0)).containsExactly("delete", "set", "found");
        assertThat(versions.get(1).value()).isEqualTo("w-2");
        assertThat(versions.get(2).value()).as("the value the pencil replaced").isEqualTo("w-1");
        assertThat(audit.newest(5)).extracting(AuditEntry::action).containsExactly("secret.delete", "secret.set");
    }

    @Test
    void aSaveOrDeleteThatChangedTheFileIsReportedForTheStatusBarAndOneThatFailedIsNot() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        model.add();
        model.editor().keyProperty().set("CLOUD_WEBHOOK_SECRET");
        model.editor().valueProperty().set("whsec-1");
        model.editor().save();
        assertThat(writes).as("a save").hasValue(1);

        model.requestDelete(row(model, "WANDB_API_KEY"));
        model.confirmDelete();
        assertThat(writes).as("a delete").hasValue(2);

        Files.writeString(file, "{ broken");
        model.add();
        model.editor().keyProperty().set("OTHER_KEY");
        model.editor().valueProperty().set("o");
        model.editor().save();
        model.requestDelete(row(model, "REPLICATE_API_TOKEN"));
        model.confirmDelete();
        assertThat(model.messageKindProperty().get()).isEqualTo(Notice.Kind.ERROR);
        assertThat(writes).as("writes that failed changed nothing").hasValue(2);
    }

    @Test
    void aDeleteOfAKeyAnotherProgramAlreadyRemovedChangesNothingAndIsNotAudited() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        SecretRow wandb = row(model, "WANDB_API_KEY");
        writeFile("{\"HF_TOKEN\": \"" + HF_FILE + "\"}");

        model.requestDelete(wandb);
        model.confirmDelete();

        assertThat(model.messageProperty().get()).isEqualTo("WANDB_API_KEY was not in " + file + " any more; nothing changed.");
        assertThat(audit.newest(5)).isEmpty();
        assertThat(writes).hasValue(0);
    }

    @Test
    void aSecretThatCouldNotBeAuditedIsNotWrittenNorDeleted() throws IOException {
        standardSources();
        audit = AuditUnderTest.broken(home);
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        String before = Files.readString(file);

        model.add();
        model.editor().keyProperty().set("CLOUD_WEBHOOK_SECRET");
        model.editor().valueProperty().set("whsec-unaudited-value");
        model.editor().save();

        assertThat(Files.readString(file)).as("nothing is written that could not be audited").isEqualTo(before);
        assertThat(model.editor().modeProperty().get()).as("the form stays open").isNotEqualTo(SecretEditor.Mode.CLOSED);
        assertThat(model.editor().errorProperty().get()).contains("audit key").doesNotContain("whsec-unaudited-value")
                .doesNotContain("\n");

        model.editor().cancel();
        model.requestDelete(row(model, "WANDB_API_KEY"));
        model.confirmDelete();

        assertThat(Files.readString(file)).as("nor deleted").isEqualTo(before);
        assertThat(model.messageKindProperty().get()).isEqualTo(Notice.Kind.ERROR);
        assertThat(model.messageProperty().get()).contains("audit key");
    }

    // ---------------------------------------------------------------------------------------------- refresh

    @Test
    void refreshSeesWhatAnotherProgramWroteAndIsNotStartedTwiceWhileLoading() throws IOException {
        standardSources();
        QueuedExecutor background = new QueuedExecutor();
        SecretsViewModel model = queued(background);
        model.loadIfNeeded();
        background.drain();
        assertThat(model.rows()).hasSize(3);

        writeFile("{\"ONLY_NOW\": \"n\"}");
        model.refresh();
        assertThat(model.loadingProperty().get()).isTrue();
        model.refresh();
        assertThat(model.messageProperty().get()).isEqualTo("Still loading: a source has not answered yet.");
        assertThat(background.pending()).isEqualTo(1);
        background.drain();

        assertThat(model.loadingProperty().get()).isFalse();
        assertThat(model.rows()).extracting(SecretRow::key).containsExactly("HF_TOKEN", "ONLY_NOW");
        assertThat(model.messageProperty().get()).isEmpty();
    }

    /** A source whose listing waits until released, like a remote that is slow to answer; lookups answer at once. */
    static final class GatedSource implements SecretProvider {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public String description() {
            return "a source that answers when released";
        }

        @Override
        public Lookup lookup(String key) {
            return Lookup.MISSING;
        }

        @Override
        public Contents contents() {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Contents.Loaded(Map.of());
        }
    }

    @Test
    void aSaveMadeWhileALoadIsRunningIsNotUndoneByTheLoadsOlderRows() throws Exception {
        standardSources();
        GatedSource gated = new GatedSource();
        // Asked in chain order on the loading thread: the file is read before the gated source holds the load.
        SecretsManager chain = new SecretsManager(List.of(new EnvironmentSecretProvider("", env),
                FileSecretProvider.inHome(home), gated));
        BlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            SecretsViewModel model = new SecretsViewModel(() -> chain, audit.writes(() -> chain), new UiExecutor(threads, fxQueue::add), guard,
                    time::nanoTime, time, writes::incrementAndGet);
            model.loadIfNeeded();
            assertThat(gated.entered.await(10, TimeUnit.SECONDS)).as("the load reached the slow source").isTrue();

            model.add();
            model.editor().keyProperty().set("NEW_KEY");
            model.editor().valueProperty().set("n");
            model.editor().save();
            runFxUntil(fxQueue, () -> model.editor().modeProperty().get() == SecretEditor.Mode.CLOSED);
            assertThat(model.loadingProperty().get()).isTrue();

            gated.release.countDown();
            runFxUntil(fxQueue, () -> !model.loadingProperty().get());

            assertThat(model.rows()).extracting(SecretRow::key).contains("NEW_KEY", "HF_TOKEN");
        } finally {
            gated.release.countDown();
            threads.shutdownNow();
        }
    }

    /** Plays the FX thread: runs what the background delivers until {@code done} holds (bounded: real threads are involved). */
    private static void runFxUntil(BlockingQueue<Runnable> fxQueue, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            Runnable next = fxQueue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("timed out waiting for background work to be delivered");
            }
            next.run();
        }
    }

    // ---------------------------------------------------------------------------------------------- sources

    @Test
    void theDetailsShowTheFileAndTheRemoteSettingsButNeverTheToken() throws IOException {
        standardSources();
        env.put("SIMPLETUNER_AWS_SECRET_NAME", "simpletuner/prod");
        env.put("AWS_DEFAULT_REGION", "eu-west-1");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing-secret-key");
        env.put("SIMPLETUNER_AWS_TIMEOUT_SECONDS", "2");
        env.put("VAULT_ADDR", "http://user:pw@127.0.0.1:1");
        env.put("VAULT_TOKEN", "s.theVaultTokenValue");
        env.put("SIMPLETUNER_VAULT_PATH", "team/simpletuner");
        SecretsViewModel model = inline();

        model.loadIfNeeded();

        assertThat(model.sources().get(1).fields()).containsExactly(new SourceCard.Field("Path", file.toString()),
                new SourceCard.Field("Format", "JSON"), new SourceCard.Field("State", "loaded, 3 keys"));
        assertThat(model.sources().get(2).fields()).containsExactly(new SourceCard.Field("Secret name", "simpletuner/prod"),
                new SourceCard.Field("Region", "eu-west-1"), new SourceCard.Field("Endpoint", "http://127.0.0.1:1"),
                new SourceCard.Field("Timeout", "2 s"));
        assertThat(model.sources().get(3).fields()).containsExactly(new SourceCard.Field("Address", "http://127.0.0.1:1"),
                new SourceCard.Field("Path", "team/simpletuner"), new SourceCard.Field("Mount", "secret"),
                new SourceCard.Field("KV version", "not detected yet"));
        assertThat(model.sources().get(2).stateProperty().get()).isEqualTo(SourceCard.State.UNAVAILABLE);
        String shown = model.sources().stream().map(c -> c.fields() + c.detailProperty().get()).toList() + model.unavailableProperty().get();
        assertThat(shown).doesNotContain("s.theVaultTokenValue").doesNotContain("testing-secret-key").doesNotContain(":pw@");
    }

    @Test
    void aMissingFileIsAFirstRunNotAFailure() {
        SecretsViewModel model = inline();
        model.loadIfNeeded();

        assertThat(model.sources().get(1).fields().get(2).value()).isEqualTo("missing (saving a secret creates it)");
        assertThat(model.sources().get(1).stateProperty().get()).isEqualTo(SourceCard.State.NOT_CONFIGURED);
        assertThat(model.notConfiguredProperty().get()).isEqualTo("Not set up yet: file, aws, vault (the Sources cards say how; Settings, Ctrl+7, sets up AWS and Vault).");
        assertThat(model.unavailableProperty().get()).isEmpty();
        assertThat(model.rows()).isEmpty();
        assertThat(model.filter().countText().get()).isEqualTo("0 keys");
    }

    /**
     * Regression (issue 15): after Vault came back the status bar's dot turned green while the page's banner and the Vault
     * card still said unavailable. The shell's report of the sources reloads the page when it disagrees with its cards.
     */
    @Test
    @Tag("slow")
    void whenTheStatusBarSaysASourceCameBackThePageAndItsCardSaySoToo() {
        try (VaultKvTestServer vault = VaultKvTestServer.start().mount("secret", 2)) {
            vault.put("secret", "simpletuner", Map.of("FROM_VAULT", "v-value"));
            env.put("VAULT_ADDR", vault.url());
            env.put("VAULT_TOKEN", vault.rootToken());
            vault.failWith(503, "Vault is sealed");
            SecretsViewModel model = inline();
            model.loadIfNeeded();
            assertThat(model.unavailableProperty().get()).startsWith("Unavailable: vault");
            assertThat(model.sources().get(3).stateProperty().get()).isEqualTo(SourceCard.State.UNAVAILABLE);

            vault.clearFailure();
            model.sourcesReported(Map.of("env", true, "file", true, "vault", true));

            assertThat(model.unavailableProperty().get()).as("the banner follows the dot").isEmpty();
            assertThat(model.sources().get(3).stateProperty().get()).isEqualTo(SourceCard.State.AVAILABLE);
            assertThat(model.rows()).extracting(SecretRow::key).contains("FROM_VAULT");
        }
    }

    @Test
    @Tag("slow")
    void testConnectionReportsSuccessOrTheExactReason() {
        try (VaultKvTestServer vault = VaultKvTestServer.start().mount("secret", 2)) {
            vault.put("secret", "simpletuner", Map.of("FROM_VAULT", "v-value"));
            env.put("VAULT_ADDR", vault.url());
            env.put("VAULT_TOKEN", vault.rootToken());
            QueuedExecutor background = new QueuedExecutor();
            SecretsViewModel model = queued(background);
            model.loadIfNeeded();
            background.drain();
            SourceCard vaultCard = model.sources().get(3);
            SourceCard awsCard = model.sources().get(2);
            assertThat(vaultCard.testable()).isTrue();
            assertThat(model.sources().get(1).testable()).isFalse();
            assertThat(row(model, "FROM_VAULT").source()).isEqualTo("vault");

            vault.sealed(true);
            model.testConnection(vaultCard);
            assertThat(vaultCard.testingProperty().get()).as("spinner while the test runs").isTrue();
            model.testConnection(vaultCard);
            assertThat(background.pending()).as("a running test is not started twice").isEqualTo(1);
            background.drain();

            assertThat(vaultCard.testingProperty().get()).isFalse();
            assertThat(vaultCard.testPassedProperty().get()).isFalse();
            assertThat(vaultCard.testResultProperty().get()).startsWith("Failed: ").contains("sealed");
            assertThat(vaultCard.stateProperty().get()).isEqualTo(SourceCard.State.UNAVAILABLE);
            assertThat(model.unavailableProperty().get()).contains("vault — ").contains("sealed");

            vault.sealed(false);
            model.testConnection(vaultCard);
            background.drain();
            assertThat(vaultCard.testResultProperty().get()).isEqualTo("Connected: 1 key at secret/simpletuner (KV v2)");
            assertThat(vaultCard.fields()).contains(new SourceCard.Field("KV version", "v2"));
            assertThat(model.unavailableProperty().get()).doesNotContain("vault");

            model.testConnection(awsCard);
            background.drain();
            assertThat(awsCard.testResultProperty().get())
                    .isEqualTo("Failed: AWS Secrets Manager not configured: no secret name; set SIMPLETUNER_AWS_SECRET_NAME");
        }
    }

    @Test
    void theChainIsOnlyBuiltInBackgroundWork() {
        QueuedExecutor background = new QueuedExecutor();
        SecretsViewModel model = queued(background);
        model.add();
        model.editor().keyProperty().set("HF_TOKEN");
        model.loadIfNeeded();

        assertThat(chainsBuilt).as("nothing asked the chain on the calling (FX) thread").hasValue(0);
        background.drain();
        assertThat(chainsBuilt).hasValue(1);
        assertThat(model.loadedProperty().get()).isTrue();
        assertThat(audit.opened()).as("nothing written, nothing audited: the database is not opened").isZero();

        model.editor().valueProperty().set("hf_savedInTheBackground");
        model.editor().save();
        assertThat(audit.opened()).as("the audit log is opened in background work only").isZero();
        background.drain();
        assertThat(audit.opened()).isEqualTo(1);
        assertThat(audit.newest(1).get(0).action()).isEqualTo("secret.set");
    }

    @Test
    void revealingOrCopyingLooksTheKeyUpThroughTheResolutionCacheAndReloadsAStaleTable() throws IOException {
        standardSources();
        SecretsViewModel model = inline();
        model.loadIfNeeded();
        var stats = manager.cache().stats();
        long lookupsBefore = stats.hitCount() + stats.missCount();

        model.toggleReveal(row(model, "REPLICATE_API_TOKEN"));
        model.copy(row(model, "WANDB_API_KEY"));
        var after = manager.cache().stats();
        assertThat(after.hitCount() + after.missCount()).as("secrets_resolution counts the page's lookups")
                .isEqualTo(lookupsBefore + 2);
        assertThat(model.messageProperty().get()).startsWith("Copied WANDB_API_KEY");

        // Another process changes the file; the chain's cache still has the old answer for 30 s, so clear it as F5 would.
        writeFile("{\"HF_TOKEN\": \"" + HF_FILE + "\", \"REPLICATE_API_TOKEN\": \"r8_changedElsewhere000000\", \"WANDB_API_KEY\": \"w-1\"}");
        manager.clearCache();
        model.toggleReveal(row(model, "REPLICATE_API_TOKEN")); // masks
        model.toggleReveal(row(model, "REPLICATE_API_TOKEN")); // reveals: the chain says otherwise now

        assertThat(model.messageProperty().get()).isEqualTo("REPLICATE_API_TOKEN changed since the table was loaded; the table was reloaded.");
        assertThat(row(model, "REPLICATE_API_TOKEN").value().equals("r8_changedElsewhere000000")).isTrue();
        assertThat(row(model, "REPLICATE_API_TOKEN").revealedProperty().get()).as("the new row starts masked").isFalse();
    }
}
