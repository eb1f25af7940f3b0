package io.secretdesk.core.store;

import io.secretdesk.core.SecureFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A database file before {@link Database} writes to it (created owner-only; its header, schema version and
 * integrity checked without a byte written) and SQLite's errors about it put in words.
 */
final class DatabaseFiles {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private DatabaseFiles() {
    }

    /** Creates {@code path} empty and owner-only (its folders 0700): the driver would create it 0666 & ~umask. */
    static void createOwnerOnlyEmpty(Path path) throws IOException {
        SecureFiles.createPrivateDirectories(path.getParent());
        Files.createFile(path, SecureFiles.ownerOnlyFile(path));
    }

    /** Refuses a file that is not a SQLite database; an empty file is a new database unless it is a backup. */
    static void checkHeader(Path path, boolean isBackup) {
        byte[] header = new byte[SQLITE_HEADER.length];
        int read;
        long size;
        try (InputStream in = Files.newInputStream(path)) {
            size = Files.size(path);
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.FAILED, "Cannot read " + (isBackup ? "backup " : "the database ")
                    + path + ": " + e.getMessage(), e);
        }
        if (size == 0 && !isBackup) {
            return;
        }
        if (read < header.length || !Arrays.equals(header, SQLITE_HEADER) || size < 512) {
            throw isBackup
                    ? new StoreException(StoreException.Reason.CORRUPT, "Backup " + path
                            + " is not a SQLite database (or it is damaged); nothing was restored.")
                    : corrupt(path);
        }
    }

    /**
     * Checks an existing database through a read-only connection before anything may write to it (switching
     * to WAL writes the header, a migration writes tables): a newer schema (of the console database) or damage
     * SQLite's {@code quick_check} finds is refused with the file exactly as it was.
     */
    static void checkReadOnly(Path file, Duration busyTimeout, boolean consoleDatabase) {
        try {
            if (Files.size(file) == 0) {
                return; // an empty file is a new database: nothing to check, nothing to lose
            }
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.FAILED, "Cannot read the database " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        try (Connection probe = config.createConnection("jdbc:sqlite:" + file);
                Statement statement = probe.createStatement()) {
            int version;
            try (ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
                version = rows.next() ? rows.getInt(1) : 0;
            }
            if (consoleDatabase && version > Database.latestSchemaVersion()) {
                throw newerSchema(file, version);
            }
            try (ResultSet rows = statement.executeQuery("PRAGMA quick_check(1)")) {
                if (!rows.next() || !"ok".equalsIgnoreCase(rows.getString(1))) {
                    throw corrupt(file);
                }
            }
        } catch (SQLException e) {
            int code = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code & 0xff : -1;
            if (code == SQLiteErrorCode.SQLITE_READONLY.code || code == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
                // A crashed writer left a journal to roll back, which needs write access: the normal open does it.
                LOG.log(System.Logger.Level.DEBUG, "Read-only check of {0} skipped: {1}", file, e.getMessage());
                return;
            }
            throw failure(file, busyTimeout, "checking the database", e);
        }
    }

    /** The schema version of a backup, read without writing to it. */
    static int readOnlyUserVersion(Path backup) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection probe = config.createConnection("jdbc:sqlite:" + backup);
                Statement statement = probe.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        } catch (SQLException e) {
            throw new StoreException(StoreException.Reason.CORRUPT, "Backup " + backup
                    + " cannot be read as a SQLite database (" + e.getMessage() + "); nothing was restored.", e);
        }
    }

    static StoreException newerSchema(Path path, int version) {
        return new StoreException(StoreException.Reason.NEWER_SCHEMA, "The database " + path
                + " was written by a newer SecretDesk (schema version " + version + "; this one knows up to "
                + Database.latestSchemaVersion() + "). It was left untouched: use the newer SecretDesk, or set "
                + "SECRETDESK_DB to another file.");
    }

    static StoreException corrupt(Path path) {
        return new StoreException(StoreException.Reason.CORRUPT, "The database " + path
                + " is damaged or is not a SQLite database. It was left untouched: restore it from a backup, or "
                + "move it aside to start a new one, or set SECRETDESK_DB to another file.");
    }

    /** A SQL failure on {@code file} while {@code doing} something, as a {@link StoreException} of the right reason. */
    static StoreException failure(Path file, Duration busyTimeout, String doing, SQLException e) {
        int code = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code & 0xff : -1;
        String detail = e.getMessage();
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new StoreException(StoreException.Reason.LOCKED, "The database " + file
                    + " is locked by another process (waited " + busyTimeout.toMillis() + " ms while " + doing
                    + "). Close the other program writing to it and try again; nothing was changed.", e);
        }
        if (code == SQLiteErrorCode.SQLITE_CORRUPT.code || code == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return corrupt(file);
        }
        if (code == SQLiteErrorCode.SQLITE_READONLY.code || code == SQLiteErrorCode.SQLITE_PERM.code
                || code == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            return new StoreException(StoreException.Reason.READ_ONLY, "Cannot write the database " + file + " while "
                    + doing + ": check the permissions of the file and its folder (" + detail + ").", e);
        }
        if (code == SQLiteErrorCode.SQLITE_FULL.code) {
            return new StoreException(StoreException.Reason.FAILED, "The disk holding " + file
                    + " is full; free some space and try again. Nothing was changed.", e);
        }
        return new StoreException(StoreException.Reason.FAILED, "Database error on " + file + " while " + doing + ": "
                + detail, e);
    }
}
