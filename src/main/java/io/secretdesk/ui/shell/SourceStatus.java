package io.secretdesk.ui.shell;

import java.util.Objects;

/**
 * One secret source's availability as the status bar shows it: its name ({@code env}, {@code file},
 * {@code aws}, {@code vault}), whether it can answer now, and one line saying why not or what it found.
 * {@code detail} never holds a secret value. {@code configured} is false for a source nobody has set up (shown grey).
 */
public record SourceStatus(String name, boolean available, String detail, boolean configured) {

    public SourceStatus {
        Objects.requireNonNull(name, "name");
        detail = detail == null ? "" : detail;
    }

    /** A source that is set up: unavailable means failing. */
    public SourceStatus(String name, boolean available, String detail) {
        this(name, available, detail, true);
    }
}
