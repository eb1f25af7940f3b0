package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's high-water mark in {@code audit.mark}: deleting the whole log is found, a lagging mark is no alarm. */
class AuditMarkTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));
    private SimpleTunerHome home;
    private Database database;
    private AuditLog audit;

    @BeforeEach
    void threeEntries() {
        home = new SimpleTunerHome(dir.resolve(".simpletuner"));
        database = Database.openSimpleTuner(home.dir().resolve("audit.db"), SimpleTunerSchema.AUDIT, Duration.ofSeconds(5));
        audit = newAuditLog();
        for (int i = 1; i <= 3; i++) {
            audit.append("test.action", "target-" + i, Map.of("n", i));
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AuditLog newAuditLog() {
        return new AuditLog(() -> database, key(), new AuditMark(markFile(), database.file()), clock, "tester");
    }

    private AuditKey key() {
        return new AuditKey(Map.of(), home.dir().resolve("audit.key"));
    }

    private Path markFile() {
        return home.dir().resolve("audit.mark");
    }

    @Test
    void deletingEveryEntryAndTheHeadIsFound() throws Exception {
        assertThat(markFile()).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(markFile()))).isEqualTo("rw-------");
        sql("DELETE FROM audit_log");
        ChainVerification chain = newAuditLog().verifyChain();
        assertThat(chain.intact()).isFalse();
        assertThat(chain.problem()).contains("entries up to 3 were deleted: the log is empty, but " + markFile()
                + " records entry 3", "secretdesk audit --accept-current");
    }

    @Test
    void entriesAppendedAfterTheLogWasDeletedDoNotPaperOverIt() throws Exception {
        sql("DELETE FROM audit_log");
        AuditLog afterwards = newAuditLog();
        for (int i = 1; i <= 5; i++) {
            afterwards.append("test.action", "after-" + i, Map.of());
        }
        ChainVerification chain = newAuditLog().verifyChain();
        assertThat(chain.intact()).as("the mark still records the deleted log's entry 3").isFalse();
        assertThat(chain.problem()).contains("entry 3 is not the one " + markFile() + " records: the log was replaced");
    }

    @Test
    void aMarkThatLagsBehindTheLogIsNoAlarm() throws IOException {
        Path lagging = dir.resolve("mark-at-3");
        Files.copy(markFile(), lagging);
        audit.append("test.action", "target-4", Map.of());
        audit.append("test.action", "target-5", Map.of());
        // A crash between a commit and the mark's write leaves the mark behind.
        Files.copy(lagging, markFile(), StandardCopyOption.REPLACE_EXISTING);
        ChainVerification chain = newAuditLog().verifyChain();
        assertThat(chain.intact()).as(chain.problem()).isTrue();
        assertThat(chain.entriesVerified()).isEqualTo(5);
        assertThat(Files.readString(markFile())).as("verifying moves the mark on").contains("\"seq\":5");
    }

    @Test
    void aMissingMarkIsNoAlarmAndIsWrittenAgain() throws IOException {
        Files.delete(markFile());
        assertThat(newAuditLog().verifyChain().intact()).isTrue();
        assertThat(markFile()).exists();
        Files.delete(markFile());
        audit.append("test.action", "target-4", Map.of());
        assertThat(Files.readString(markFile())).contains("\"seq\":4");
    }

    @Test
    void aBlankedMarkDoesNotLetADeletedLogVerify() throws Exception {
        // Regression (issue 11, item 9): blanking audit.mark needs no key; it was read as "no mark", so the log
        // deleted with it verified as intact.
        Files.writeString(markFile(), "");
        sql("DELETE FROM audit_log");
        ChainVerification chain = newAuditLog().verifyChain();
        assertThat(chain.intact()).isFalse();
        assertThat(chain.problem()).contains("the high-water mark is damaged: " + markFile() + " is blank",
                "deleted newest entries cannot be ruled out", "secretdesk audit --accept-current");
    }

    @Test
    void aDamagedMarkIsReportedAndKeptAsEvidenceUntilAccepted() throws Exception {
        for (String damaged : new String[] {"{ not json", "{\"version\": 1, \"marks\": {\"" + database.file().toRealPath()
                + "\": {\"seq\": \"three\"}}}"}) {
            Files.writeString(markFile(), damaged);
            ChainVerification chain = newAuditLog().verifyChain();
            assertThat(chain.intact()).as(damaged).isFalse();
            assertThat(chain.problem()).contains("the high-water mark is damaged: " + markFile());
            audit.append("test.action", "after-damage", Map.of());
            assertThat(Files.readString(markFile())).as("an append does not paper over it").isEqualTo(damaged);
        }
        newAuditLog().acceptCurrentLog();
        ChainVerification accepted = newAuditLog().verifyChain();
        assertThat(accepted.intact()).as(accepted.problem()).isTrue();
        assertThat(Files.readString(markFile())).contains("\"seq\":6");
    }

    @Test
    void aReplacedLogOrAnAlteredMarkIsFound() throws Exception {
        String original = Files.readString(markFile());
        Files.writeString(markFile(), original.replace("\"seq\":3", "\"seq\":2"));
        ChainVerification altered = newAuditLog().verifyChain();
        assertThat(altered.intact()).isFalse();
        assertThat(altered.problem()).contains("was altered (its MAC does not match the audit key)");

        Files.writeString(markFile(), original);
        sql("DELETE FROM audit_log");
        AuditLog writer = new AuditLog(() -> database, key(), null, clock, "tester");
        for (int i = 1; i <= 3; i++) {
            writer.append("forged.action", "target-" + i, Map.of());
        }
        ChainVerification replaced = newAuditLog().verifyChain();
        assertThat(replaced.intact()).isFalse();
        assertThat(replaced.problem()).contains("entry 3 is not the one " + markFile() + " records: the log was replaced");
    }

    @Test
    void acceptingTheCurrentLogAfterADeliberateReplacementIsAuditedAndVerifiesAgain() throws Exception {
        sql("DELETE FROM audit_log");
        assertThat(newAuditLog().verifyChain().intact()).isFalse();
        AuditEntry reset = newAuditLog().acceptCurrentLog();
        assertThat(reset.action()).isEqualTo("audit.mark.reset");
        assertThat(reset.details()).contains("\"previous_mark_id\": 3");
        ChainVerification chain = newAuditLog().verifyChain();
        assertThat(chain.intact()).as(chain.problem()).isTrue();
        assertThat(chain.entriesChecked()).isEqualTo(1);
    }

    @Test
    void eachDatabaseHasItsOwnMark() {
        try (Database other = Database.openSimpleTuner(dir.resolve("other").resolve("audit.db"), SimpleTunerSchema.AUDIT,
                Duration.ofSeconds(5))) {
            AuditLog otherLog = new AuditLog(() -> other, key(), new AuditMark(markFile(), other.file()), clock, "tester");
            otherLog.append("test.action", "elsewhere", Map.of());
            assertThat(otherLog.verifyChain().intact()).isTrue();
        }
        ChainVerification chain = newAuditLog().verifyChain();
        assertThat(chain.intact()).as(chain.problem()).isTrue();
        assertThat(chain.entriesVerified()).isEqualTo(3);
    }

    @Test
    void aRolledBackTransactionLeavesTheMarkAtTheCommittedHead() throws IOException {
        try {
            database.inTransaction(() -> {
                audit.append("test.action", "target-4", Map.of());
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the entry is gone with its transaction
        }
        assertThat(Files.readString(markFile())).contains("\"seq\":3");
        assertThat(newAuditLog().verifyChain().intact()).isTrue();
    }

    private void sql(String statement) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + database.file()); Statement s = raw.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
