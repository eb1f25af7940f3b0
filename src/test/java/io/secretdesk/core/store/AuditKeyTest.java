package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.crypto.KeyFileException;
import io.secretdesk.core.crypto.KeyOrigin;
import io.secretdesk.core.crypto.MasterSecretSource;
import io.secretdesk.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the audit key comes from, and what happens when it is missing or cannot be saved. */
class AuditKeyTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));

    private AuditLog auditOver(Database database, MasterSecretSource keys) {
        return new AuditLog(database, keys, clock, "tester");
    }

    @Test
    void aMissingAuditKeyFileIsAnErrorOnceTheLogHasEntriesAndNoNewKeyIsGenerated() throws IOException {
        SimpleTunerHome home = new SimpleTunerHome(dir.resolve(".simpletuner"));
        MasterSecretSource keys = MasterSecretSource.audit(Map.of(), home);
        try (Database database = Database.open(dir.resolve("console.db"))) {
            AuditLog first = auditOver(database, keys);
            first.append("test.action", "target", Map.of());
            assertThat(first.keyOrigin()).map(KeyOrigin::kind).hasValue(KeyOrigin.Kind.GENERATED);
            assertThat(home.auditKeyFile()).as("an empty log gets a generated key").exists();

            Files.delete(home.auditKeyFile());
            AuditLog restarted = auditOver(database, keys);
            assertThatThrownBy(() -> restarted.append("test.action", "another", Map.of()))
                    .isInstanceOf(KeyFileException.class)
                    .hasMessageContaining("has entries, but its key is missing")
                    .hasMessageContaining("Restore " + home.auditKeyFile())
                    .hasMessageContaining("set SIMPLETUNER_AUDIT_KEY");
            assertThatThrownBy(restarted::verifyChain).isInstanceOf(KeyFileException.class)
                    .hasMessageContaining(home.auditKeyFile().toString());
            assertThat(home.auditKeyFile()).as("no new key replaces the lost one").doesNotExist();
            assertThat(restarted.recent(10)).hasSize(1);
        }
    }

    @Test
    void aLogWhoseRowsWereDeletedButWhoseHeadRemainsCountsAsNonEmpty() throws Exception {
        SimpleTunerHome home = new SimpleTunerHome(dir.resolve(".simpletuner"));
        MasterSecretSource keys = MasterSecretSource.audit(Map.of(), home);
        try (Database database = Database.open(dir.resolve("console.db"))) {
            auditOver(database, keys).append("test.action", "target", Map.of());
            database.inTransaction(() -> database.withConnection("test", connection -> {
                try (var statement = connection.createStatement()) {
                    return statement.executeUpdate("DELETE FROM audit_log");
                }
            }));
            Files.delete(home.auditKeyFile());
            assertThatThrownBy(() -> auditOver(database, keys).append("test.action", "x", Map.of()))
                    .isInstanceOf(KeyFileException.class).hasMessageContaining("its key is missing");
        }
    }

    @Test
    void aTemporaryAuditKeyIsRefusedWhenAPersistentOneIsRequiredAndNothingIsWritten() throws IOException {
        Path blocked = Files.writeString(dir.resolve("plain-file"), "not a folder");
        MasterSecretSource keys = MasterSecretSource.audit(Map.of(), new SimpleTunerHome(blocked.resolve(".simpletuner")));
        try (Database database = Database.open(dir.resolve("console.db"))) {
            AuditLog audit = auditOver(database, keys);
            audit.requirePersistentKey();
            assertThatThrownBy(() -> database.inTransaction(() -> {
                database.withConnection("test", connection -> {
                    try (var statement = connection.createStatement()) {
                        return statement.executeUpdate("CREATE TABLE marker (x TEXT)");
                    }
                });
                audit.append("test.action", "target", Map.of());
            })).isInstanceOf(KeyFileException.class)
                    .hasMessageContaining("No usable audit key")
                    .hasMessageContaining("nothing was written");
            assertThat(audit.recent(10)).isEmpty();
            boolean markerTable = database.withConnection("test", connection -> {
                try (var statement = connection.createStatement();
                        var rows = statement.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'marker'")) {
                    return rows.next() && rows.getInt(1) == 1;
                }
            });
            assertThat(markerTable).as("the change the entry would have recorded was rolled back").isFalse();

            AuditLog console = auditOver(database, keys);
            console.append("test.action", "target", Map.of());
            assertThat(console.keyOrigin()).map(KeyOrigin::kind).as("the console goes on, warning in its log")
                    .hasValue(KeyOrigin.Kind.UNSAVED);
        }
    }
}
