package io.secretdesk;

import io.secretdesk.cli.Cli;
import io.secretdesk.cli.CliContext;

/**
 * Entry point of the jar: no arguments opens the console, a verb runs the CLI.
 *
 * <p>Deliberately not the {@code Application} subclass: a shaded jar whose main class extends
 * {@code Application} fails with "JavaFX runtime components are missing", and the CLI should not load
 * JavaFX at all.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            App.launchConsole(args);
            return;
        }
        System.exit(Cli.run(CliContext.system(), args));
    }
}
