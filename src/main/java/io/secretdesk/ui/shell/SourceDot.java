package io.secretdesk.ui.shell;

import java.util.Locale;
import java.util.Objects;

/** What the status bar draws for one secret source: a coloured dot named after the source, and its tooltip. */
public record SourceDot(String name, State state, String tooltip) {

    /** The dot's colour, as a CSS style class. */
    public enum State {
        /** Not checked yet, or the check could not run. */
        UNKNOWN,
        CHECKING,
        AVAILABLE,
        UNAVAILABLE;

        public String styleClass() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SourceDot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(tooltip, "tooltip");
    }
}
