package io.secretdesk.cli;

import java.io.IOException;
import java.util.ArrayList;
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

    private final boolean terminal;
    private Process child;
    private final List<String> pending = new ArrayList<>();

    private ChildSignals(boolean terminal) {
        this.terminal = terminal;
    }

    /**
     * Takes TERM, HUP and INT over before the child starts: a signal sent as soon as the child shows signs of life
     * must never find the JVM's default handler (which would end this process and leave the child running). A signal
     * that arrives before {@link #attach} is delivered to the child once it exists.
     */
    static ChildSignals install(boolean terminal) {
        ChildSignals signals = new ChildSignals(terminal);
        for (String name : List.of("TERM", "HUP", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> signals.received(name));
            } catch (IllegalArgumentException e) {
                // This platform has no such signal, or the JVM keeps it (e.g. with -Xrs): leave it as it is.
            }
        }
        return signals;
    }

    /** The child that gets the signals from now on, with any that came while it was starting. */
    void attach(Process started) {
        List<String> early;
        synchronized (this) {
            child = started;
            early = List.copyOf(pending);
            pending.clear();
        }
        early.forEach(name -> send(started, name));
    }

    private void received(String name) {
        if (terminal && name.equals("INT")) {
            return; // the terminal already sent it to the whole foreground group, the child included
        }
        Process target;
        synchronized (this) {
            target = child;
            if (target == null) {
                pending.add(name);
                return;
            }
        }
        if (target.isAlive()) {
            send(target, name);
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
