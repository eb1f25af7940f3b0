package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.cache.CacheStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderConfigStoreTest {

    @TempDir
    Path dir;

    private Fixture fixture;
    private ProviderConfigStore configs;

    @BeforeEach
    void open() {
        fixture = new Fixture(dir);
        configs = fixture.configs;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anUnknownProviderHasAnEmptyReadOnlyConfig() {
        Map<String, Object> config = configs.getProviderConfig("nobody");
        assertThat(config).isEmpty();
        assertThatThrownBy(() -> config.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void saveReplacesUpdateMergesDeleteRemoves() {
        configs.saveProviderConfig("replicate", Map.of("webhook_url", "https://a.test", "cost_limit_amount", 10));
        configs.saveProviderConfig("replicate", Map.of("webhook_url", "https://b.test"));
        assertThat(configs.getProviderConfig("replicate")).containsExactly(Map.entry("webhook_url", "https://b.test"));

        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("hosts", List.of("a", "b"));
        Map<String, Object> merged = configs.updateProviderConfig("replicate", Map.of("cost_limit_enabled", true, "extra", nested));
        assertThat(merged).containsEntry("webhook_url", "https://b.test").containsEntry("cost_limit_enabled", true);
        Map<String, Object> read = configs.getProviderConfig("replicate");
        assertThat(read).isEqualTo(merged);
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = (Map<String, Object>) read.get("extra");
        assertThatThrownBy(() -> extra.put("y", 2)).isInstanceOf(UnsupportedOperationException.class);

        configs.saveProviderConfig("runpod", Map.of());
        assertThat(configs.listProviders()).containsExactly("replicate", "runpod");
        assertThat(configs.deleteProviderConfig("replicate")).isTrue();
        assertThat(configs.deleteProviderConfig("replicate")).isFalse();
        assertThat(configs.getProviderConfig("replicate")).isEmpty();
        assertThat(configs.listProviders()).containsExactly("runpod");
    }

    @Test
    void theRowIsSimpleTunersSchema() throws Exception {
        configs.saveProviderConfig("replicate", Map.of("webhook_url", "https://a.test"));
        assertThat(AuditLogTest.dump(fixture, "provider_config"))
                .isEqualTo("replicate|{\"webhook_url\": \"https://a.test\"}|2026-01-02T03:04:05.123456+00:00|\n");
    }

    @Test
    void typedReadersApplyTheSeedsDefaults() {
        WebhookConfig webhook = configs.webhookConfig("replicate");
        assertThat(webhook.url()).isEmpty();
        assertThat(webhook.secret()).isEmpty();
        assertThat(webhook.requireSignature()).isTrue();
        assertThat(webhook.allowedIps()).isEmpty();
        assertThat(configs.costLimit("replicate")).isEqualTo(new CostLimit(false, 0.0, "daily", "warn"));

        configs.saveProviderConfig("replicate", Map.of("webhook_url", "https://hook.test", "webhook_secret", "whsec_hidden",
                "webhook_require_signature", false, "webhook_allowed_ips", List.of("10.0.0.1"),
                "cost_limit_enabled", true, "cost_limit_amount", 500, "cost_limit_period", "monthly", "cost_limit_action", "block"));
        WebhookConfig configured = configs.webhookConfig("replicate");
        assertThat(configured.url()).hasValue("https://hook.test");
        assertThat(configured.secret().orElseThrow().equals("whsec_hidden")).isTrue();
        assertThat(configured.requireSignature()).isFalse();
        assertThat(configured.allowedIps()).containsExactly("10.0.0.1");
        assertThat(configured.toString()).doesNotContain("whsec_hidden");
        assertThat(configs.costLimit("replicate")).isEqualTo(new CostLimit(true, 500.0, "monthly", "block"));
    }

    @Test
    void badTypesAndValuesAreRefusedBeforeAnythingIsWritten() {
        configs.saveProviderConfig("replicate", Map.of("webhook_url", "https://keep.test"));
        assertThatThrownBy(() -> configs.saveProviderConfig("replicate", Map.of("cost_limit_amount", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cost_limit_amount of replicate must be a number");
        assertThatThrownBy(() -> configs.updateProviderConfig("replicate", Map.of("cost_limit_amount", -5)))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> configs.updateProviderConfig("replicate", Map.of("cost_limit_period", "hourly")))
                .hasMessageContaining("cost_limit_period of replicate must be one of [daily, monthly, weekly]");
        assertThatThrownBy(() -> configs.updateProviderConfig("replicate", Map.of("webhook_allowed_ips", "10.0.0.1")))
                .hasMessageContaining("must be a list of strings");
        assertThatThrownBy(() -> configs.saveProviderConfig("bad:name", Map.of())).hasMessageContaining("invalid provider name");
        assertThat(configs.getProviderConfig("replicate")).containsExactly(Map.entry("webhook_url", "https://keep.test"));
        assertThat(fixture.audit.recent(10)).hasSize(1);
    }

    @Test
    void storedJsonThatIsBrokenIsReportedWithoutQuotingItAndIsNotOverwrittenByAMerge() throws Exception {
        sql("INSERT INTO provider_config (provider, config, updated_at) VALUES ('replicate', '{\"webhook_secret\": \"whsec_leak\", ', '2026-01-01T00:00:00+00:00')");
        assertThatThrownBy(() -> configs.getProviderConfig("replicate"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("stored config of provider replicate is not a JSON object (error at line 1")
                .satisfies(e -> assertThat(e.getMessage().contains("whsec_leak")).as("message quotes the value").isFalse());
        assertThatThrownBy(() -> configs.updateProviderConfig("replicate", Map.of("a", 1))).isInstanceOf(StoreException.class);
        assertThat(AuditLogTest.dump(fixture, "provider_config")).contains("whsec_leak");
        assertThatThrownBy(() -> configs.saveProviderConfig("replicate", Map.of("a", 1))).isInstanceOf(StoreException.class)
                .hasMessageContaining("--replace-unreadable");
        assertThat(AuditLogTest.dump(fixture, "provider_config")).contains("whsec_leak");
        configs.saveProviderConfig("replicate", Map.of("a", 1), true); // replacing it, once asked, is the way out
        assertThat(configs.getProviderConfig("replicate")).containsExactly(Map.entry("a", 1));
    }

    @Test
    void everyWriteIsAuditedWithKeyNamesOnly() throws Exception {
        configs.saveProviderConfig("replicate", Map.of("webhook_secret", "whsec_one", "webhook_url", "https://a.test"));
        configs.updateProviderConfig("replicate", Map.of("webhook_secret", "whsec_two", "cost_limit_enabled", true));
        configs.saveProviderConfig("replicate", Map.of("cost_limit_enabled", true));
        configs.deleteProviderConfig("replicate");
        List<AuditEntry> entries = fixture.audit.recent(10);
        assertThat(entries).extracting(AuditEntry::action).containsExactly("provider_config.save",
                "provider_config.update", "provider_config.save", "provider_config.delete");
        assertThat(entries.get(1).details()).isEqualTo("{\"added\": [\"cost_limit_enabled\"], \"changed\": [\"webhook_secret\"], "
                + "\"removed\": [], \"tool\": \"secretdesk\"}");
        assertThat(entries.get(2).details()).isEqualTo("{\"added\": [], \"changed\": [], \"removed\": [\"webhook_secret\", "
                + "\"webhook_url\"], \"tool\": \"secretdesk\"}");
        assertThat(entries).extracting(AuditEntry::eventType).containsOnly(AuditEvents.PROVIDER_CONFIGURED);
        assertThat(AuditLogTest.dump(fixture, "audit_log")).doesNotContain("whsec_").doesNotContain("https://a.test");
    }

    @Test
    void aSaveInsideAFailedTransactionLeavesTheOldConfig() {
        configs.saveProviderConfig("replicate", Map.of("v", 1));
        assertThatThrownBy(() -> fixture.jobs.inTransaction(() -> {
            configs.saveProviderConfig("replicate", Map.of("v", 2));
            assertThat(configs.getProviderConfig("replicate")).containsEntry("v", 2);
            throw new IllegalStateException("abort");
        })).hasMessage("abort");
        assertThat(configs.getProviderConfig("replicate")).containsEntry("v", 1);
    }

    @Test
    void theSecondReadIsACacheHitUntilTheTtlRunsOut() throws Exception {
        configs.saveProviderConfig("replicate", Map.of("v", 1));
        assertThat(configs.getProviderConfig("replicate")).containsEntry("v", 1);
        assertThat(configs.getProviderConfig("replicate")).containsEntry("v", 1);
        CacheStats stats = fixture.cache.stats();
        assertThat(stats.loadCount()).isEqualTo(1);
        assertThat(stats.hitCount()).isEqualTo(1);
        assertThat(fixture.cache.get("provider:replicate:config")).containsEntry("v", 1);

        // Changed behind the store's back: the cached value is served until its 300 s are up.
        sql("UPDATE provider_config SET config = '{\"v\": 2}' WHERE provider = 'replicate'");
        fixture.ticker.advance(Duration.ofSeconds(299));
        assertThat(configs.getProviderConfig("replicate")).containsEntry("v", 1);
        fixture.ticker.advance(Duration.ofSeconds(1));
        assertThat(configs.getProviderConfig("replicate")).containsEntry("v", 2);
        assertThat(fixture.cache.stats().loadCount()).isEqualTo(2);
    }

    @Test
    void aWriteInvalidatesEveryKeyOfThatProviderAndOnlyThose() {
        configs.saveProviderConfig("replicate", Map.of("v", 1));
        configs.saveProviderConfig("runpod", Map.of("v", 1));
        configs.getProviderConfig("replicate");
        configs.getProviderConfig("runpod");
        fixture.cache.set("provider:replicate:hardware_info", Map.of("derived", true));
        assertThat(fixture.cache.stats().size()).isEqualTo(3);

        configs.updateProviderConfig("replicate", Map.of("v", 2));
        assertThat(fixture.cache.get("provider:replicate:config")).isNull();
        assertThat(fixture.cache.get("provider:replicate:hardware_info")).isNull();
        long loads = fixture.cache.stats().loadCount();
        assertThat(configs.getProviderConfig("replicate")).containsEntry("v", 2);
        assertThat(configs.getProviderConfig("runpod")).containsEntry("v", 1);
        assertThat(fixture.cache.stats().loadCount()).as("only replicate was loaded again").isEqualTo(loads + 1);

        configs.deleteProviderConfig("replicate");
        assertThat(configs.getProviderConfig("replicate")).isEmpty();
    }

    @Test
    void readsInsideATransactionNeverReachTheSharedCache() {
        configs.saveProviderConfig("replicate", Map.of("v", 1));
        fixture.jobs.inTransaction(() -> {
            configs.saveProviderConfig("replicate", Map.of("v", 2));
            assertThat(configs.getProviderConfig("replicate")).containsEntry("v", 2);
            assertThat(fixture.cache.get("provider:replicate:config")).isNull();
        });
        assertThat(configs.getProviderConfig("replicate")).containsEntry("v", 2);
    }

    @Test
    void aStoredConfigWithTextAfterItsObjectIsInvalidDataNotSilentlyTruncated() throws Exception {
        sql("INSERT INTO provider_config (provider, config, updated_at) VALUES "
                + "('replicate', '{\"webhook_url\": \"https://example.test/a\"} {\"webhook_secret\": \"whsec_leak\"}', 'x')");
        assertThatThrownBy(() -> configs.getProviderConfig("replicate"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("stored config of provider replicate has more text after its JSON object (error at line 1")
                .hasMessageContaining("secretdesk config set replicate")
                .satisfies(e -> assertThat(e.getMessage().contains("whsec_leak")).as("message quotes the value").isFalse())
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.INVALID_DATA);
        assertThatThrownBy(() -> configs.updateProviderConfig("replicate", Map.of("a", 1))).isInstanceOf(StoreException.class);
        assertThat(AuditLogTest.dump(fixture, "provider_config")).as("left as it is").contains("whsec_leak");
    }

    private void sql(String statement) throws Exception {
        try (Connection raw = fixture.rawConnectionFor("provider_config"); Statement s = raw.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
