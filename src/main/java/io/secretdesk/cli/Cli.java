package io.secretdesk.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs one CLI invocation. Exit codes: 0 ok, 1 not found (or a failed check), 2 usage or input error.
 */
public final class Cli {

    public static final int OK = 0;
    public static final int NOT_FOUND = 1;
    public static final int USAGE = 2;

    private Cli() {
    }

    public static int run(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(new RootCommand(context));
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setExitCodeExceptionMapper(exception -> USAGE);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            // Every message we raise is written for people and free of secret values; no stack traces.
            String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
            cmd.getErr().println("secretdesk: " + message);
            return exception instanceof CliException cliException ? cliException.exitCode() : USAGE;
        });
        return commandLine.execute(args);
    }
}
