package io.secretdesk.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code get} without picocli, for the command lines scripts call in a loop: {@code get [--json]
 * [--allow-unavailable] KEY...}. Building picocli's model of even one verb (reflection, annotation proxies, its
 * type converters) cost a {@code get} more than the JVM's own start, so these runs skip it and run the same
 * {@link SecretVerbs.Get} directly. Anything else on the command line (help, another option, an option given twice,
 * {@code --}, an {@code @file}, a KEY starting with {@code -}) goes through picocli as before, so its checks and
 * messages stay the only ones.
 */
final class QuickGet {

    private QuickGet() {
    }

    /** The {@code get} that {@code args} asks for, or null when picocli must read them. */
    static SecretVerbs.Get parse(String... args) {
        if (args.length < 2 || !args[0].equals("get")) {
            return null;
        }
        boolean json = false;
        boolean allowUnavailable = false;
        List<String> keys = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--json") && !json) {
                json = true;
            } else if (arg.equals("--allow-unavailable") && !allowUnavailable) {
                allowUnavailable = true;
            } else if (arg.isEmpty() || arg.startsWith("-") || arg.startsWith("@")) {
                return null;
            } else {
                keys.add(arg);
            }
        }
        if (keys.isEmpty()) {
            return null;
        }
        SecretVerbs.Get get = new SecretVerbs.Get();
        get.keys = keys;
        get.json = json;
        get.allowUnavailable = allowUnavailable;
        return get;
    }

    /** Runs {@code get} in {@code context}; failures are reported as {@link Cli#failed} reports picocli's. */
    static int run(SecretVerbs.Get get, CliContext context) {
        get.root = new RootCommand(context);
        try {
            return get.call();
        } catch (Exception e) {
            return Cli.failed(e, context, new PrintWriter(context.err(), true));
        }
    }
}
