package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.cache.Caches;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.store.CostLimit;
import io.secretdesk.core.store.ProviderConfigStore;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.common.UiExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Provider Config view model over a real store, secrets file and audit log, without a toolkit. */
class ProvidersViewModelTest {

    @TempDir
    Path dir;

    private ConsoleFixture console;
    /** Token writes the view model reported as done (the console checks the status bar's sources on each). */
    private final AtomicInteger secretWrites = new AtomicInteger();

    private ProvidersViewModel open(Map<String, String> env) {
        console = new ConsoleFixture(dir, env);
        return console.providersModel(ConsoleFixture.inline(), secretWrites::incrementAndGet);
    }

    private ProvidersViewModel open() {
        return open(Map.of());
    }

    private ProviderConfigStore configs() {
        return console.services.providerConfigs();
    }

    @AfterEach
    void close() throws IOException {
        if (console != null) {
            console.close();
        }
    }

    private static Map<String, Object> replicateConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("webhook_url", "https://hooks.example.com/replicate");
        config.put("webhook_allowed_ips", List.of("203.0.113.7"));
        config.put("region", "us-east");
        config.put("max_concurrent_jobs", 4);
        return config;
    }

    @Test
    void opensTheFirstProviderWithItsTypedFieldsInTheFormAndTheRestAsJson() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("modal", Map.of("region", "eu"));
        configs().saveProviderConfig("replicate", replicateConfig());

        model.refresh();

        assertThat(model.providers()).containsExactly("modal", "replicate");
        assertThat(model.selectedProperty().get()).as("replicate is preferred").isEqualTo("replicate");
        assertThat(model.form().webhookUrlProperty().get()).isEqualTo("https://hooks.example.com/replicate");
        assertThat(model.form().requireSignatureProperty().get()).as("the seed's default").isTrue();
        assertThat(model.form().allowedIps()).containsExactly("203.0.113.7");
        assertThat(model.form().costLimitAmountProperty().get()).isEqualTo("0");
        assertThat(model.form().costLimitPeriodProperty().get()).isEqualTo("daily");
        assertThat(ConfigJson.parse(model.form().extraJsonProperty().get()).value())
                .containsOnlyKeys("region", "max_concurrent_jobs");
        assertThat(model.form().dirtyProperty().get()).isFalse();
        assertThat(model.canSave().get()).as("nothing to save").isFalse();
    }

    @Test
    void saveWritesThroughTheStoreInvalidatesTheCacheAndAppendsAnAuditEntry() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();
        assertThat(Caches.providerConfig().get(ProviderConfigStore.cacheKey("replicate"))).as("the read was cached").isNotNull();

        model.form().webhookUrlProperty().set("https://hooks.example.com/v2");
        assertThat(model.form().dirtyProperty().get()).isTrue();
        assertThat(model.canSave().get()).isTrue();
        model.save();

        assertThat(configs().getProviderConfig("replicate"))
                .containsEntry("webhook_url", "https://hooks.example.com/v2")
                .containsEntry("region", "us-east")
                .containsEntry("max_concurrent_jobs", 4)
                .doesNotContainKeys("webhook_require_signature", "cost_limit_enabled");
        assertThat(model.form().dirtyProperty().get()).isFalse();
        AuditRow newest = model.audit().shown().get(0);
        assertThat(newest.action()).as("only what the form changed is written").isEqualTo("provider_config.update");
        assertThat(newest.target()).isEqualTo("provider:replicate");
        assertThat(newest.details()).contains("webhook_url").doesNotContain("hooks.example.com");
        assertThat(model.status().messageProperty().get()).isEqualTo("Saved replicate (audit entry #" + newest.seq() + "). SimpleTuner uses it from its next request.");
        assertThat(model.status().messageIsErrorProperty().get()).isFalse();
    }

    @Test
    void theWebhookSecretIsSavedButNeverPutInAMessage() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();
        String secret = "whsec_do-not-show-42";

        model.form().webhookSecretProperty().set(secret);
        model.save();

        assertThat(configs().webhookConfig("replicate").secret().map(secret::equals)).as("the stored secret matches").contains(true);
        assertThat(model.status().messageProperty().get().contains(secret)).as("the message leaves the secret out").isFalse();
        assertThat(model.audit().shown().get(0).details().contains(secret)).as("the audit entry leaves it out").isFalse();
    }

    @Test
    void invalidJsonIsShownWithItsLineAndColumnAndBlocksSave() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();
        int entries = model.audit().shown().size();

        model.form().extraJsonProperty().set("{\n  \"region\": \"us-east\",\n  \"max_concurrent_jobs\": \n}");

        assertThat(model.form().jsonProblemProperty().get()).startsWith("Invalid JSON at line 4, column 1:");
        assertThat(model.form().problemProperty().get()).isEqualTo(model.form().jsonProblemProperty().get());
        assertThat(model.canSave().get()).isFalse();
        model.save();
        assertThat(model.status().messageProperty().get()).startsWith("Not saved: Invalid JSON at line 4");
        assertThat(model.status().messageIsErrorProperty().get()).isTrue();
        assertThat(configs().getProviderConfig("replicate")).isEqualTo(replicateConfig());
        model.audit().refresh();
        assertThat(model.audit().shown()).as("nothing was audited").hasSize(entries);
    }

    @Test
    void jsonThatIsNotAnObjectOrRepeatsAKeyOrHoldsAFormKeyIsRefused() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        model.form().extraJsonProperty().set("[1, 2]");
        assertThat(model.form().jsonProblemProperty().get()).isEqualTo("The JSON must be an object: start it with { and end it with }.");
        model.form().extraJsonProperty().set("{\"region\": \"a\", \"region\": \"b\"}");
        assertThat(model.form().jsonProblemProperty().get()).startsWith("Invalid JSON at line 1").contains("a key appears twice");
        model.form().extraJsonProperty().set("{\"webhook_url\": \"https://elsewhere.example.com\"}");
        assertThat(model.form().jsonProblemProperty().get()).isEqualTo("webhook_url is edited in the form above: remove it from the JSON.");
        assertThat(model.canSave().get()).isFalse();

        model.form().extraJsonProperty().set("");
        assertThat(model.form().jsonProblemProperty().get()).as("blank means no other keys").isEmpty();
        model.save();
        assertThat(configs().getProviderConfig("replicate")).doesNotContainKeys("region", "max_concurrent_jobs");
    }

    @Test
    void aQuotedTokenFromTheEditorIsLeftOutOfTheJsonError() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        model.form().extraJsonProperty().set("{\"api_key\": r8_unquotedSecretValue}");

        assertThat(model.form().jsonProblemProperty().get()).startsWith("Invalid JSON at line 1, column");
        assertThat(model.form().jsonProblemProperty().get().contains("r8_unquoted")).as("the token is not echoed").isFalse();
    }

    @Test
    void discardPutsTheStoredValuesBackAndWritesNothing() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        model.form().webhookUrlProperty().set("https://changed.example.com");
        model.form().newIpProperty().set("10.0.0.0/8");
        model.addAllowedIp();
        model.form().costLimitEnabledProperty().set(true);
        assertThat(model.form().dirtyProperty().get()).isTrue();

        model.discard();

        assertThat(model.form().dirtyProperty().get()).isFalse();
        assertThat(model.form().webhookUrlProperty().get()).isEqualTo("https://hooks.example.com/replicate");
        assertThat(model.form().allowedIps()).containsExactly("203.0.113.7");
        assertThat(model.form().costLimitEnabledProperty().get()).isFalse();
        assertThat(configs().getProviderConfig("replicate")).isEqualTo(replicateConfig());
    }

    @Test
    void editingBackToTheStoredValueIsNotAnUnsavedChange() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        model.form().costLimitAmountProperty().set("12.50");
        assertThat(model.form().dirtyProperty().get()).isTrue();
        model.form().costLimitAmountProperty().set("0.0");
        assertThat(model.form().dirtyProperty().get()).as("0.0 is the stored 0").isFalse();
        model.form().extraJsonProperty().set("{\"max_concurrent_jobs\": 4, \"region\": \"us-east\"}");
        assertThat(model.form().dirtyProperty().get()).as("the same keys and values, reformatted").isFalse();
    }

    @Test
    void switchingProvidersWithUnsavedChangesAsksFirst() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        configs().saveProviderConfig("modal", Map.of("webhook_url", "https://modal.example.com/hook"));
        model.refresh();
        model.form().webhookUrlProperty().set("https://unsaved.example.com");

        model.select("modal");
        assertThat(model.pendingSwitchProperty().get()).isEqualTo("modal");
        assertThat(model.selectedProperty().get()).isEqualTo("replicate");

        model.cancelSwitch();
        assertThat(model.pendingSwitchProperty().get()).isNull();
        assertThat(model.form().webhookUrlProperty().get()).as("the edit is kept").isEqualTo("https://unsaved.example.com");

        model.select("modal");
        model.confirmSwitch();
        assertThat(model.selectedProperty().get()).isEqualTo("modal");
        assertThat(model.form().webhookUrlProperty().get()).isEqualTo("https://modal.example.com/hook");
        assertThat(model.form().dirtyProperty().get()).isFalse();
        assertThat(configs().getProviderConfig("replicate")).as("the discarded edit was never written").isEqualTo(replicateConfig());
    }

    @Test
    void aNewProviderIsUnsavedUntilSavedAndDiscardingItRemovesIt() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        model.newProviderNameProperty().set("  lambda-labs ");
        model.addProvider();
        assertThat(model.providers()).containsExactly("lambda-labs", "replicate");
        assertThat(model.selectedProperty().get()).isEqualTo("lambda-labs");
        assertThat(model.form().dirtyProperty().get()).as("a new provider is unsaved").isTrue();
        assertThat(model.token().tokenKeyProperty().get()).isEqualTo("LAMBDA_LABS_API_TOKEN");

        model.discard();
        assertThat(model.providers()).containsExactly("replicate");
        assertThat(model.selectedProperty().get()).isEqualTo("replicate");
        assertThat(configs().listProviders()).containsExactly("replicate");

        model.newProviderNameProperty().set("lambda-labs");
        model.addProvider();
        model.form().costLimitEnabledProperty().set(true);
        model.form().costLimitAmountProperty().set("250");
        model.save();
        assertThat(configs().listProviders()).containsExactly("lambda-labs", "replicate");
        assertThat(configs().costLimit("lambda-labs")).isEqualTo(new CostLimit(true, 250.0, "daily", "warn"));
        assertThat(model.form().dirtyProperty().get()).isFalse();
    }

    @Test
    void aBadProviderNameIsRefusedWithWhatToDo() {
        ProvidersViewModel model = open();
        model.refresh();

        model.newProviderNameProperty().set("bad:name");
        model.addProvider();

        assertThat(model.status().messageProperty().get()).isEqualTo("A provider name is up to 128 characters, without ':' or control characters.");
        assertThat(model.providers()).isEmpty();
        assertThat(model.newProviderNameProperty().get()).as("what was typed is kept").isEqualTo("bad:name");
    }

    @Test
    void allowedIpsTakeAddressesAndCidrRangesOnly() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        for (String good : List.of("10.0.0.0/8", "2001:db8::/32", "::1", "192.168.1.1/32")) {
            model.form().newIpProperty().set(good);
            assertThat(model.addAllowedIp()).as(good).isTrue();
        }
        for (String bad : List.of("300.1.1.1", "10.0.0.0/33", "2001:db8::/129", "example.com", "10.0.0.0/", "1.2.3", "")) {
            model.form().newIpProperty().set(bad);
            assertThat(model.addAllowedIp()).as(bad).isFalse();
            assertThat(model.status().messageIsErrorProperty().get()).isTrue();
        }
        model.form().newIpProperty().set("10.0.0.0/8");
        assertThat(model.addAllowedIp()).as("a duplicate").isFalse();
        assertThat(model.status().messageProperty().get()).isEqualTo("10.0.0.0/8 is already in the list.");

        model.save();
        assertThat(configs().webhookConfig("replicate").allowedIps())
                .containsExactly("203.0.113.7", "10.0.0.0/8", "2001:db8::/32", "::1", "192.168.1.1/32");
    }

    @Test
    void aStoredIpThatIsNotAnAddressBlocksSaveUntilRemoved() throws Exception {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", Map.of("webhook_allowed_ips", List.of("10.0.0.1", "not-an-ip")));
        model.refresh();

        assertThat(model.form().ipsProblemProperty().get()).startsWith("Allowed IPs: 'not-an-ip' is not an IP address");
        model.form().costLimitEnabledProperty().set(true);
        assertThat(model.canSave().get()).isFalse();

        model.removeAllowedIp("not-an-ip");
        assertThat(model.canSave().get()).isTrue();
    }

    @Test
    void costLimitFieldsAreValidatedAndSavedAsTheStoreReadsThem() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        model.form().costLimitEnabledProperty().set(true);
        model.form().costLimitAmountProperty().set("-5");
        assertThat(model.form().costProblemProperty().get()).isEqualTo("The cost limit amount must be a number of dollars, 0 or more (e.g. 50 or 12.5).");
        assertThat(model.canSave().get()).isFalse();
        model.form().costLimitAmountProperty().set("fifty");
        assertThat(model.canSave().get()).isFalse();

        model.form().costLimitAmountProperty().set("$50");
        model.form().costLimitPeriodProperty().set("weekly");
        model.form().costLimitActionProperty().set("block");
        model.save();

        assertThat(configs().costLimit("replicate")).isEqualTo(new CostLimit(true, 50.0, "weekly", "block"));
    }

    @Test
    void everyPeriodAndActionTheFormOffersIsOneTheStoreAccepts() {
        // Regression: the form offered a "notify" action that core's validation (and SimpleTuner's route) refuses.
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();
        model.form().costLimitEnabledProperty().set(true);
        model.form().costLimitAmountProperty().set("5");
        for (String period : ProvidersViewModel.PERIODS) {
            for (String action : ProvidersViewModel.ACTIONS) {
                model.form().costLimitPeriodProperty().set(period);
                model.form().costLimitActionProperty().set(action);
                model.save();
                assertThat(model.status().messageIsErrorProperty().get()).as(period + "/" + action + ": " + model.status().messageProperty().get())
                        .isFalse();
                assertThat(configs().costLimit("replicate")).isEqualTo(new CostLimit(true, 5.0, period, action));
            }
        }
    }

    @Test
    void aWebhookUrlMustBeHttpWithAHost() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        model.form().webhookUrlProperty().set("ftp://files.example.com");
        assertThat(model.form().urlProblemProperty().get()).startsWith("The webhook URL must be an http:// or https:// address");
        model.form().webhookUrlProperty().set("https://");
        assertThat(model.canSave().get()).isFalse();
        model.form().webhookUrlProperty().set("");
        assertThat(model.form().urlProblemProperty().get()).as("no URL is allowed").isEmpty();
        model.save();
        assertThat(configs().getProviderConfig("replicate")).doesNotContainKey("webhook_url");
    }

    @Test
    void storedKeysOfTheWrongTypeStayInTheJsonUntilFixedThere() throws Exception {
        ProvidersViewModel model = open();
        java.nio.file.Files.createDirectories(console.home.dir().resolve("cloud"));
        try (Connection raw = console.rawJobs(); Statement create = raw.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS provider_config (provider TEXT PRIMARY KEY, config TEXT NOT NULL "
                    + "DEFAULT '{}', updated_at TEXT NOT NULL)"); // as SimpleTuner creates it
        }
        try (Connection raw = console.rawJobs();
                PreparedStatement insert = raw.prepareStatement("INSERT INTO provider_config (provider, config, updated_at) VALUES (?, ?, ?)")) {
            insert.setString(1, "legacy");
            insert.setString(2, "{\"webhook_url\": \"https://legacy.example.com\", \"webhook_allowed_ips\": \"10.0.0.1\", \"region\": \"x\"}");
            insert.setString(3, "2026-01-01T00:00:00Z");
            insert.executeUpdate();
        }
        model.refresh();

        assertThat(model.selectedProperty().get()).isEqualTo("legacy");
        assertThat(model.form().webhookInFormProperty().get()).isFalse();
        assertThat(model.form().costInFormProperty().get()).isTrue();
        assertThat(model.status().messageProperty().get()).contains("webhook_allowed_ips of legacy must be a list of strings")
                .contains("shown in the JSON below");
        assertThat(ConfigJson.parse(model.form().extraJsonProperty().get()).value())
                .containsEntry("webhook_allowed_ips", "10.0.0.1").containsEntry("webhook_url", "https://legacy.example.com");

        model.form().extraJsonProperty().set("{\"webhook_url\": \"https://legacy.example.com\", \"webhook_allowed_ips\": [\"10.0.0.1\"], \"region\": \"x\"}");
        model.save();

        assertThat(model.form().webhookInFormProperty().get()).as("read back as typed fields").isTrue();
        assertThat(model.form().allowedIps()).containsExactly("10.0.0.1");
        assertThat(configs().getProviderConfig("legacy")).containsEntry("region", "x");
    }

    @Test
    void theTokenIsSetThroughTheChainsWritePathAndAudited() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();
        assertThat(model.token().tokenKeyProperty().get()).isEqualTo(SecretsManager.REPLICATE_API_TOKEN);
        assertThat(model.token().tokenSourceProperty().get()).isEqualTo("REPLICATE_API_TOKEN is not set in any source yet.");
        String token = "r8_viewModelTestToken123";

        model.token().tokenInputProperty().set(token);
        assertThat(model.token().tokenHintProperty().get()).isEmpty();
        model.saveToken();

        assertThat(console.services.secrets().get(SecretsManager.REPLICATE_API_TOKEN).map(token::equals))
                .as("the chain returns the saved token").contains(true);
        assertThat(model.token().tokenInputProperty().get()).as("the field is cleared").isEmpty();
        assertThat(model.token().tokenSourceProperty().get()).startsWith("REPLICATE_API_TOKEN comes from the secrets file (");
        assertThat(model.status().messageProperty().get()).isEqualTo("Saved REPLICATE_API_TOKEN to the secrets file; the chain now returns it.");
        AuditRow newest = model.audit().shown().get(0);
        assertThat(newest.action()).isEqualTo("secret.set");
        assertThat(newest.target()).isEqualTo("secret:REPLICATE_API_TOKEN");
        assertThat(newest.details().contains(token)).as("the audit entry leaves the value out").isFalse();
        assertThat(secretWrites).as("the status bar is told the secrets file changed").hasValue(1);
    }

    @Test
    void aTokenSavedHereKeepsTheTokenItReplacesInTheSecretsFilesHistory() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();
        model.token().tokenInputProperty().set("r8_firstTokenOfTheTest1");
        model.saveToken();
        model.token().tokenInputProperty().set("r8_secondTokenOfTheTest2");
        model.saveToken();

        var versions = console.services.secretEdits().history(SecretsManager.REPLICATE_API_TOKEN, "file", 10);
        assertThat(versions).extracting(v -> v.value()).containsExactly("r8_secondTokenOfTheTest2", "r8_firstTokenOfTheTest1");
        assertThat(model.audit().shown()).filteredOn(e -> e.action().equals("secret.set")).hasSize(2)
                .allSatisfy(e -> assertThat(e.details()).contains("provider-config-view").doesNotContain("r8_"));
    }

    @Test
    void anEnvironmentVariableThatStillWinsIsSaidBeforeAndAfterSaving() {
        ProvidersViewModel model = open(Map.of("REPLICATE_API_TOKEN", "r8_fromTheEnvironment"));
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        assertThat(model.token().tokenOverriddenProperty().get()).isTrue();
        assertThat(model.token().tokenSourceProperty().get()).isEqualTo("REPLICATE_API_TOKEN comes from the environment variable "
                + "REPLICATE_API_TOKEN: it wins over the secrets file, so a token saved here is not used while it is set.");

        model.token().tokenInputProperty().set("r8_savedButShadowed");
        model.saveToken();

        assertThat(model.status().messageProperty().get()).isEqualTo("Saved REPLICATE_API_TOKEN to the secrets file, but the environment "
                + "variable REPLICATE_API_TOKEN still wins: unset it to use the saved token.");
        assertThat(model.token().tokenSourceProperty().get()).contains("Also held, unused, by: file.");
        assertThat(console.services.secrets().get(SecretsManager.REPLICATE_API_TOKEN).map("r8_fromTheEnvironment"::equals))
                .contains(true);
    }

    @Test
    void aTokenThatCouldNotBeAuditedIsNotWritten() throws Exception {
        // No audit key in the environment, and an audit.key that cannot be read: the write is refused before it is made.
        ProvidersViewModel model = open(Map.of("SIMPLETUNER_AUDIT_KEY", ""));
        Files.createDirectories(console.home.auditKeyFile());
        model.newProviderNameProperty().set("replicate");
        model.addProvider();

        model.token().tokenInputProperty().set("r8_neverWrittenWithoutAudit");
        model.saveToken();

        assertThat(console.services.secrets().get(SecretsManager.REPLICATE_API_TOKEN)).isEmpty();
        assertThat(model.status().messageIsErrorProperty().get()).isTrue();
        assertThat(model.status().messageProperty().get()).contains("audit key").doesNotContain("r8_neverWrittenWithoutAudit");
    }

    @Test
    void unsavedFormChangesOrATypedTokenAreWhatQuittingWouldLose() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();
        assertThat(model.hasUnsavedChanges()).isFalse();

        model.form().webhookUrlProperty().set("https://hooks.example.com/changed");
        assertThat(model.hasUnsavedChanges()).isTrue();
        model.save();
        assertThat(model.hasUnsavedChanges()).as("saved").isFalse();

        model.token().tokenInputProperty().set("r8_typedNotSaved");
        assertThat(model.hasUnsavedChanges()).as("a token typed and not saved").isTrue();
        model.saveToken();
        assertThat(model.hasUnsavedChanges()).isFalse();
    }

    @Test
    void aTokenThatCannotBeWrittenSaysWhyAndLeavesTheStatusBarAlone() throws Exception {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();
        Path secretsFile = console.home.dir().resolve("secrets.json");
        Files.createDirectories(secretsFile.getParent());
        Files.writeString(secretsFile, "{ broken");

        model.token().tokenInputProperty().set("r8_notWritten");
        model.saveToken();

        assertThat(model.status().messageIsErrorProperty().get()).isTrue();
        assertThat(model.status().messageProperty().get()).startsWith("REPLICATE_API_TOKEN was not saved: ").doesNotContain("r8_notWritten");
        assertThat(Files.readString(secretsFile)).isEqualTo("{ broken");
        assertThat(secretWrites).hasValue(0);
    }

    @Test
    void aTokenThatDoesNotLookLikeTheProvidersGetsAHintButCanBeSaved() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        model.refresh();

        model.token().tokenInputProperty().set("hf_wrongProvider");
        assertThat(model.token().tokenHintProperty().get()).isEqualTo("Replicate tokens start with r8_: check that you pasted the right value.");
        model.token().tokenInputProperty().set("   ");
        model.saveToken();
        assertThat(model.status().messageProperty().get()).isEqualTo("Enter the token first; nothing was saved.");
        assertThat(console.services.secrets().get(SecretsManager.REPLICATE_API_TOKEN)).isEmpty();
    }

    @Test
    void theTokenSectionNamesTheProvidersEncryptedCredentialsWithoutValues() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        console.services.credentials().set("replicate", "api_token", "r8_encryptedValue");
        model.refresh();

        assertThat(model.token().credentialsSummaryProperty().get())
                .isEqualTo("The encrypted credential store also holds for replicate: api_token (secretdesk credentials).");
    }

    @Test
    void theAuditLogIsNewestFirstFilterableAndItsChainVerifies() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        configs().saveProviderConfig("modal", Map.of("region", "eu"));
        configs().updateProviderConfig("replicate", Map.of("region", "eu-west"));
        model.refresh();

        assertThat(model.audit().shown()).extracting(AuditRow::seq).containsExactly(3L, 2L, 1L);
        model.audit().filterProperty().set("MODAL");
        assertThat(model.audit().shown()).extracting(AuditRow::target).containsExactly("provider:modal");
        assertThat(model.audit().summaryProperty().get()).isEqualTo("Showing 1 of 3 entries.");
        model.audit().filterProperty().set("provider_config.update");
        assertThat(model.audit().shown()).extracting(AuditRow::seq).containsExactly(3L);
        model.audit().filterProperty().set("");

        model.audit().verify();
        assertThat(model.audit().verdictProperty().get()).isEqualTo(AuditTrail.Verdict.INTACT);
        assertThat(model.audit().verdictTextProperty().get()).isEqualTo("Chain intact: 3 entries verified.");
        assertThat(model.audit().brokenSeqProperty().get()).isEqualTo(-1);
    }

    @Test
    void thisMachinesAuditLogHasItsFiguresAndReadsOneEventTypeWhenChosen() {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        configs().saveProviderConfig("modal", Map.of("region", "eu"));
        console.services.audit().append("secret.set", "secret:HF_TOKEN", Map.of("via", "test"));
        model.refresh();

        AuditFigures figures = model.audit().figures();
        assertThat(figures.textProperty().get()).matches("3 entries, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d to .*, \\d event types?\\.");
        assertThat(figures.eventTypes().get(0)).isEqualTo(AuditFigures.ALL);
        assertThat(figures.label(AuditFigures.ALL)).isEqualTo(AuditFigures.ALL + " (3)");
        String rarest = figures.eventTypes().get(figures.eventTypes().size() - 1);
        assertThat(figures.label(rarest)).matches(java.util.regex.Pattern.quote(rarest) + " \\([12]\\)");

        figures.chosenProperty().set(rarest);
        assertThat(model.audit().shown()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        assertThat(model.audit().summaryProperty().get()).endsWith(" of type " + rarest + ".");
        figures.chosenProperty().set(AuditFigures.ALL);
        assertThat(model.audit().shown()).hasSize(3);
        assertThat(model.audit().problemProperty().get()).isEmpty();
    }

    @Test
    void verifyingATamperedLogNamesTheFirstBrokenEntry() throws Exception {
        ProvidersViewModel model = open();
        configs().saveProviderConfig("replicate", replicateConfig());
        configs().saveProviderConfig("modal", Map.of("region", "eu"));
        configs().saveProviderConfig("lambda", Map.of("region", "us"));
        try (Connection raw = console.rawAudit(); Statement edit = raw.createStatement()) {
            edit.executeUpdate("UPDATE audit_log SET target_id = 'someone-else', action = 'provider_config.delete' WHERE id = 2");
        }
        model.refresh();

        model.audit().verify();

        assertThat(model.audit().verdictProperty().get()).isEqualTo(AuditTrail.Verdict.BROKEN);
        assertThat(model.audit().brokenSeqProperty().get()).isEqualTo(2);
        assertThat(model.audit().verdictTextProperty().get())
                .isEqualTo("Chain broken at entry 2: entry 2 does not match its hash: it was edited, or written with another "
                        + "audit key (1 broken link in all; the log was left as it is).");
    }

    @Test
    void theServicesAreAskedForOnlyInBackgroundWork() {
        console = new ConsoleFixture(dir);
        configs().saveProviderConfig("replicate", replicateConfig());
        AtomicInteger asked = new AtomicInteger();
        QueuedExecutor background = new QueuedExecutor();
        ProvidersViewModel model = new ProvidersViewModel(
                () -> { asked.incrementAndGet(); return console.services.providerConfigs(); },
                () -> { asked.incrementAndGet(); return console.services.credentials(); },
                () -> { asked.incrementAndGet(); return console.services.audit(); },
                () -> { asked.incrementAndGet(); return console.services.secrets(); },
                new io.secretdesk.core.services.SecretWrites(() -> { asked.incrementAndGet(); return console.services.secretEdits(); },
                        "provider-config-view"),
                new UiExecutor(background, Runnable::run), () -> { });

        model.refresh();
        assertThat(asked).as("nothing on the calling (FX) thread").hasValue(0);
        background.drain();
        assertThat(asked.get()).isPositive();
        assertThat(model.selectedProperty().get()).isEqualTo("replicate");

        int before = asked.get();
        model.form().webhookUrlProperty().set("https://hooks.example.com/changed");
        model.save();
        assertThat(asked).as("a save too").hasValue(before);
        background.drain();
        assertThat(configs().getProviderConfig("replicate")).containsEntry("webhook_url", "https://hooks.example.com/changed");

        before = asked.get();
        model.token().tokenInputProperty().set("r8_backgroundOnly");
        model.saveToken();
        assertThat(asked).as("a token save too").hasValue(before);
        background.drain();
        assertThat(console.services.secrets().get(SecretsManager.REPLICATE_API_TOKEN).map("r8_backgroundOnly"::equals))
                .contains(true);
    }

    @Test
    void aLateAnswerAboutAProviderNoLongerSelectedIsDropped() {
        console = new ConsoleFixture(dir);
        QueuedExecutor background = new QueuedExecutor();
        ProvidersViewModel model = console.providersModel(new UiExecutor(background, Runnable::run), secretWrites::incrementAndGet);
        configs().saveProviderConfig("replicate", replicateConfig());
        configs().saveProviderConfig("modal", Map.of("webhook_url", "https://modal.example.com/hook"));
        model.refresh();
        background.drain();
        assertThat(model.selectedProperty().get()).isEqualTo("replicate");

        model.select("modal"); // its read is queued, not run
        model.select("replicate"); // nothing unsaved: opens replicate again before modal's answer arrives
        background.drain();

        assertThat(model.selectedProperty().get()).isEqualTo("replicate");
        assertThat(model.form().webhookUrlProperty().get()).as("modal's late answer was dropped").isEqualTo("https://hooks.example.com/replicate");
        assertThat(model.token().tokenKeyProperty().get()).isEqualTo("REPLICATE_API_TOKEN");
        assertThat(model.form().dirtyProperty().get()).isFalse();
    }

    @Test
    void anEmptyStoreListsNothingAndLeavesTheFormClosed() {
        ProvidersViewModel model = open();
        model.refresh();

        assertThat(model.providers()).isEmpty();
        assertThat(model.selectedProperty().get()).isNull();
        assertThat(model.loadedProperty().get()).isFalse();
        assertThat(model.canSave().get()).isFalse();
        model.save();
        assertThat(configs().listProviders()).isEmpty();
    }

    @Test
    void auditDetailsReadAsNamesWithoutEmptyLists() {
        assertThat(AuditTrail.readable("{\"added\":[\"region\"],\"changed\":[],\"removed\":[\"a\",\"b\"]}"))
                .isEqualTo("added: region; removed: a, b");
        assertThat(AuditTrail.readable("{\"created\":true,\"key_id\":\"k1\"}")).isEqualTo("created: true; key_id: k1");
        assertThat(AuditTrail.readable("{}")).isEmpty();
    }

    @Test
    void tokenKeysFollowTheProviderName() {
        assertThat(ProviderToken.tokenKey("replicate")).isEqualTo("REPLICATE_API_TOKEN");
        assertThat(ProviderToken.tokenKey("huggingface")).isEqualTo("HF_TOKEN");
        assertThat(ProviderToken.tokenKey("lambda.labs")).isEqualTo("LAMBDA_LABS_API_TOKEN");
    }
}
