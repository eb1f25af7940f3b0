package io.secretdesk.testing;

import io.secretdesk.core.services.Services;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.Caches;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.UiExecutor;
import io.secretdesk.ui.pricing.PricingViewModel;
import io.secretdesk.ui.providers.ProvidersViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * A real console core over a temp folder: the SQLite database at {@code SECRETDESK_DB}, the credential and audit
 * keys from explicit environment variables, the secrets file under the folder's {@code .simpletuner}. The global
 * provider-config cache is cleared on both ends, since its keys name providers, not databases.
 */
public final class ConsoleFixture implements AutoCloseable {

    public final Path dir;
    public final Path database;
    public final Map<String, String> env;
    public final SimpleTunerHome home;
    public final Services services;
    private final boolean ownsDir;

    public ConsoleFixture(Path dir) {
        this(dir, Map.of());
    }

    public ConsoleFixture(Path dir, Map<String, String> moreEnv) {
        this(dir, moreEnv, false);
    }

    /** A console over a new temp folder that {@link #close()} deletes (for TestFX classes, which have no @TempDir per test). */
    public static ConsoleFixture inNewTempDir(String prefix, Map<String, String> moreEnv) throws IOException {
        return new ConsoleFixture(Files.createTempDirectory(prefix), moreEnv, true);
    }

    private ConsoleFixture(Path dir, Map<String, String> moreEnv, boolean ownsDir) {
        this.ownsDir = ownsDir;
        this.dir = dir;
        this.database = dir.resolve("console.db");
        Map<String, String> all = new HashMap<>();
        all.put("SECRETDESK_DB", database.toString());
        all.put("SIMPLETUNER_CREDENTIAL_KEY", "ui-test-credential-key");
        all.put("SIMPLETUNER_AUDIT_KEY", "ui-test-audit-key");
        all.putAll(moreEnv);
        this.env = Map.copyOf(all);
        this.home = SimpleTunerHome.underUserHome(dir);
        Caches.providerConfig().clear();
        this.services = new Services(env, home);
    }

    /** The Provider Config view model over these services, wired as App wires it. */
    public ProvidersViewModel providersModel(UiExecutor executor, Runnable afterSecretWritten) {
        return new ProvidersViewModel(services::providerConfigs, services::credentials, services::audit, services::secrets,
                services.secretWrites("provider-config-view"), executor, afterSecretWritten);
    }

    /** The same, with the page's notice (e.g. {@code reveals.newNotice()} on a test clock, so it times out when told). */
    public ProvidersViewModel providersModel(UiExecutor executor, Runnable afterSecretWritten, Notice notice) {
        return new ProvidersViewModel(services::providerConfigs, services::credentials, services::audit, services::secrets,
                services.secretWrites("provider-config-view"), executor, afterSecretWritten, notice);
    }

    /** The Hardware Pricing view model over these services, wired as App wires it. */
    public PricingViewModel pricingModel(UiExecutor executor) {
        return new PricingViewModel(services::hardware, services::providerConfigs, services::audit, executor);
    }

    /**
     * The same files through services of their own (their own SQLite connections and config cache), as another process
     * holds them: SimpleTuner's server, or {@code secretdesk config set} in a terminal. Close it after use.
     */
    public Services anotherProcess() {
        return new Services(env, home, io.secretdesk.core.cache.TtlCache.<Map<String, Object>>builder()
                .defaultTtl(io.secretdesk.core.store.ProviderConfigStore.CONFIG_TTL).maxSize(100)
                .scheduler(new io.secretdesk.core.schedule.ManualScheduler(System::nanoTime)).build());
    }

    /**
     * A watch of this console's jobs.db and audit.db, as the console polls them (SQLite's data_version), delivering on
     * the FX thread; poll it from the test thread. Close it after use.
     */
    public io.secretdesk.ui.common.StoreWatch storeWatch() {
        var files = services.files();
        return new io.secretdesk.ui.common.StoreWatch(() -> new io.secretdesk.core.store.DatabaseVersions(
                java.util.List.of(files.jobsDb(), files.auditDb())), javafx.application.Platform::runLater);
    }

    /** Background work and FX callbacks both on the calling thread: a view model under plain JUnit. */
    public static UiExecutor inline() {
        return new UiExecutor(Runnable::run, Runnable::run);
    }

    /** A second connection to the database, as another process (or an attacker with file access) would hold. */
    public Connection rawConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database);
    }

    /** A raw connection to SimpleTuner's jobs.db in this home (provider configs), as another process holds one. */
    public Connection rawJobs() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + home.dir().resolve("cloud").resolve("jobs.db"));
    }

    /** A raw connection to SimpleTuner's audit.db in this home. */
    public Connection rawAudit() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + home.dir().resolve("audit.db"));
    }

    @Override
    public void close() throws IOException {
        services.close();
        Caches.providerConfig().clear();
        if (ownsDir) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
