package io.secretdesk.cli;

import io.secretdesk.core.store.StoreException;
import io.secretdesk.core.target.TargetException;

/**
 * The exit codes of every CLI verb, each with one meaning: the one table {@code --help} and docs/cli.md print.
 *
 * <p>{@code run} is the exception by design: once its command has started, the exit code is the command's own
 * (126 and 127 when it cannot be started, as a shell says).
 */
public enum ExitCode {
    /** Found, done, verified. */
    OK(0, "found / done"),
    /** What was asked for is not there, and every source that might hold it answered. */
    NOT_FOUND(1, "not found: every provider that might hold it answered, and none has it"),
    /** The command line or the input was refused before anything was done. */
    USAGE(2, "usage or input error (nothing was changed), or no display for the console"),
    /** A source that might hold the answer could not be asked (down, hanging, bad credentials); stderr names it. */
    UNAVAILABLE(3, "a provider that might hold the key could not answer (named on stderr); --allow-unavailable accepts best effort"),
    /** A store refused: locked, written by a newer version, no permission, a damaged or malformed file, no key. */
    REFUSED(4, "refused by a store: locked, newer schema, no permission, damaged or malformed file, no usable key"),
    /** A check ran and found a problem (a broken audit chain, a token no key decrypts, a failed rotation check). */
    CHECK_FAILED(5, "a check failed: a broken audit chain, a token no key decrypts, a rotation check"),
    /** The operator said no at a prompt; nothing was changed. */
    DECLINED(6, "the operator declined at a prompt; nothing was changed"),
    /** A bug or an error nobody planned for; one line on stderr ({@code SECRETDESK_DEBUG=1} for the trace). */
    INTERNAL(70, "unexpected internal error (set SECRETDESK_DEBUG=1 for the stack trace)"),
    /** {@code run}: the command was found but could not be executed. */
    CANNOT_EXECUTE(126, "run: the command exists but cannot be executed"),
    /** {@code run}: no such command. */
    COMMAND_NOT_FOUND(127, "run: the command was not found");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** A store's failure as an exit code: input it refused is a usage error, a missing thing not found, else a refusal. */
    public static ExitCode forStore(StoreException.Reason reason) {
        return switch (reason) {
            case INVALID_INPUT -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            default -> REFUSED;
        };
    }

    /**
     * A target's failure as an exit code: a server that could not be asked or answered nonsense is unavailable, one
     * that refused the key or the change is a refusal, input it refused a usage error.
     */
    public static ExitCode forTarget(TargetException.Reason reason) {
        return switch (reason) {
            case INVALID_INPUT -> USAGE;
            case NOT_FOUND -> NOT_FOUND;
            case UNREACHABLE, FAILED -> UNAVAILABLE;
            case DENIED, UNSUPPORTED, CONFLICT, REFUSED -> REFUSED;
        };
    }
}
