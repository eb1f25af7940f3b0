package io.secretdesk.core.secrets.edit;

import io.secretdesk.core.secrets.SecretProviderException;

/**
 * A write, history read or restore failed; nothing was written. The message says what happened and what to do,
 * and never holds a value.
 */
public class EditException extends SecretProviderException {

    private static final long serialVersionUID = 1L;

    public EditException(String message) {
        super(message);
    }

    public EditException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The source changed since it was read: someone else wrote it. Never retried blindly; the caller shows both
     * versions and lets the operator decide.
     */
    public static final class Conflict extends EditException {
        private static final long serialVersionUID = 1L;
        private final String source;
        private final String yourVersion;
        private final String theirVersion;

        public Conflict(String source, String where, String yourVersion, String theirVersion) {
            this(source, where + " was changed by someone else since you opened it (you opened version " + yourVersion
                    + ", it is now " + (theirVersion == null ? "at a newer version" : "version " + theirVersion)
                    + "); nothing was written. Compare the two versions, then save again", yourVersion, theirVersion, true);
        }

        private Conflict(String source, String message, String yourVersion, String theirVersion, boolean worded) {
            super(message);
            this.source = source;
            this.yourVersion = yourVersion;
            this.theirVersion = theirVersion;
        }

        /** A conflict on one key of a source without versions of its own (the secrets file). */
        public static Conflict onKey(String source, String where, String key) {
            return new Conflict(source, key + " in " + where + " was changed by someone else since you opened it; nothing was"
                    + " written. Compare the two values, then save again", "opened", "changed", true);
        }

        public String source() {
            return source;
        }

        /** The version the write was based on. */
        public String yourVersion() {
            return yourVersion;
        }

        /** The version the source is at now, when known. */
        public String theirVersion() {
            return theirVersion;
        }
    }

    /** The credentials lack a permission; the message names it and the permissions the operation needs. */
    public static final class Denied extends EditException {
        private static final long serialVersionUID = 1L;

        public Denied(String message) {
            super(message);
        }
    }

    /** The source keeps no versions (Vault KV v1): a write replaces the value for good and cannot detect a change. */
    public static final class Unversioned extends EditException {
        private static final long serialVersionUID = 1L;

        public Unversioned(String message) {
            super(message);
        }
    }
}
