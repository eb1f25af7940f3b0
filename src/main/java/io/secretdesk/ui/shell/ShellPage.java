package io.secretdesk.ui.shell;

import javafx.scene.Node;

/**
 * One page of the console as the shell sees it: the node it shows, the two page-level shortcuts the shell
 * forwards (Ctrl+F and F5), and whether quitting would lose edits. Each view package supplies one through the
 * {@link PageRegistry}.
 */
public interface ShellPage {

    /** The page's root node; the same node every time. */
    Node view();

    /** Moves the focus to the page's search box; returns false when the page has none. */
    default boolean focusSearch() {
        return false;
    }

    /** Reloads what the page shows (F5); runs its blocking work off the FX thread. */
    default void refresh() {
    }

    /**
     * Removes the page's transient notices and pending confirmations; the shell calls it when the page is left, the
     * theme changes or the console locks, so a toast never outlives what it was about.
     */
    default void dismissNotices() {
    }

    /** Whether the page holds edits that quitting would lose; the shell asks before quitting while one does. */
    default boolean hasUnsavedChanges() {
        return false;
    }
}
