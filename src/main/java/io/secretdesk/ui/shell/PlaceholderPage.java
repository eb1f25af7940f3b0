package io.secretdesk.ui.shell;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The page shown in place of one that is not in this build or could not be built: the page's icon and why. */
final class PlaceholderPage implements ShellPage {

    private final VBox box;

    PlaceholderPage(NavItem item, String text) {
        FontIcon icon = new FontIcon(item.icon());
        icon.getStyleClass().add("placeholder-icon");
        Label words = new Label(text);
        words.getStyleClass().add("placeholder-text");
        words.setWrapText(true);
        box = new VBox(16, icon, words);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("placeholder-page");
        box.setId("page-" + item.name());
    }

    @Override
    public Node view() {
        return box;
    }
}
