package io.secretdesk.ui.shell;

import java.util.Objects;

/**
 * One entry of the shell's navigation: the page's registry name, its title, and its Ikonli icon literal.
 */
public record NavItem(String name, String title, String icon) {

    public NavItem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(icon, "icon");
    }
}
