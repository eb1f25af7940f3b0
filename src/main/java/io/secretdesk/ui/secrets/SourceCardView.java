package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.ProviderId;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.javafx.FontIcon;

/** Builds the nodes of the Secrets view's source cards (see {@link SourceCard}, the state they show). */
final class SourceCardView {

    /** Preferred card widths: the environment says little, the file's path is long; extra width is shared. */
    private static final PseudoClass PASSED = PseudoClass.getPseudoClass("passed");
    private static final PseudoClass TESTED = PseudoClass.getPseudoClass("tested");

    private SourceCardView() {
    }

    /** Preferred card widths: the environment says little, the file's path is long; extra width is shared. */
    private static double cardWidth(String source) {
        return ProviderId.of(source).map(id -> switch (id) {
            case ENV -> 165.0;
            case FILE -> 245.0;
            case AWS -> 225.0;
            case VAULT -> 205.0;
        }).orElse(210.0);
    }

    /**
     * One source card's node: the title with its state dot, the settings, the detail (or the last test's result)
     * and, for a testable source, a Test connection button that forwards to {@code test}.
     */
    static VBox build(SourceCard card, Consumer<SourceCard> test) {
        Circle dot = new Circle(4);
        dot.getStyleClass().add("dot");
        Label title = new Label(card.title(), dot);
        title.getStyleClass().add("card-title");
        title.setTooltip(new Tooltip(card.title() + " (" + card.name() + " in the status bar and the table)"));
        HBox header = new HBox(8, title);
        header.setAlignment(Pos.CENTER_LEFT);

        GridPane grid = new GridPane();
        grid.getStyleClass().add("card-fields");
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setMinWidth(0);
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(names, values);
        Runnable drawFields = () -> {
            grid.getChildren().clear();
            int line = 0;
            for (SourceCard.Field field : card.fields()) {
                Label label = new Label(field.label());
                label.getStyleClass().add("field-name");
                label.setMinWidth(Region.USE_PREF_SIZE);
                Label value = new Label(field.value());
                value.getStyleClass().add("field-value");
                value.setMinWidth(0);
                // A path or an address is told apart by its end: cut the start when it does not fit. Anything else
                // (a setup hint such as "not set (SIMPLETUNER_AWS_SECRET_NAME)") wraps, so it is never cut where it
                // says how.
                boolean location = field.value().startsWith("/") || field.value().startsWith("http");
                value.setTextOverrun(location ? OverrunStyle.LEADING_ELLIPSIS : OverrunStyle.ELLIPSIS);
                value.setWrapText(!location);
                value.setTooltip(new Tooltip(field.value()));
                grid.addRow(line++, label, value);
            }
        };
        drawFields.run();
        card.fields().addListener((ListChangeListener<SourceCard.Field>) change -> drawFields.run());

        // At most three lines (CSS); the whole reason is in the tooltip and in the banner above the table.
        Label detail = new Label();
        detail.getStyleClass().add("card-detail");
        detail.setWrapText(true);
        detail.setMinHeight(0);
        var shown = Bindings.when(card.testResultProperty().isEmpty()).then(card.detailProperty())
                .otherwise(card.testResultProperty());
        detail.textProperty().bind(shown);
        Tooltip whole = new Tooltip();
        whole.setWrapText(true);
        whole.setMaxWidth(420);
        whole.textProperty().bind(shown);
        detail.setTooltip(whole);
        card.testResultProperty().addListener((obs, old, now) -> detail.pseudoClassStateChanged(TESTED, !now.isEmpty()));
        card.testPassedProperty().addListener((obs, was, passed) -> detail.pseudoClassStateChanged(PASSED, passed));
        VBox box = new VBox(6, header, grid, detail);
        box.setMinWidth(0);
        box.setMaxHeight(Double.MAX_VALUE);
        box.getStyleClass().addAll("source-card", card.stateProperty().get().styleClass());
        box.setId("source-card-" + card.name());
        card.stateProperty().addListener((obs, old, now) -> {
            box.getStyleClass().remove(old.styleClass());
            box.getStyleClass().add(now.styleClass());
        });

        if (card.testable()) {
            Button button = new Button("Test connection", new FontIcon("mdi2l-lan-connect"));
            button.getStyleClass().addAll("small", "test-button");
            button.setId("test-" + card.name());
            button.disableProperty().bind(card.testingProperty());
            button.setOnAction(event -> test.accept(card));
            HBox actions = new HBox(8, button);
            LazySpinner.addWhen(actions, 1, card.testingProperty());
            actions.setAlignment(Pos.CENTER_LEFT);
            Region push = new Region();
            VBox.setVgrow(push, Priority.ALWAYS); // buttons line up along the bottom of the row of cards
            box.getChildren().addAll(push, actions);
        }
        detail.setId("source-detail-" + card.name());
        box.setPrefWidth(cardWidth(card.name()));
        return box;
    }
}
