package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.store.AuditKey;
import io.secretdesk.core.store.ConsoleDbImport;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.ui.common.UiExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Provider Config page's banner for configs an earlier SecretDesk kept in console.db. */
class LegacyImportTest {

    @TempDir
    Path userHome;

    @Test
    void saysWhatIsThereImportsOnlyWhatSimpleTunerLacksAndThenGoesAway() throws Exception {
        try (ConsoleStore store = ConsoleStore.open(Map.of(AuditKey.VARIABLE, "k"), SimpleTunerHome.underUserHome(userHome))) {
            store.database().schemaVersion();
            legacy(store, "replicate", "{\"cost_limit_amount\": 3}");
            legacy(store, "runpod", "{\"region\": \"old\"}");
            store.configs().saveProviderConfig("runpod", Map.of("region", "new"));
            AtomicInteger refreshed = new AtomicInteger();
            UiExecutor now = new UiExecutor(Runnable::run, Runnable::run);
            LegacyImport banner = new LegacyImport(() -> new ConsoleDbImport(store), now, refreshed::incrementAndGet);

            banner.check();
            assertThat(banner.shownProperty().get()).isTrue();
            assertThat(banner.canImportProperty().get()).isTrue();
            assertThat(banner.textProperty().get()).contains("replicate", "Import moves them", "runpod: kept",
                    "secretdesk import-console-db");

            banner.importNew();
            assertThat(store.configs().getProviderConfig("replicate")).containsEntry("cost_limit_amount", 3);
            assertThat(store.configs().getProviderConfig("runpod")).as("never replaced from the banner")
                    .containsEntry("region", "new");
            assertThat(refreshed.get()).isEqualTo(1);
            assertThat(banner.canImportProperty().get()).isFalse();
            assertThat(banner.textProperty().get()).startsWith("Imported replicate into SimpleTuner's jobs.db (audited).");
        }
    }

    @Test
    void anEmptyConsoleDbShowsNoBanner() {
        try (ConsoleStore store = ConsoleStore.open(Map.of(AuditKey.VARIABLE, "k"), SimpleTunerHome.underUserHome(userHome))) {
            LegacyImport banner = new LegacyImport(() -> new ConsoleDbImport(store), new UiExecutor(Runnable::run, Runnable::run),
                    () -> { });
            banner.check();
            assertThat(banner.shownProperty().get()).isFalse();
        }
    }

    private static void legacy(ConsoleStore store, String provider, String config) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + store.database().file());
                PreparedStatement insert = raw.prepareStatement("INSERT INTO provider_config VALUES (?, ?, ?)")) {
            insert.setString(1, provider);
            insert.setString(2, config);
            insert.setString(3, "2026-01-01T00:00:00+00:00");
            insert.executeUpdate();
        }
    }
}
