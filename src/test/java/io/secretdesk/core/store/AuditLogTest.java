package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.CredentialEncryption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SimpleTuner's audit log in audit.db: its row layout, its HMAC formula, and what its chain check finds. */
class AuditLogTest {

    @TempDir
    Path dir;

    private Fixture store;

    @BeforeEach
    void fiveEntries() {
        store = new Fixture(dir);
        for (int i = 1; i <= 5; i++) {
            store.audit.append("test.action", "target:t" + i, Map.of("n", i, "names", List.of("a", "b")));
            store.clock.advance(Duration.ofSeconds(1));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void entriesAreSimpleTunerRowsAndTheChainVerifies() throws Exception {
        List<AuditEntry> entries = store.audit.recent(3);
        assertThat(entries).extracting(AuditEntry::id).containsExactly(3L, 4L, 5L);
        AuditEntry last = entries.get(2);
        assertThat(last.actorUsername()).isEqualTo("tester");
        assertThat(last.actorId()).isNull();
        assertThat(last.eventType()).isEqualTo("config.changed");
        assertThat(last.action()).isEqualTo("test.action");
        assertThat(last.targetType()).isEqualTo("target");
        assertThat(last.targetId()).isEqualTo("t5");
        assertThat(last.details()).isEqualTo("{\"n\": 5, \"names\": [\"a\", \"b\"], \"tool\": \"secretdesk\"}");
        assertThat(last.timestamp()).isEqualTo("2026-01-02T03:04:09.123456+00:00");
        ChainVerification chain = store.audit.verifyChain();
        assertThat(chain.intact()).isTrue();
        assertThat(chain.entriesChecked()).isEqualTo(5);
        assertThat(chain.firstId()).isEqualTo(1);
        assertThat(chain.lastId()).isEqualTo(5);
    }

    @Test
    void theHashIsSimpleTunersFormulaOverTheStoredText() throws Exception {
        try (Connection raw = store.rawConnectionFor("audit_log"); Statement s = raw.createStatement();
                ResultSet rows = s.executeQuery("SELECT timestamp, event_type, actor_id, action, details, previous_hash, "
                        + "entry_hash FROM audit_log ORDER BY id")) {
            String previous = "genesis";
            while (rows.next()) {
                assertThat(rows.getString(6)).isEqualTo(previous);
                String text = rows.getString(1) + "|" + rows.getString(2) + "|None|" + rows.getString(4) + "|"
                        + rows.getString(5) + "|" + rows.getString(6);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec("audit-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                String expected = HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
                assertThat(rows.getString(7)).isEqualTo(expected);
                previous = expected;
            }
        }
    }

    @Test
    void anEditedRowIsFound() throws Exception {
        sql("UPDATE audit_log SET action = 'somewhere-else' WHERE id = 3");
        assertBroken(3, "entry 3 does not match its hash");
    }

    @Test
    void anEditedDetailOrTimeIsFound() throws Exception {
        sql("UPDATE audit_log SET timestamp = '2020-01-01T00:00:00+00:00' WHERE id = 2");
        assertBroken(2, "entry 2 does not match its hash");
    }

    @Test
    void aDeletedMiddleRowIsFound() throws Exception {
        sql("DELETE FROM audit_log WHERE id = 3");
        assertBroken(4, "entry 4 does not follow the entry before it");
    }

    @Test
    void aDeletedFirstRowIsFound() throws Exception {
        sql("DELETE FROM audit_log WHERE id = 1");
        assertBroken(2, "entry 2 does not follow the entry before it");
    }

    @Test
    void aRowAddedWithoutTheKeyIsFound() throws Exception {
        sql("INSERT INTO audit_log (timestamp, event_type, actor_id, actor_username, actor_ip, target_type, target_id, action, "
                + "details, previous_hash, entry_hash) SELECT timestamp, event_type, actor_id, actor_username, actor_ip, "
                + "target_type, 'forged', action, details, entry_hash, entry_hash FROM audit_log WHERE id = 5");
        assertBroken(6, "entry 6 does not match its hash");
    }

    @Test
    void anotherAuditKeyReportsEntryOneAndSaysWhy() {
        store.close();
        try (Fixture other = new Fixture(dir.resolve("console.db"), "a-different-audit-secret", CredentialEncryption.of(Fixture.KEY_A))) {
            ChainVerification chain = other.audit.verifyChain();
            assertThat(chain.intact()).isFalse();
            assertThat(chain.firstBroken()).hasValue(1);
            assertThat(chain.problem()).contains("written with another audit key");
        }
        store = new Fixture(dir);
    }

    @Test
    void appendingAfterTamperingKeepsReportingTheFirstBreakAndRepairsNothing() throws Exception {
        sql("UPDATE audit_log SET actor_id = 7 WHERE id = 2");
        store.audit.append("test.action", "target:later", Map.of());
        assertBroken(2, "entry 2 does not match its hash");
        assertThat(dump(store, "audit_log")).contains("|7|");
    }

    @Test
    void queriesFilterByEventActorTargetAndTime() {
        store.audit.append("provider_config.update", "provider:replicate", Map.of());
        assertThat(store.audit.query(new AuditQuery("provider.configured", null, null, null, 10)))
                .extracting(AuditEntry::target).containsExactly("provider:replicate");
        assertThat(store.audit.query(new AuditQuery(null, null, "target:t2", null, 10))).hasSize(1);
        assertThat(store.audit.query(new AuditQuery(null, null, "target", null, 10))).hasSize(5);
        assertThat(store.audit.query(new AuditQuery(null, "nobody", null, null, 10))).isEmpty();
        assertThat(store.audit.query(new AuditQuery(null, null, null, java.time.Instant.parse("2026-01-02T03:04:08Z"), 10)))
                .extracting(AuditEntry::id).containsExactly(4L, 5L, 6L);
        AuditStats stats = store.audit.stats();
        assertThat(stats.total()).isEqualTo(6);
        assertThat(stats.byEventType()).containsEntry("config.changed", 5L).containsEntry("provider.configured", 1L);
    }

    private void assertBroken(long id, String problem) {
        ChainVerification chain = store.audit.verifyChain();
        assertThat(chain.intact()).isFalse();
        assertThat(chain.firstBroken()).hasValue(id);
        assertThat(chain.problem()).contains(problem);
    }

    private void sql(String statement) throws Exception {
        try (Connection raw = store.rawConnectionFor("audit_log"); Statement s = raw.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    static String dump(Fixture fixture, String table) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection raw = fixture.rawConnectionFor(table); Statement s = raw.createStatement();
                ResultSet rows = s.executeQuery("SELECT * FROM " + table)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    text.append(rows.getString(i)).append('|');
                }
                text.append('\n');
            }
        }
        return text.toString();
    }
}
