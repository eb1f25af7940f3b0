package io.secretdesk.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * {@link Database#restoreFrom}'s work: the backup checked, copied next to the live database and migrated, then
 * every table but the audit log's replaced in one transaction on the live database.
 */
final class DatabaseRestore {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    /** The tables a restore keeps from the live database: the audit log is history, not state. */
    private static final List<String> KEPT_BY_RESTORE = List.of("audit_log", "audit_head");

    private DatabaseRestore() {
    }

    /**
     * Replaces {@code live}'s content with {@code backup}'s except the audit log. The caller holds the live
     * database's lock, outside any transaction.
     */
    static void restore(Database live, Path backup, Duration busyTimeout) {
        DatabaseFiles.checkHeader(backup, true);
        int backupVersion = DatabaseFiles.readOnlyUserVersion(backup);
        if (backupVersion > Database.latestSchemaVersion()) {
            throw DatabaseFiles.newerSchema(backup, backupVersion);
        }
        Path staged = stagedCopyOf(live.file(), backup, busyTimeout);
        try {
            replaceContentKeepingAuditLog(live, staged);
        } finally {
            deleteQuietly(staged);
        }
    }

    /**
     * A private copy of {@code backup}, next to the live database, taken with SQLite's backup API (so a backup
     * with a WAL of its own is copied consistently) and migrated to this build's schema.
     */
    private static Path stagedCopyOf(Path file, Path backup, Duration busyTimeout) {
        Path staged;
        try {
            staged = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".restore-", ".db");
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.READ_ONLY, "Cannot restore into " + file + ": no temporary "
                    + "copy can be made in its folder (" + e.getMessage() + "); nothing was restored.", e);
        }
        try {
            try (Connection copy = new SQLiteConfig().createConnection("jdbc:sqlite:" + staged)) {
                copy.unwrap(SQLiteConnection.class).getDatabase().restore("main", backup.toString(), null);
            } catch (SQLException e) {
                throw new StoreException(StoreException.Reason.CORRUPT, "Backup " + backup + " cannot be read as a "
                        + "SQLite database (" + e.getMessage() + "); nothing was restored.", e);
            }
            Database.open(staged, busyTimeout).close(); // opening migrates it
        } catch (RuntimeException e) {
            deleteQuietly(staged);
            throw e;
        }
        return staged;
    }

    /**
     * In one transaction, replaces every table of the live database with the staged copy's, except the audit
     * log's tables. Both are at the latest schema, so they have the same tables and columns; the columns
     * are named anyway, so a difference fails (and rolls back) instead of mixing up values.
     */
    private static void replaceContentKeepingAuditLog(Database live, Path staged) {
        live.withConnection("attaching the backup", connection -> {
            try (PreparedStatement attach = connection.prepareStatement("ATTACH DATABASE ? AS restored")) {
                attach.setString(1, staged.toString());
                attach.execute();
            }
            return null;
        });
        try {
            live.inTransaction(() -> live.withConnection("restoring from the backup", connection -> {
                List<String> tables = tableNames(connection, "main");
                List<String> backupTables = tableNames(connection, "restored");
                if (!tables.equals(backupTables)) {
                    throw new StoreException(StoreException.Reason.FAILED, "The backup's tables " + backupTables
                            + " do not match the database's " + tables + " after migration; nothing was restored.");
                }
                for (String table : tables) {
                    if (KEPT_BY_RESTORE.contains(table)) {
                        continue;
                    }
                    String columns = String.join(", ", columnNames(connection, table));
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate("DELETE FROM main.\"" + table + "\"");
                        statement.executeUpdate("INSERT INTO main.\"" + table + "\" (" + columns + ") SELECT " + columns
                                + " FROM restored.\"" + table + "\"");
                    }
                }
                // AUTOINCREMENT counters follow the rows they count.
                if (Database.hasTable(connection, "main", "sqlite_sequence")) {
                    String restoredTables = "name NOT IN ('" + String.join("', '", KEPT_BY_RESTORE) + "')";
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate("DELETE FROM main.sqlite_sequence WHERE " + restoredTables);
                        if (Database.hasTable(connection, "restored", "sqlite_sequence")) {
                            statement.executeUpdate("INSERT INTO main.sqlite_sequence (name, seq) "
                                    + "SELECT name, seq FROM restored.sqlite_sequence WHERE " + restoredTables);
                        }
                    }
                }
                return null;
            }));
        } finally {
            live.withConnection("detaching the backup", connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DETACH DATABASE restored");
                }
                return null;
            });
        }
    }

    private static List<String> tableNames(Connection connection, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM " + schema + ".sqlite_master "
                        + "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static List<String> columnNames(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT name FROM pragma_table_info(?, 'main')")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add("\"" + rows.getString(1).replace("\"", "\"\"") + "\"");
                }
            }
        }
        return names;
    }

    private static void deleteQuietly(Path database) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            try {
                Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not delete the temporary restore copy {0}: {1}", database,
                        e.getMessage());
            }
        }
    }
}
