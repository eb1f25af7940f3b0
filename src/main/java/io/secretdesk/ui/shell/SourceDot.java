package io.secretdesk.ui.shell;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * What the dots say, by source name: true for answered, false for failed; a source not checked yet or being checked
     * is left out. The Secrets page reloads when this disagrees with its cards, so both say the same.
     */
    public static Map<String, Boolean> available(List<SourceDot> dots) {
        Map<String, Boolean> available = new HashMap<>();
        for (SourceDot dot : dots) {
            if (dot.state() == State.AVAILABLE || dot.state() == State.UNAVAILABLE) {
                available.put(dot.name(), dot.state() == State.AVAILABLE);
            }
        }
        return available;
    }
}
