package io.secretdesk.ui.shell;

import java.util.Objects;

/**
 * One secret source's availability as the status bar shows it: its name ({@code env}, {@code file},
 * {@code aws}, {@code vault}), whether it can answer now, and one line saying why not or what it found.
 * {@code detail} never holds a secret value.
 */
public record SourceStatus(String name, boolean available, String detail) {

    public SourceStatus {
        Objects.requireNonNull(name, "name");
        detail = detail == null ? "" : detail;
    }
}
