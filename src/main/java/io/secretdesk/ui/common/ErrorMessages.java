package io.secretdesk.ui.common;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns an exception into the one line a view shows in its error label: what happened, in words, never a
 * stack trace.
 *
 * <p>The core's exceptions already carry messages written for people (and never a secret value), so those
 * are used as they are; wrappers are unwrapped, and JDK exceptions whose message is only a path or empty
 * get a few words around it.
 */
public final class ErrorMessages {

    /**
     * Long enough for a server's line: its name, the route, what happened and what to do (a 401 from a server with a
     * path prefix runs past 240 characters), short enough for one line in a status label.
     */
    static final int MAX_LENGTH = 400;

    private ErrorMessages() {
    }

    /** One readable line for {@code failure}; never null, never blank, never longer than {@value #MAX_LENGTH} characters. */
    public static String oneLine(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause == null) {
            return "Something went wrong, but no reason was given.";
        }
        String text = describe(cause);
        return shorten(firstLine(text));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; depth < 10 && t != null && t.getCause() != null; depth++) {
            if (t instanceof ExecutionException || t instanceof CompletionException
                    || t instanceof InvocationTargetException || t instanceof UncheckedIOException) {
                t = t.getCause();
            } else {
                break;
            }
        }
        return t;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().strip();
        if (t instanceof NoSuchFileException e) {
            return "File not found: " + e.getFile();
        }
        if (t instanceof AccessDeniedException e) {
            return "Permission denied: " + e.getFile();
        }
        if (t instanceof FileAlreadyExistsException e) {
            return "File already exists: " + e.getFile();
        }
        if (t instanceof UnknownHostException) {
            return "Unknown host" + (message.isEmpty() ? "" : ": " + message) + " (check the address)";
        }
        if (t instanceof ConnectException) {
            return "Could not connect" + (message.isEmpty() ? "" : ": " + message) + " (is the server running?)";
        }
        if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
            return "Timed out" + (message.isEmpty() ? "" : ": " + message) + " (the server did not answer in time)";
        }
        if (t instanceof InterruptedException) {
            return "Interrupted before it finished; try again.";
        }
        if (!message.isEmpty()) {
            return message;
        }
        return words(t.getClass().getSimpleName()) + " (no details were given)";
    }

    /** "IllegalStateException" -> "Illegal state", for exceptions that carry no message. */
    static String words(String simpleName) {
        String name = simpleName.replaceFirst("(Exception|Error)$", "");
        if (name.isEmpty()) {
            return simpleName;
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                out.append(' ').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.strip();
    }

    private static String shorten(String line) {
        return line.length() <= MAX_LENGTH ? line : line.substring(0, MAX_LENGTH - 1) + "…";
    }
}
