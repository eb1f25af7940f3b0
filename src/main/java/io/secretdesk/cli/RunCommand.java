package io.secretdesk.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import static java.nio.charset.StandardCharsets.UTF_8;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code run -- COMMAND ARGS…}: starts COMMAND with the resolved secrets added to its environment, hands it this
 * process's standard input, output and error, forwards the signals that would end this process, and exits with
 * its exit code. Never prints a value; the child's output is passed through untouched (no masking).
 */
@Command(name = "run", description = {"Start COMMAND with secrets added to its environment (KEYS given with --only, else "
        + "every key any provider holds), pass it standard input, output and error and the signals INT, TERM and HUP, and "
        + "exit with its exit code. Nothing is started when a key is missing (exit 1, unless --allow-missing) or a "
        + "provider could not answer (exit 3, unless --allow-unavailable). A COMMAND that is not found is exit 127, one "
        + "that cannot be executed 126. Values are never printed; the command's own output is not masked."},
        footer = {"%nExamples:", "  secretdesk run --only HF_TOKEN,REPLICATE_API_TOKEN -- python train.py --config job.toml",
            "  secretdesk run -- ./deploy.sh"})
final class RunCommand extends SecretVerbs.Verb {

    @Option(names = "--only", paramLabel = "KEYS", split = ",", description = "Only these keys (comma-separated or repeated).")
    List<String> only;

    @Option(names = "--allow-missing", description = "Start COMMAND without the keys no provider has (a warning names them).")
    boolean allowMissing;

    @Option(names = "--allow-unavailable", description = "Start COMMAND with what the providers that answered hold when others "
            + "could not (a warning names them).")
    boolean allowUnavailable;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    int run() throws Exception {
        Selection selection = only != null && !only.isEmpty() ? Selection.of(secrets(), only) : Selection.all(secrets());
        ExitCode refusal = selection.refusal(context().err(), allowUnavailable, allowMissing);
        if (refusal != ExitCode.OK) {
            return refusal.code();
        }
        Map<String, String> added = new LinkedHashMap<>();
        selection.values().forEach((key, value) -> {
            Optional<String> problem = environmentProblem(key, value);
            if (problem.isEmpty()) {
                added.put(key, value);
            } else if (only != null && !only.isEmpty()) {
                throw new CliException(ExitCode.USAGE, problem.get() + "; nothing was started");
            } else {
                context().err().println("secretdesk: warning: left out: " + problem.get());
            }
        });
        Map<String, String> environment = new LinkedHashMap<>(context().env());
        environment.putAll(added);
        Optional<ExitCode> unstartable = unstartable(command.get(0), environment.get("PATH"));
        if (unstartable.isPresent()) {
            context().err().println("secretdesk run: " + command.get(0) + (unstartable.get() == ExitCode.COMMAND_NOT_FOUND
                    ? ": command not found" : ": cannot execute (not an executable file)"));
            return unstartable.get().code();
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        boolean ownStreams = context().ownsProcessStreams();
        if (ownStreams) {
            builder.inheritIO();
        }
        ChildSignals signals = ownStreams ? ChildSignals.install(context().interactive()) : null;
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            // Between the check and the start the file may have gone, or the kernel refused it (no interpreter).
            context().err().println("secretdesk run: " + command.get(0) + ": cannot execute");
            return ExitCode.CANNOT_EXECUTE.code();
        }
        if (ownStreams) {
            signals.attach(child);
            return waitFor(child);
        }
        pump(context().in(), child.getOutputStream(), true);
        Thread out = pump(child.getInputStream(), context().out(), false);
        Thread err = pump(child.getErrorStream(), context().err(), false);
        int code = waitFor(child);
        out.join();
        err.join();
        return code;
    }

    /** The child's exit code (128+N when signal N ended it), waiting through interrupts. */
    private static int waitFor(Process child) {
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // Not ours to end: the child decides, and its code is ours.
            }
        }
    }

    /**
     * Why a key or value cannot go into an environment: a name needs no {@code =} and no NUL and must not be
     * empty; a value cannot hold NUL, nor an unpaired surrogate (it has no UTF-8 form). Never quotes the value.
     */
    static Optional<String> environmentProblem(String key, String value) {
        Charset encoding;
        try {
            encoding = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (IllegalArgumentException e) {
            encoding = UTF_8;
        }
        return environmentProblem(key, value, encoding);
    }

    /**
     * As {@link #environmentProblem(String, String)}, where the JVM hands the environment to a child in
     * {@code encoding} (the locale's: US-ASCII under LANG=C, and no option changes it), which must hold every
     * character or the child would get {@code ?} in their place.
     */
    static Optional<String> environmentProblem(String key, String value, Charset encoding) {
        if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
            return Optional.of("the key " + key.replace("\0", "\\0") + " cannot be an environment variable name (it holds = or NUL)");
        }
        if (value.indexOf('\0') >= 0) {
            return Optional.of("the value of " + key + " holds a NUL character, which an environment variable cannot hold");
        }
        if (!ExportFormat.ENV.problem("A", value).isEmpty()) {
            return Optional.of("the value of " + key + " holds an unpaired UTF-16 surrogate, which has no UTF-8 form");
        }
        if (!encoding.newEncoder().canEncode(key) || !encoding.newEncoder().canEncode(value)) {
            return Optional.of("the key or value of " + key + " holds characters this process's locale (" + encoding.name()
                    + ") cannot pass to a command; run secretdesk with a UTF-8 locale, e.g. LANG=C.UTF-8");
        }
        return Optional.empty();
    }

    /**
     * Whether {@code name} cannot be started, as a shell decides: with a slash it is a path, else it is looked up in
     * {@code path}; none found is 127, found but not an executable file 126.
     */
    static Optional<ExitCode> unstartable(String name, String path) {
        List<Path> candidates = new ArrayList<>();
        if (name.contains("/")) {
            candidates.add(Path.of(name));
        } else if (path != null) {
            for (String folder : path.split(File.pathSeparator, -1)) {
                candidates.add(Path.of(folder.isEmpty() ? "." : folder, name));
            }
        }
        boolean exists = false;
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.empty();
            }
            exists |= Files.exists(candidate);
        }
        return Optional.of(exists ? ExitCode.CANNOT_EXECUTE : ExitCode.COMMAND_NOT_FOUND);
    }

    /** Copies {@code from} to {@code to} on a daemon thread (closing {@code to} at the end when asked). */
    private static Thread pump(InputStream from, OutputStream to, boolean closeAtEnd) {
        Thread thread = new Thread(() -> {
            try {
                from.transferTo(to);
                to.flush();
            } catch (IOException e) {
                // The child closed its end: nothing more to copy.
            } finally {
                if (closeAtEnd) {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // already closed by the child
                    }
                }
            }
        }, "secretdesk-run-pipe");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
