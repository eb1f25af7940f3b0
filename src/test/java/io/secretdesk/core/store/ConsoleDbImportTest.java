package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.cache.TtlCache;
import io.secretdesk.core.schedule.ManualScheduler;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-time move of provider configs from an earlier SecretDesk's console.db into SimpleTuner's jobs.db. */
class ConsoleDbImportTest {

    @TempDir
    Path userHome;

    private ConsoleStore open() {
        TtlCache<Map<String, Object>> cache = TtlCache.<Map<String, Object>>builder().defaultTtl(Duration.ofSeconds(300))
                .maxSize(100).scheduler(new ManualScheduler(System::nanoTime)).build();
        return ConsoleStore.open(Map.of(AuditKey.VARIABLE, "k"), SimpleTunerHome.underUserHome(userHome), cache);
    }

    private void legacy(ConsoleStore store, String provider, String config) throws Exception {
        store.database().schemaVersion(); // opened and migrated: console.db has its old provider_config table
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + store.database().file());
                PreparedStatement insert = raw.prepareStatement("INSERT INTO provider_config VALUES (?, ?, ?)")) {
            insert.setString(1, provider);
            insert.setString(2, config);
            insert.setString(3, "2026-01-01T00:00:00+00:00");
            insert.executeUpdate();
        }
    }

    @Test
    void newProvidersAreImportedConflictsKeptUntilNamedAndEachImportIsAuditedOnce() throws Exception {
        try (ConsoleStore store = open()) {
            legacy(store, "replicate", "{\"cost_limit_amount\": 10.5}");
            legacy(store, "runpod", "{\"webhook_url\": \"https://old.example\"}");
            legacy(store, "modal", "{\"region\": \"eu\"}");
            legacy(store, "broken", "{\"whsec_LEAK\": ");
            store.configs().saveProviderConfig("runpod", Map.of("webhook_url", "https://new.example"));
            store.configs().saveProviderConfig("modal", Map.of("region", "eu"));
            ConsoleDbImport importer = new ConsoleDbImport(store);

            assertThat(importer.plan()).extracting(ConsoleDbImport.Item::provider, ConsoleDbImport.Item::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("broken", ConsoleDbImport.Status.UNREADABLE),
                            org.assertj.core.groups.Tuple.tuple("modal", ConsoleDbImport.Status.SAME),
                            org.assertj.core.groups.Tuple.tuple("replicate", ConsoleDbImport.Status.NEW),
                            org.assertj.core.groups.Tuple.tuple("runpod", ConsoleDbImport.Status.CONFLICT));
            assertThat(store.configs().getProviderConfig("replicate")).as("planning changes nothing").isEmpty();

            ConsoleDbImport.Result first = importer.apply(Set.of(), Set.of());
            assertThat(first.imported()).containsExactly("replicate");
            assertThat(first.dropped()).containsExactly("modal");
            assertThat(first.left()).extracting(ConsoleDbImport.Item::provider).containsExactly("broken", "runpod");
            assertThat(store.configs().getProviderConfig("replicate")).containsEntry("cost_limit_amount",
                    new java.math.BigDecimal("10.5"));
            assertThat(store.configs().getProviderConfig("runpod")).as("the newer SimpleTuner row is kept")
                    .containsEntry("webhook_url", "https://new.example");

            ConsoleDbImport.Result second = importer.apply(Set.of("runpod"), Set.of("broken"));
            assertThat(second.replaced()).containsExactly("runpod");
            assertThat(second.dropped()).containsExactly("broken");
            assertThat(store.configs().getProviderConfig("runpod")).containsEntry("webhook_url", "https://old.example");
            assertThat(importer.plan()).as("done once").isEmpty();

            List<AuditEntry> imports = store.audit().query(new AuditQuery(null, null, null, null, 100)).stream()
                    .filter(entry -> entry.action().equals("provider_config.import")).toList();
            assertThat(imports).extracting(AuditEntry::target).containsExactly("provider:replicate", "provider:runpod");
            assertThat(store.audit().verifyChain().intact()).isTrue();
            assertThatThrownBy(() -> importer.apply(Set.of("nothing-there"), Set.of()))
                    .hasMessageContaining("has no provider config nothing-there");
        }
    }
}
