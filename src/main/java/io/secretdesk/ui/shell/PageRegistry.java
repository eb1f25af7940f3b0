package io.secretdesk.ui.shell;

import io.secretdesk.ui.common.ErrorMessages;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The pages the shell can show, by name ({@link MainViewModel#PAGES}): each view registers a factory, and
 * the shell builds a page the first time it is shown, so start-up pays only for the first page. A name
 * with no factory, or whose factory fails, shows a placeholder instead.
 */
public final class PageRegistry {

    private static final Logger LOG = System.getLogger(PageRegistry.class.getName());

    private final Map<String, Supplier<? extends ShellPage>> factories = new HashMap<>();
    private final Map<String, ShellPage> built = new HashMap<>();

    /** Registers the factory of page {@code name}; called once per page, before the shell shows it. */
    public PageRegistry register(String name, Supplier<? extends ShellPage> factory) {
        Objects.requireNonNull(factory, "factory");
        if (MainViewModel.PAGES.stream().noneMatch(item -> item.name().equals(name))) {
            throw new IllegalArgumentException("No page named '" + name + "' in the navigation");
        }
        if (factories.putIfAbsent(name, factory) != null) {
            throw new IllegalStateException("Page '" + name + "' is registered twice");
        }
        return this;
    }

    /** The page for {@code item}, built on first use; call on the FX thread. */
    ShellPage page(NavItem item) {
        return built.computeIfAbsent(item.name(), name -> build(item));
    }

    /** The pages built so far that hold unsaved edits, in navigation order; call on the FX thread. */
    List<NavItem> withUnsavedChanges() {
        List<NavItem> unsaved = new ArrayList<>();
        for (NavItem item : MainViewModel.PAGES) {
            ShellPage page = built.get(item.name());
            if (page != null && page.hasUnsavedChanges()) {
                unsaved.add(item);
            }
        }
        return unsaved;
    }

    /** Tells every page built so far to drop its notices and pending confirmations; FX thread. */
    void dismissNotices() {
        built.values().forEach(ShellPage::dismissNotices);
    }

    /** Whether the page named {@code name} has been built yet. */
    boolean isBuilt(String name) {
        return built.containsKey(name);
    }

    private ShellPage build(NavItem item) {
        Supplier<? extends ShellPage> factory = factories.get(item.name());
        if (factory == null) {
            return placeholder(item, "The " + item.title() + " view is not part of this build yet.");
        }
        try {
            return Objects.requireNonNull(factory.get(), "the page factory returned null");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the " + item.name() + " page could not be built", e);
            return placeholder(item, "This page could not be opened: " + ErrorMessages.oneLine(e));
        }
    }

    private static ShellPage placeholder(NavItem item, String text) {
        return new PlaceholderPage(item, text);
    }
}
