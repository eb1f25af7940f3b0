package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch of SimpleTuner's databases over real SQLite files in WAL mode, written through other connections as
 * SimpleTuner's server or a terminal would.
 */
class DatabaseVersionsTest {

    @TempDir
    Path dir;

    private static Connection writer(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE IF NOT EXISTS provider_configs (provider TEXT PRIMARY KEY, config TEXT)");
        }
        return connection;
    }

    private static void exec(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void aCommitByAnotherConnectionIsReportedOnceAndOnlyForItsDatabase() throws SQLException {
        Path jobs = dir.resolve("jobs.db");
        Path audit = dir.resolve("audit.db");
        try (Connection jobsWriter = writer(jobs); Connection auditWriter = writer(audit);
             DatabaseVersions versions = new DatabaseVersions(List.of(jobs, audit))) {
            assertThat(versions.changed()).as("the first look only takes the state as seen").isEmpty();

            exec(jobsWriter, "INSERT INTO provider_configs VALUES ('replicate', '{}')");

            assertThat(versions.changed()).containsExactly(jobs);
            assertThat(versions.changed()).as("reported once").isEmpty();

            exec(auditWriter, "INSERT INTO provider_configs VALUES ('x', '{}')");
            exec(jobsWriter, "UPDATE provider_configs SET config = '{\"a\": 1}'");
            assertThat(versions.changed()).containsExactly(jobs, audit);
        }
    }

    @Test
    void aCheckpointOrAReadIsNotAChangeThoughItRewritesTheFiles() throws Exception {
        Path jobs = dir.resolve("jobs.db");
        try (Connection writer = writer(jobs); DatabaseVersions versions = new DatabaseVersions(List.of(jobs))) {
            exec(writer, "INSERT INTO provider_configs VALUES ('replicate', '{}')");
            versions.changed();
            long walBefore = Files.size(jobs.resolveSibling("jobs.db-wal"));
            assertThat(walBefore).isPositive();

            long mainBefore = Files.size(jobs);
            exec(writer, "SELECT * FROM provider_configs");
            exec(writer, "PRAGMA wal_checkpoint(PASSIVE)"); // what SQLite's auto-checkpoint does after a commit

            assertThat(Files.size(jobs)).as("the main file did change").isNotEqualTo(mainBefore);
            assertThat(versions.changed()).as("but no data did").isEmpty();

            exec(writer, "DELETE FROM provider_configs");
            assertThat(versions.changed()).as("a commit after the WAL was reset").containsExactly(jobs);
        }
    }

    @Test
    void aDatabaseCreatedOrReplacedByAnotherFileCountsAsChangedAndNoneIsCreatedByWatching() throws Exception {
        Path jobs = dir.resolve("jobs.db");
        try (DatabaseVersions versions = new DatabaseVersions(List.of(jobs))) {
            assertThat(versions.changed()).isEmpty();
            assertThat(jobs).as("watching never creates the database").doesNotExist();

            try (Connection writer = writer(jobs)) {
                exec(writer, "INSERT INTO provider_configs VALUES ('replicate', '{}')");
            }
            assertThat(versions.changed()).as("created").containsExactly(jobs);

            Path other = dir.resolve("restored.db");
            try (Connection writer = writer(other)) {
                exec(writer, "INSERT INTO provider_configs VALUES ('vastai', '{}')");
                exec(writer, "PRAGMA wal_checkpoint(TRUNCATE)");
            }
            Files.move(other, jobs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertThat(versions.changed()).as("replaced by a restore").containsExactly(jobs);

            try (Connection writer = writer(jobs)) {
                exec(writer, "INSERT INTO provider_configs VALUES ('runpod', '{}')");
            }
            assertThat(versions.changed()).as("the new file is the one watched now").containsExactly(jobs);

            Files.delete(jobs);
            Files.deleteIfExists(jobs.resolveSibling("jobs.db-wal"));
            Files.deleteIfExists(jobs.resolveSibling("jobs.db-shm"));
            assertThat(versions.changed()).as("deleted").containsExactly(jobs);
        }
    }
}
