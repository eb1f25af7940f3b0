package io.secretdesk.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs one CLI invocation. Exit codes: 0 ok, 1 not found or failed (a failed check, a store that refused,
 * an unexpected error), 2 usage or input error.
 *
 * <p>Errors are one line on standard error, never a stack trace, unless {@value #DEBUG_VARIABLE} is set
 * (to anything but empty, {@code 0} or {@code false}). Argument errors never repeat what was typed: a
 * mistyped option may be a secret value (see {@link ArgumentErrors}).
 */
public final class Cli {

    public static final int OK = 0;
    public static final int NOT_FOUND = 1;
    public static final int USAGE = 2;
    /** Set it to see the stack trace of an unexpected error. */
    public static final String DEBUG_VARIABLE = "SECRETDESK_DEBUG";

    private Cli() {
    }

    public static int run(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(new RootCommand(context));
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setExitCodeExceptionMapper(exception -> USAGE);
        commandLine.setParameterExceptionHandler(new ArgumentErrors());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof CliException cliException) {
                // Every message we raise is written for people and free of secret values.
                cmd.getErr().println("secretdesk: " + cliException.getMessage());
                return cliException.exitCode();
            }
            boolean debug = debug(context);
            cmd.getErr().println("secretdesk: " + firstLine(exception) + (debug ? ""
                    : " (set " + DEBUG_VARIABLE + "=1 for details)"));
            if (debug) {
                exception.printStackTrace(cmd.getErr());
            }
            return NOT_FOUND;
        });
        commandLine.setExecutionStrategy(parsed -> {
            TargetChoice.checkApplies(context, parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        // Every verb reads or writes files in the folder: say once when anyone could swap them.
        context.home().sharedFolderWarning().ifPresent(warning -> context.err().println("secretdesk: " + warning));
        return commandLine.execute(args);
    }

    private static boolean debug(CliContext context) {
        String value = context.env().get(DEBUG_VARIABLE);
        return value != null && !value.isBlank() && !"0".equals(value.strip()) && !"false".equalsIgnoreCase(value.strip());
    }

    private static String firstLine(Exception exception) {
        String message = exception.getMessage();
        if (message == null || message.isBlank()) {
            return "unexpected " + exception.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
