package io.secretdesk.cli;

/** A CLI failure with the exit code it maps to and a message for stderr (never a secret value). */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(ExitCode exitCode, String message) {
        this(exitCode.code(), message);
    }

    public int exitCode() {
        return exitCode;
    }
}
