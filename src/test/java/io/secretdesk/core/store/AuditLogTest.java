package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.crypto.CredentialEncryption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    private Fixture store;

    @BeforeEach
    void fiveEntries() {
        store = new Fixture(dir);
        for (int i = 1; i <= 5; i++) {
            store.audit.append("test.action", "target-" + i, Map.of("n", i, "names", List.of("a", "b")));
            store.clock.advance(Duration.ofSeconds(1));
        }
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        store.close();
    }

    @Test
    void entriesRecordTimeActorActionTargetAndDetailsAndTheChainVerifies() {
        List<AuditEntry> entries = store.audit.recent(3);
        assertThat(entries).extracting(AuditEntry::seq).containsExactly(3L, 4L, 5L);
        AuditEntry last = entries.get(2);
        assertThat(last.actor()).isEqualTo("tester");
        assertThat(last.action()).isEqualTo("test.action");
        assertThat(last.target()).isEqualTo("target-5");
        assertThat(last.details()).isEqualTo("{\"n\":5,\"names\":[\"a\",\"b\"]}");
        assertThat(last.at()).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:09.123456Z"));
        assertThat(last.hash()).matches("[0-9a-f]{64}");
        ChainVerification chain = store.audit.verifyChain();
        assertThat(chain.intact()).isTrue();
        assertThat(chain.entriesVerified()).isEqualTo(5);
        assertThat(chain.firstBroken()).isEmpty();
    }

    @Test
    void anEditedRowIsFound() throws Exception {
        sql("UPDATE audit_log SET target = 'somewhere-else' WHERE seq = 3");
        assertBroken(3, "entry 3 was edited");
    }

    @Test
    void anEditedDetailOrTimeIsFound() throws Exception {
        sql("UPDATE audit_log SET at = '2020-01-01T00:00:00.000000+00:00' WHERE seq = 2");
        assertBroken(2, "entry 2 was edited");
    }

    @Test
    void aDeletedMiddleRowIsFound() throws Exception {
        sql("DELETE FROM audit_log WHERE seq = 3");
        assertBroken(3, "entry 3 was deleted");
    }

    @Test
    void aDeletedFirstRowIsFound() throws Exception {
        sql("DELETE FROM audit_log WHERE seq = 1");
        assertBroken(1, "entry 1 was deleted");
    }

    @Test
    void deletedNewestRowsAreFoundThroughTheHead() throws Exception {
        sql("DELETE FROM audit_log WHERE seq >= 4");
        assertBroken(4, "the newest entries were deleted");
    }

    @Test
    void deletingEverythingButTheHeadIsFound() throws Exception {
        sql("DELETE FROM audit_log");
        assertBroken(1, "the newest entries were deleted");
    }

    @Test
    void renumberingAfterADeleteIsFound() throws Exception {
        sql("DELETE FROM audit_log WHERE seq = 2");
        sql("UPDATE audit_log SET seq = seq - 1 WHERE seq > 2");
        sql("UPDATE audit_head SET seq = 4");
        ChainVerification chain = store.audit.verifyChain();
        assertThat(chain.intact()).isFalse();
        assertThat(chain.firstBroken()).hasValue(2);
    }

    @Test
    void aRowAddedWithoutTheKeyIsFound() throws Exception {
        sql("INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) "
                + "SELECT 6, at, actor, action, 'forged', details, hash, hash FROM audit_log WHERE seq = 5");
        assertBroken(6, "entry 6 was edited");
    }

    @Test
    void anotherAuditKeyReportsEntryOneAndSaysWhy() {
        store.close();
        try (Fixture other = new Fixture(dir.resolve("console.db"), "a-different-audit-secret", CredentialEncryption.of(Fixture.KEY_A))) {
            ChainVerification chain = other.audit.verifyChain();
            assertThat(chain.intact()).isFalse();
            assertThat(chain.firstBroken()).hasValue(1);
            assertThat(chain.problem()).contains("another audit key", "SIMPLETUNER_AUDIT_KEY");
        }
        store = new Fixture(dir);
    }

    @Test
    void appendingAfterTamperingKeepsReportingTheFirstBreak() throws Exception {
        sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
        store.audit.append("test.action", "later", Map.of());
        assertBroken(2, "entry 2 was edited");
    }

    private void assertBroken(long seq, String problem) {
        ChainVerification chain = store.audit.verifyChain();
        assertThat(chain.intact()).isFalse();
        assertThat(chain.firstBroken()).hasValue(seq);
        assertThat(chain.problem()).contains(problem);
        assertThat(chain.entriesVerified()).isEqualTo(seq - 1);
    }

    private void sql(String statement) throws Exception {
        try (Connection raw = store.rawConnection(); Statement s = raw.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    static String dump(Fixture fixture, String table) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection raw = fixture.rawConnection(); Statement s = raw.createStatement();
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
