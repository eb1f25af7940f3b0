package io.secretdesk.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * Reports a command line that does not parse (exit 2) without repeating any argument that was typed.
 *
 * <p>picocli's own messages quote them ("Unknown option: '-s3cret'", "Unmatched argument ... 'value'"), and
 * {@code secretdesk set KEY -s3cret} would put a secret on the terminal and into logs of standard error. So
 * the message names the problem, the option or parameter concerned, and where the typed word was (its
 * position), never its text.
 */
final class ArgumentErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + describe(exception, command, args));
        command.usage(err);
        return Cli.USAGE;
    }

    private static String describe(ParameterException exception, CommandLine command, String[] args) {
        if (exception instanceof CommandLine.MissingParameterException) {
            return exception.getMessage(); // built from parameter labels only: "Missing required parameter: 'KEY'"
        }
        if (exception instanceof CommandLine.UnmatchedArgumentException unmatched) {
            return unmatched(unmatched.getUnmatched(), command, args);
        }
        if (exception instanceof CommandLine.OverwrittenOptionException overwritten) {
            return "option " + name(overwritten.getOverwritten()) + " was given more than once";
        }
        ArgSpec spec = exception.getArgSpec();
        if (spec != null) {
            return "invalid value for " + name(spec) + " (not repeated here)";
        }
        return "the arguments do not fit this command (not repeated here, in case one is a secret)";
    }

    private static String unmatched(List<String> words, CommandLine command, String[] args) {
        String where = positions(words, args);
        boolean anOption = words.stream().anyMatch(word -> word.startsWith("-"));
        String what;
        if (command.getParent() == null && !command.getSubcommands().isEmpty() && !anOption) {
            what = "unknown verb" + positions(words.subList(0, 1), args) + "; the verbs are "
                    + String.join(", ", command.getSubcommands().keySet());
        } else if (anOption) {
            what = "unknown option" + where + " (not repeated here, in case it is a secret value). A value that starts "
                    + "with '-' goes after '--' (e.g. secretdesk set KEY -- VALUE); better, leave the value out and type it "
                    + "or pipe it on standard input";
        } else {
            what = (words.size() == 1 ? "one argument too many" : words.size() + " arguments too many") + where
                    + " (not repeated here, in case one is a secret value)";
        }
        return what;
    }

    /** " at argument 3" / " at arguments 3, 4": where the words were on the command line, 1-based. */
    private static String positions(List<String> words, String[] args) {
        StringBuilder found = new StringBuilder();
        int count = 0;
        boolean[] used = new boolean[args.length];
        for (String word : words) {
            for (int i = 0; i < args.length; i++) {
                if (!used[i] && args[i].equals(word)) {
                    used[i] = true;
                    found.append(count++ == 0 ? "" : ", ").append(i + 1);
                    break;
                }
            }
        }
        return count == 0 ? "" : " at argument" + (count == 1 ? " " : "s ") + found;
    }

    private static String name(ArgSpec spec) {
        if (spec instanceof OptionSpec option) {
            return "option " + option.longestName();
        }
        if (spec instanceof PositionalParamSpec positional) {
            return positional.paramLabel();
        }
        return "an argument";
    }
}
