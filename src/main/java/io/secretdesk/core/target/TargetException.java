package io.secretdesk.core.target;

import java.util.Objects;

/** A target could not do what was asked; the message is for people and never holds a secret value. */
public final class TargetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why, for exit codes and for how a view shows it. */
    public enum Reason {
        /** The server did not answer in time, or its host cannot be reached. */
        UNREACHABLE,
        /** The server refused the credentials or the permission (401/403). */
        DENIED,
        /** The target cannot do this (an older server, a route it does not have). */
        UNSUPPORTED,
        /** Someone else changed it meanwhile. */
        CONFLICT,
        /** It does not exist (a provider, a user). */
        NOT_FOUND,
        /** The input was refused before anything was changed. */
        INVALID_INPUT,
        /** A store refused (locked, newer schema, permissions). */
        REFUSED,
        /** Anything else. */
        FAILED
    }

    private final transient Reason reason;

    public TargetException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public TargetException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
