package io.secretdesk.core.store;

import java.util.Objects;

/**
 * The console database could not do what was asked. The message says what happened and what to do; it
 * never holds a credential or config value. {@link #reason()} lets callers choose an exit code or a dialog.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure this is. */
    public enum Reason {
        /** The file is not a SQLite database, or it is damaged. Nothing was written to it. */
        CORRUPT,
        /** The database was written by a newer SecretDesk (a higher schema version). Nothing was written to it. */
        NEWER_SCHEMA,
        /** Another process held the database lock longer than the busy timeout. */
        LOCKED,
        /** The file or its folder cannot be written. */
        READ_ONLY,
        /** Stored data cannot be read as expected (e.g. a config that is not a JSON object). */
        INVALID_DATA,
        /** Input that was rejected before anything was written (a bad name, a bad JSON document). */
        INVALID_INPUT,
        /** What was asked for does not exist (a user, a credential, a table SimpleTuner has not created yet). */
        NOT_FOUND,
        /** Any other failure of the file system or of SQLite. */
        FAILED
    }

    private final transient Reason reason;

    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
