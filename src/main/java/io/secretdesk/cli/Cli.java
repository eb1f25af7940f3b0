package io.secretdesk.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one CLI invocation; its exit codes are {@link ExitCode}'s.
 *
 * <p>Errors are one line on standard error, never a stack trace, unless {@value #DEBUG_VARIABLE} is set
 * (to anything but empty, {@code 0} or {@code false}). Argument errors never repeat what was typed: a
 * mistyped option may be a secret value (see {@link ArgumentErrors}).
 *
 * <p>Start-up: picocli reflects over every command it is given, which loads the types of their fields and
 * methods. So {@code --version} and the plain forms of {@code get} ({@link QuickGet}) run without it, a run that
 * names a verb gets that verb alone, and the whole tree is built only for help, completion and command lines that
 * do not name a known verb.
 */
public final class Cli {

    public static final int OK = ExitCode.OK.code();
    public static final int NOT_FOUND = ExitCode.NOT_FOUND.code();
    public static final int USAGE = ExitCode.USAGE.code();
    /** Set it to see the stack trace of an unexpected error. */
    public static final String DEBUG_VARIABLE = "SECRETDESK_DEBUG";

    private Cli() {
    }

    public static int run(CliContext context, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // Before picocli loads: building even the root's model by reflection cost more than the JVM's start.
            context.out().println(versionText());
            return OK;
        }
        // Every verb reads or writes files in the folder: say once when anyone could swap them.
        context.home().sharedFolderWarning().ifPresent(warning -> context.err().println("secretdesk: " + warning));
        // With SECRETDESK_SERVER set, picocli's path notes that it does not apply to get (TargetChoice).
        SecretVerbs.Get quickGet = context.env().containsKey(TargetChoice.VARIABLE) ? null : QuickGet.parse(args);
        if (quickGet != null) {
            return QuickGet.run(quickGet, context);
        }
        return viaPicocli(context, args);
    }

    /** {@link #run} without its fast paths: the whole command line read by picocli. */
    static int viaPicocli(CliContext context, String... args) {
        CommandLine commandLine = commandLine(context, args);
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        commandLine.setExitCodeExceptionMapper(exception -> USAGE);
        commandLine.setParameterExceptionHandler(new ArgumentErrors());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> failed(exception, context, cmd.getErr()));
        commandLine.setExecutionStrategy(parsed -> {
            TargetChoice.checkApplies(context, parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        return commandLine.execute(args);
    }

    /** What {@code --version} prints: the jar's version, or that this is a development build. */
    static String versionText() {
        String version = Cli.class.getPackage().getImplementationVersion();
        return "SecretDesk " + (version == null ? "(development build)" : version);
    }

    /**
     * Says on {@code err} why a verb failed and returns its exit code: a {@link CliException}'s own message and code,
     * else the first line of the failure and {@link ExitCode#INTERNAL} (the stack trace too with {@value #DEBUG_VARIABLE}).
     */
    static int failed(Exception exception, CliContext context, PrintWriter err) {
        if (exception instanceof CliException cliException) {
            // Every message we raise is written for people and free of secret values.
            err.println("secretdesk: " + cliException.getMessage());
            return cliException.exitCode();
        }
        boolean debug = debug(context);
        err.println("secretdesk: " + firstLine(exception) + (debug ? "" : " (set " + DEBUG_VARIABLE + "=1 for details)"));
        if (debug) {
            exception.printStackTrace(err);
        }
        return ExitCode.INTERNAL.code();
    }

    /**
     * The command tree for {@code args}: the root alone for {@code --version}, the root and the one verb named
     * first, or every verb (help, completion, a command line that names none or an unknown one).
     */
    static CommandLine commandLine(CliContext context, String... args) {
        CommandLine root = new CommandLine(new RootCommand(context));
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return root;
        }
        Object named = args.length == 0 ? null : RootCommand.verb(args[0]);
        if (named != null) {
            root.addSubcommand(new CommandLine(named));
        } else {
            for (Class<?> verb : RootCommand.verbs()) {
                root.addSubcommand(new CommandLine(instantiate(verb)));
            }
            root.addSubcommand("help", new CommandLine.HelpCommand());
        }
        describe(root);
        return root;
    }

    /** Every command in the tree under {@code commandLine}, itself first. */
    static List<CommandLine> tree(CommandLine commandLine) {
        List<CommandLine> all = new java.util.ArrayList<>();
        all.add(commandLine);
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            if (!all.contains(sub)) {
                all.addAll(tree(sub));
            }
        }
        return all;
    }

    /** The names of every verb, in --help's order. */
    public static List<String> verbNames() {
        List<String> names = new java.util.ArrayList<>();
        for (Class<?> verb : RootCommand.verbs()) {
            names.add(verb.getAnnotation(Command.class).name());
        }
        names.add("help");
        return names;
    }

    private static Object instantiate(Class<?> verb) {
        try {
            var constructor = verb.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the verb " + verb.getName(), e);
        }
    }

    /** Gives every command --help, the table of exit codes, and an example when its annotation has none. */
    private static void describe(CommandLine root) {
        Map<String, String> codes = new LinkedHashMap<>();
        for (ExitCode exit : ExitCode.values()) {
            codes.put(String.format("%3d", exit.code()), exit.meaning());
        }
        codes.put("", "run returns its command's exit code (128+N when signal N ended it)");
        for (CommandLine command : tree(root)) {
            CommandSpec spec = command.getCommandSpec();
            if (!spec.mixinStandardHelpOptions() && !(command.getCommand() instanceof CommandLine.HelpCommand)) {
                spec.mixinStandardHelpOptions(true);
            }
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
            if (command.getCommand() instanceof RunCommand) {
                // Options after COMMAND are COMMAND's: run -- ls -l, and run ls -l alike.
                command.setStopAtPositional(true);
            }
            if (spec.usageMessage().footer().length == 0) {
                VerbExamples.of(spec.qualifiedName()).ifPresent(example -> spec.usageMessage().footer(example));
            }
        }
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
