package io.secretdesk;

import io.secretdesk.cli.Cli;
import io.secretdesk.cli.CliContext;
import io.secretdesk.cli.ExitCode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
            Optional<String> noDisplay = noDisplay(System.getenv(), System.getProperty("os.name", ""),
                    System.getProperty("glass.platform"));
            if (noDisplay.isPresent()) {
                System.err.println(noDisplayMessage(noDisplay.get()));
                System.exit(ExitCode.USAGE.code());
            }
            // A display that is set but cannot be opened (a closed X forwarding) fails inside JavaFX's launcher.
            Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
                if (failure instanceof UnsupportedOperationException && String.valueOf(failure.getMessage()).contains("DISPLAY")) {
                    System.err.println(noDisplayMessage("the display " + System.getenv("DISPLAY") + " cannot be opened"));
                    Runtime.getRuntime().halt(ExitCode.USAGE.code());
                }
                System.err.println("Exception in thread \"" + thread.getName() + "\" ");
                failure.printStackTrace();
            });
            App.launchConsole(args);
            return;
        }
        System.exit(Cli.run(CliContext.system(), args));
    }

    /**
     * Why the console cannot open here, if that is known before trying: on Linux and the BSDs, neither
     * {@code DISPLAY} nor {@code WAYLAND_DISPLAY} is set (Windows and macOS always have a display; a headless
     * Monocle run sets {@code glass.platform}).
     */
    static Optional<String> noDisplay(Map<String, String> env, String osName, String glassPlatform) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac") || glassPlatform != null) {
            return Optional.empty();
        }
        boolean x11 = env.getOrDefault("DISPLAY", "").isBlank();
        boolean wayland = env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
        return x11 && wayland ? Optional.of("no display: DISPLAY and WAYLAND_DISPLAY are not set") : Optional.empty();
    }

    static String noDisplayMessage(String why) {
        return "secretdesk: " + why + ", so the console cannot open. The CLI works without one: secretdesk VERB, where VERB is "
                + String.join(", ", Cli.verbNames()) + " ('secretdesk --help' says more).";
    }
}
