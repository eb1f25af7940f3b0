package io.secretdesk.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecret;
import io.secretdesk.core.store.AuditKey;
import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.SimpleTunerSchema;
import io.secretdesk.core.store.Database;
import io.secretdesk.core.store.ProviderConfigStore;
import io.secretdesk.core.store.StoreException;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.ManualScheduler;
import io.secretdesk.testing.FakeTicker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareInfoTest {

    @TempDir
    Path dir;

    private final FakeTicker ticker = new FakeTicker();
    private final TtlCache<Map<String, Object>> cache = TtlCache.<Map<String, Object>>builder()
            .defaultTtl(Duration.ofSeconds(300)).maxSize(100).ticker(ticker).scheduler(new ManualScheduler(ticker::read)).build();
    private Database database;
    private Database auditDb;
    private AuditLog audit;
    private ProviderConfigStore configs;
    private HardwareInfo hardware;

    @BeforeEach
    void open() {
        database = Database.openSimpleTuner(dir.resolve("cloud").resolve("jobs.db"), SimpleTunerSchema.JOBS, Duration.ofSeconds(5));
        auditDb = Database.openSimpleTuner(dir.resolve("audit.db"), SimpleTunerSchema.AUDIT, Duration.ofSeconds(5));
        audit = new AuditLog(() -> auditDb, new AuditKey(Map.of(AuditKey.VARIABLE, "audit"), dir.resolve("audit.key")), null,
                Clock.systemUTC(), "tester");
        configs = new ProviderConfigStore(() -> database, audit, cache, Clock.systemUTC());
        hardware = new HardwareInfo(configs);
    }

    @AfterEach
    void close() {
        cache.close();
        database.close();
        auditDb.close();
    }

    @Test
    void withoutAConfiguredTableSimpleTunersDefaultsApply() {
        Map<String, HardwareInfo.Hardware> table = hardware.get();
        assertThat(table.keySet()).containsExactly("gpu-l40s", "gpu-h100");
        assertThat(table.get("gpu-l40s")).isEqualTo(new HardwareInfo.Hardware("gpu-l40s", "L40S (48GB)", 0.000972222));
        assertThat(table.get("gpu-h100")).isEqualTo(new HardwareInfo.Hardware("gpu-h100", "H100 (80GB)", 0.001525));
        assertThat(table.get("gpu-l40s").costPerHour()).isEqualTo(3.4999992);
        assertThat(table.get("gpu-h100").costPerHour()).isEqualTo(5.49);
        assertThat(hardware.configured()).isFalse();
        assertThat(HardwareInfo.toSeedMap(table)).isEqualTo(Map.of(
                "gpu-l40s", Map.of("name", "L40S (48GB)", "cost_per_second", 0.000972222),
                "gpu-h100", Map.of("name", "H100 (80GB)", "cost_per_second", 0.001525)));
    }

    @Test
    void anInvalidStoredTableIsInvalidDataThatNamesTheFixNotAnInputError() throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + database.file());
                Statement statement = raw.createStatement()) {
            statement.executeUpdate("INSERT INTO provider_config (provider, config, updated_at) VALUES ('replicate', "
                    + "'{\"hardware_info\": {\"gpu-x\": {\"name\": \"X\", \"cost_per_second\": \"cheap\"}}}', "
                    + "'2026-01-01T00:00:00+00:00')");
        }
        assertThatThrownBy(hardware::get).isInstanceOf(StoreException.class)
                .hasMessageContaining("The stored hardware_info of provider replicate is invalid: hardware gpu-x: cost_per_second must be a number")
                .hasMessageContaining("'secretdesk hardware set'")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.INVALID_DATA);
        hardware.set(Map.of("gpu-x", Map.of("name", "X", "cost_per_second", 1)));
        assertThat(hardware.get().get("gpu-x").name()).as("hardware set is the way out").isEqualTo("X");
    }

    @Test
    void aSetTableIsSavedInReplicatesConfigAndAudited() {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("gpu-h100", Map.of("name", "H100 (80GB)", "cost_per_second", 0.001525));
        table.put("cpu", Map.of("name", "CPU", "cost_per_second", 0));
        hardware.set(table);
        assertThat(hardware.configured()).isTrue();
        assertThat(hardware.get().keySet()).containsExactly("gpu-h100", "cpu");
        assertThat(hardware.get().get("gpu-h100").costPerSecond()).isEqualTo(0.001525);
        assertThat(configs.getProviderConfig("replicate")).containsKey("hardware_info");
        assertThat(audit.recent(1).get(0).details()).contains("hardware_info");
        cache.clear();
        assertThat(new HardwareInfo(configs).get().keySet()).containsExactly("gpu-h100", "cpu");
    }

    @Test
    void invalidPricesAreRefusedAndChangeNothing() {
        assertRefused(Map.of("gpu-x", Map.of("name", "X", "cost_per_second", -0.001)), "hardware gpu-x: cost_per_second must be zero or more");
        assertRefused(Map.of("gpu-x", Map.of("name", "X", "cost_per_second", "0.1")), "cost_per_second must be a number");
        assertRefused(Map.of("gpu-x", Map.of("name", "X")), "cost_per_second must be a number of dollars per second (it is missing)");
        assertRefused(Map.of("gpu-x", Map.of("name", 5, "cost_per_second", 1)), "hardware gpu-x: name must be text");
        assertRefused(Map.of("gpu-x", Map.of("name", "X", "cost_per_second", Double.NaN)), "must be zero or more");
        assertRefused(Map.of("gpu-x", "cheap"), "must be an object");
        assertRefused(Map.of(), "has no hardware types");
        assertThat(hardware.configured()).isFalse();
        assertThat(audit.recent(10)).isEmpty();
    }

    @Test
    void theSameRulesGuardAnyWriteOfReplicatesConfig() {
        assertThatThrownBy(() -> configs.saveProviderConfig("replicate", Map.of("hardware_info",
                Map.of("gpu-x", Map.of("name", "X", "cost_per_second", -1))))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> configs.updateProviderConfig("replicate", Map.of("hardware_info", "none")))
                .hasMessageContaining("hardware_info must be an object");
        configs.saveProviderConfig("runpod", Map.of("hardware_info", "anything: not Replicate's"));
        assertThat(configs.getProviderConfig("replicate")).isEmpty();
    }

    @Test
    void theTableIsCachedWithReplicatesConfigAndRefreshedWhenThatConfigChanges() {
        hardware.get();
        hardware.get();
        assertThat(cache.get(HardwareInfo.CACHE_KEY)).isNotNull();
        long loads = cache.stats().loadCount();
        hardware.get();
        assertThat(cache.stats().loadCount()).as("a warm get loads nothing").isEqualTo(loads);

        // Another writer of Replicate's config (the console's Provider Config view) refreshes pricing too.
        configs.updateProviderConfig("replicate", Map.of("hardware_info",
                Map.of("gpu-t4", Map.of("name", "T4", "cost_per_second", 0.000225))));
        assertThat(cache.get(HardwareInfo.CACHE_KEY)).isNull();
        assertThat(hardware.get().keySet()).containsExactly("gpu-t4");
        assertThat(hardware.configured()).isTrue();

        hardware.clearCache();
        assertThat(cache.get(HardwareInfo.CACHE_KEY)).isNull();
        configs.deleteProviderConfig("replicate");
        assertThat(hardware.get().keySet()).containsExactly("gpu-l40s", "gpu-h100");
    }

    private void assertRefused(Map<String, ?> table, String message) {
        assertThatThrownBy(() -> hardware.set(table)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
