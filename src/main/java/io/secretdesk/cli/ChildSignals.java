package io.secretdesk.cli;

import java.io.IOException;
import java.util.List;
import sun.misc.Signal;

/**
 * Hands the signals that would end {@code secretdesk run} to its child instead, so the child decides and its
 * exit code is returned: TERM (what {@code kill}, {@code timeout} and container runtimes send), HUP, and INT.
 *
 * <p>On a terminal, Ctrl-C already sends INT to the whole foreground process group, the child included; then INT
 * is only kept from ending this process, not sent a second time. Elsewhere (a script's {@code kill -INT}) it is
 * forwarded. The JVM offers no call to send INT or HUP, so those go through {@code kill}; TERM is
 * {@link Process#destroy()}. A signal this JVM cannot handle (SIGKILL) ends it and leaves the child running.
 */
final class ChildSignals {

    private ChildSignals() {
    }

    static void forward(Process child, boolean terminal) {
        for (String name : List.of("TERM", "HUP", "INT")) {
            boolean alreadyDelivered = terminal && name.equals("INT");
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (!alreadyDelivered && child.isAlive()) {
                        send(child, name);
                    }
                });
            } catch (IllegalArgumentException e) {
                // This platform has no such signal, or the JVM keeps it (e.g. with -Xrs): leave it as it is.
            }
        }
    }

    private static void send(Process child, String name) {
        if (name.equals("TERM")) {
            child.destroy();
            return;
        }
        try {
            new ProcessBuilder("kill", "-s", name, Long.toString(child.pid())).inheritIO().start();
        } catch (IOException e) {
            child.destroy(); // no kill(1): TERM is the nearest the JVM can send
        }
    }
}
