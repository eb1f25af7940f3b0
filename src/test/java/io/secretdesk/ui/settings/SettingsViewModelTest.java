package io.secretdesk.ui.settings;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Duration;
import io.secretdesk.ui.common.Notice;
import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.services.Services;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.secrets.chain.ChainSettings;
import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.shell.IdleLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Settings page's model over a real console database and credential store in a temp home. */
class SettingsViewModelTest {

    private static final String TOKEN = "hvs.CANARYsettingsToken0123456789";

    @TempDir
    Path userHome;

    private final Preferences prefs = Preferences.userRoot().node("io/secretdesk/test/" + UUID.randomUUID());
    private final Map<String, String> env = new HashMap<>();
    private final AtomicInteger saves = new AtomicInteger();
    private Services services;
    private IdleLock lock;

    @BeforeEach
    void setUp() {
        env.put("SIMPLETUNER_AUDIT_KEY", "audit-key-for-settings-tests");
        TickingClock time = new TickingClock();
        lock = new IdleLock(prefs, time::nanoTime, time, () -> { });
    }

    @AfterEach
    void tearDown() throws BackingStoreException {
        if (services != null) {
            services.close();
        }
        prefs.removeNode();
    }

    private SettingsViewModel model() {
        services = new Services(env, SimpleTunerHome.underUserHome(userHome));
        services.useChainSettings(() -> {
            Map<String, String> stored = new HashMap<>(SettingsViewModel.storedPlain(prefs));
            stored.putAll(services.storedChainSecrets());
            return stored;
        });
        return new SettingsViewModel(prefs, env, lock, new UiExecutor(Runnable::run, Runnable::run), services::credentials,
                saves::incrementAndGet);
    }

    private SettingsViewModel.Field field(SettingsViewModel model, String variable) {
        return model.fields().stream().filter(f -> f.variable().equals(variable)).findFirst().orElseThrow();
    }

    @Test
    void savedSettingsBuildTheChainAndTheTokenIsKeptEncryptedNeverInTheSettings() throws Exception {
        SettingsViewModel model = model();
        model.load();
        assertThat(field(model, "VAULT_TOKEN").noteProperty().get()).startsWith("Not stored.");
        field(model, "VAULT_ADDR").valueProperty().set("http://127.0.0.1:1");
        field(model, "SIMPLETUNER_VAULT_PATH").valueProperty().set("simpletuner");
        field(model, "VAULT_TOKEN").valueProperty().set(TOKEN);

        model.save();

        assertThat(saves.get()).isEqualTo(1);
        assertThat(model.messageProperty().get()).startsWith("Saved.");
        assertThat(field(model, "VAULT_TOKEN").valueProperty().get()).as("the typed token leaves the form").isEmpty();
        assertThat(field(model, "VAULT_TOKEN").noteProperty().get()).startsWith("Stored, encrypted.");
        assertThat(SettingsViewModel.storedPlain(prefs)).containsEntry("VAULT_ADDR", "http://127.0.0.1:1")
                .doesNotContainKey("VAULT_TOKEN");
        for (String key : prefs.keys()) {
            assertThat(prefs.get(key, "").contains("CANARY")).as("no secret in the settings node").isFalse();
        }
        assertThat(Files.readAllBytes(services.home().database(env)).length).isPositive();
        assertThat(new String(Files.readAllBytes(services.home().database(env)), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("CANARY")).as("encrypted in the store").isFalse();
        assertThat(services.storedChainSecrets().get("VAULT_TOKEN").equals(TOKEN)).isTrue();

        services.reloadChain();
        SecretsManager chain = services.secrets();
        assertThat(chain.providers()).filteredOn(p -> p.name().equals("vault")).singleElement()
                .satisfies(vault -> assertThat(vault.configured()).as("Vault set up from the stored settings").isTrue());

        model.forget("VAULT_TOKEN");
        assertThat(services.storedChainSecrets()).doesNotContainKey("VAULT_TOKEN");
        assertThat(field(model, "VAULT_TOKEN").noteProperty().get()).startsWith("Not stored.");
    }

    @Test
    void theEnvironmentWinsAndEachFieldSaysSo() {
        env.put("VAULT_ADDR", "https://vault.from-the-environment:8200");
        env.put("VAULT_TOKEN", "hvs.fromTheEnvironment");
        SettingsViewModel model = model();
        field(model, "VAULT_ADDR").valueProperty().set("http://stored:8200");
        model.save();

        assertThat(field(model, "VAULT_ADDR").noteProperty().get())
                .isEqualTo("VAULT_ADDR is set in the environment (https://vault.from-the-environment:8200) and wins over this setting.");
        assertThat(field(model, "VAULT_TOKEN").noteProperty().get())
                .as("a secret's value is never repeated").isEqualTo("VAULT_TOKEN is set in the environment and wins over this setting.");
        assertThat(model.messageProperty().get()).contains("the environment still wins for VAULT_ADDR, VAULT_TOKEN");
        assertThat(ChainSettings.effective(SettingsViewModel.storedPlain(prefs), env))
                .containsEntry("VAULT_ADDR", "https://vault.from-the-environment:8200");
        assertThat(ChainSettings.effective(Map.of("VAULT_NAMESPACE", "team", "NOT_A_SETTING", "x"), Map.of()))
                .containsEntry("VAULT_NAMESPACE", "team").doesNotContainKey("NOT_A_SETTING");
    }

    @Test
    void theIdleLockSettingsAreThePagesToo() {
        SettingsViewModel model = model();
        model.lock().idleMinutesProperty().set(3);
        assertThat(lock.idleMinutesProperty().get()).isEqualTo(3);
        assertThat(prefs.getInt("lock.idleMinutes", -1)).isEqualTo(3);
    }

    @Test
    void savedGoesByItselfLikeTheOtherPagesToastsAndARefusalStays() throws Exception {
        AtomicLong now = new AtomicLong();
        AtomicReference<Runnable> ticking = new AtomicReference<>();
        Notice notice = new Notice(now::get, (period, tick) -> {
            ticking.set(tick);
            return () -> ticking.set(null);
        });
        services = new Services(env, SimpleTunerHome.underUserHome(userHome));
        SettingsViewModel model = new SettingsViewModel(prefs, env, lock, new UiExecutor(Runnable::run, Runnable::run),
                services::credentials, saves::incrementAndGet, notice);
        model.load();
        field(model, "VAULT_ADDR").valueProperty().set("http://127.0.0.1:1");
        model.save();
        assertThat(model.messageProperty().get()).startsWith("Saved.");

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        ticking.get().run();
        assertThat(model.messageProperty().get()).as("still there after 5 s").startsWith("Saved.");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        ticking.get().run();
        assertThat(model.messageProperty().get()).as("gone after 7 s").isEmpty();
        assertThat(ticking.get()).as("its timer stopped").isNull();

        field(model, "VAULT_ADDR").valueProperty().set("vault.example.com");
        model.save();
        assertThat(model.messageProperty().get()).startsWith("Nothing was saved: VAULT_ADDR");
        assertThat(ticking.get()).as("a refusal has no timer: it stays until the next action").isNull();
        field(model, "VAULT_ADDR").valueProperty().set("http://127.0.0.1:2");
        model.save();
        assertThat(model.messageProperty().get()).as("the next save replaces it").startsWith("Saved.");
    }
}
