package io.secretdesk.ui.secrets;

import io.secretdesk.core.secrets.ProviderId;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import javafx.scene.text.Font;
import javafx.scene.text.Text;
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

    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
    /** The card's fields' column gap and the setup hint's indent ({@code SecretsView.css}). */
    private static final double FIELD_GAP = 10;
    /** A label is laid out at whole pixels: 75 px for a word measured 75.4 px wide would wrap it. */
    private static final double SNAP = 2;

    /**
     * The width the card's content needs so that no word breaks inside: the title with its dot, every variable a hint
     * or the detail names, and each field's name with the widest word of its value (a path or address is left out: it
     * is cut at its start instead). Measured in the card's fonts (the fields and the detail share one size).
     */
    private static double wholeWords(SourceCard card, Label title, Label detail) {
        double widest = width(card.title(), title.getFont()) + 16 + SNAP; // the 8 px dot and its 8 px gap
        Font small = detail.getFont();
        double names = 0; // the names share one column, as wide as the widest of them
        double words = 0;
        for (SourceCard.Field field : card.fields()) {
            String value = field.value();
            if (namesVariable(value)) {
                widest = Math.max(widest, FIELD_GAP + widestWord(value, small) + SNAP);
                continue;
            }
            names = Math.max(names, width(field.label(), small));
            if (!value.startsWith("/") && !value.startsWith("http")) {
                words = Math.max(words, widestWord(value, small));
            }
        }
        widest = Math.max(widest, names + FIELD_GAP + words + 2 * SNAP);
        Matcher variables = VARIABLE.matcher(detail.getText() == null ? "" : detail.getText());
        while (variables.find()) {
            widest = Math.max(widest, width(variables.group(), small) + SNAP);
        }
        return Math.ceil(widest);
    }

    private static double widestWord(String text, Font font) {
        double widest = 0;
        for (String word : text.split(" ")) {
            widest = Math.max(widest, width(word, font));
        }
        return widest;
    }

    private static double width(String text, Font font) {
        Text measured = new Text(text);
        measured.setFont(font);
        return measured.getLayoutBounds().getWidth();
    }

    /** Whether a field's value is a setup hint that names an environment variable, e.g. "not set (VAULT_ADDR)". */
    static boolean namesVariable(String value) {
        return value.matches(".* \\([A-Z][A-Z0-9_]*\\)");
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
                if (namesVariable(field.value())) {
                    // "not set (SIMPLETUNER_AWS_SECRET_NAME)" beside its name left the variable ~90 px, so it wrapped
                    // inside the name. Under its name, across the card, it wraps only at its space: the name stays whole.
                    value.getStyleClass().add("setup-hint");
                    grid.add(label, 0, line++, 2, 1);
                    grid.add(value, 0, line++, 2, 1);
                } else {
                    grid.addRow(line++, label, value);
                }
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
        // Narrow enough to share the row, never so narrow that a word must break: the title, a variable a hint names
        // (SIMPLETUNER_AWS_SECRET_NAME) or a word of a value beside its name. Paths and addresses are cut at the start.
        box.minWidthProperty().bind(Bindings.createDoubleBinding(
                () -> wholeWords(card, title, detail) + box.snappedLeftInset() + box.snappedRightInset(),
                title.fontProperty(), detail.fontProperty(), shown, card.fields(), box.insetsProperty()));
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
