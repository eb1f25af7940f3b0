package io.secretdesk.ui.secrets;

import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.SecretField;
import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The per-key detail pane beside the Secrets table: binds {@link KeyDetailViewModel} and forwards clicks. Values are
 * shown only through {@link SecretField}s, masked, one revealed at a time.
 */
public final class KeyDetailController {

    private final KeyDetailViewModel model;

    @FXML private ScrollPane root;
    @FXML private Label keyLabel;
    @FXML private VBox sourcesBox;
    @FXML private ComboBox<String> targetBox;
    @FXML private HBox valueHost;
    @FXML private Button saveButton;
    @FXML private ComboBox<String> versionsSourceBox;
    @FXML private VBox versionsBox;
    @FXML private ComboBox<String> compareABox;
    @FXML private ComboBox<String> compareBBox;
    @FXML private Label diffLabel;
    @FXML private HBox questionBox;
    @FXML private Label questionLabel;
    @FXML private Label messageLabel;

    public KeyDetailController(KeyDetailViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The pane's root node, for the page that hosts it. */
    public Node root() {
        return root;
    }

    @FXML
    private void initialize() {
        keyLabel.textProperty().bind(model.keyProperty());
        targetBox.setItems(model.editableSources());
        targetBox.valueProperty().bindBidirectional(model.targetProperty());
        targetBox.setTooltip(new Tooltip("The source to write to"));
        SecretField input = SecretField.input("the new value", model.typedProperty(), model.reveals(), model.clipboard(), "New value");
        HBox.setHgrow(input, Priority.ALWAYS);
        valueHost.getChildren().setAll(input);
        saveButton.disableProperty().bind(model.busyProperty().or(model.typedProperty().isEmpty()));
        versionsSourceBox.setItems(model.editableSources());
        versionsSourceBox.valueProperty().bindBidirectional(model.versionsSourceProperty());
        compareABox.setItems(model.compareChoices());
        compareBBox.setItems(model.compareChoices());
        compareABox.valueProperty().bindBidirectional(model.compareAProperty());
        compareBBox.valueProperty().bindBidirectional(model.compareBProperty());
        diffLabel.textProperty().bind(model.diffTextProperty());
        questionLabel.textProperty().bind(model.questionProperty());
        questionBox.visibleProperty().bind(model.questionProperty().isNotEmpty());
        questionBox.managedProperty().bind(questionBox.visibleProperty());
        messageLabel.textProperty().bind(model.notice().textProperty());
        model.notice().kindProperty().addListener((obs, was, now) -> {
            messageLabel.getStyleClass().removeIf(c -> c.equals(Notice.Kind.ERROR.styleClass()) || c.equals(Notice.Kind.WARNING.styleClass())
                    || c.equals(Notice.Kind.SUCCESS.styleClass()) || c.equals(Notice.Kind.INFO.styleClass()));
            messageLabel.getStyleClass().add(now.styleClass());
        });
        model.sourceRows().addListener((ListChangeListener<KeyDetailViewModel.SourceRow>) change -> drawSources());
        model.versions().addListener((ListChangeListener<KeyDetailViewModel.VersionRow>) change -> drawVersions());
    }

    private void drawSources() {
        sourcesBox.getChildren().clear();
        for (KeyDetailViewModel.SourceRow row : model.sourceRows()) {
            Label provider = new Label(row.provider());
            provider.getStyleClass().add("detail-provider");
            SecretField value = SecretField.display();
            value.show(row.value());
            HBox.setHgrow(value, Priority.ALWAYS);
            Label status = new Label(row.status());
            status.getStyleClass().add("detail-status");
            status.setTooltip(new Tooltip(row.location()));
            HBox line = new HBox(provider, value, status);
            line.getStyleClass().addAll("detail-row", "detail-source-" + row.provider());
            if (row.editable() && row.holds()) {
                Button delete = small("Delete", "Remove " + model.keyProperty().get() + " from " + row.provider() + " (asks first)");
                delete.getStyleClass().add("delete-from-source");
                delete.setOnAction(event -> model.requestDelete(row.provider()));
                line.getChildren().add(delete);
            }
            sourcesBox.getChildren().add(line);
        }
    }

    private void drawVersions() {
        versionsBox.getChildren().clear();
        if (model.versions().isEmpty()) {
            versionsBox.getChildren().add(new Label("No versions."));
            return;
        }
        for (KeyDetailViewModel.VersionRow row : model.versions()) {
            Label id = new Label(row.id().length() > 10 ? row.id().substring(0, 8) + "…" : row.id());
            id.getStyleClass().add("detail-version-id");
            id.setTooltip(new Tooltip("Version " + row.id() + (row.labels().isEmpty() ? "" : " [" + row.labels() + "]")));
            Label state = new Label(row.state());
            state.getStyleClass().add("detail-version-state-" + row.state());
            SecretField value = SecretField.display();
            value.show(row.value());
            HBox.setHgrow(value, Priority.ALWAYS);
            Label meta = new Label(row.created() + " · " + row.who());
            meta.getStyleClass().add("detail-meta");
            HBox top = new HBox(id, state, value);
            top.getStyleClass().add("detail-row");
            HBox middle = new HBox(meta);
            middle.getStyleClass().add("detail-row");
            HBox bottom = new HBox();
            bottom.getStyleClass().add("detail-row");
            Label change = new Label(row.change().isEmpty() ? row.labels() : row.change()
                    + (row.labels().isEmpty() ? "" : " [" + row.labels() + "]"));
            change.getStyleClass().add("detail-meta");
            change.setMinWidth(0);
            HBox.setHgrow(change, Priority.ALWAYS);
            change.setMaxWidth(Double.MAX_VALUE);
            bottom.getChildren().add(change);
            if (!row.gone() && !row.state().equals("current")) {
                Button restore = small("Restore", "Write this value as a new version (asks first)");
                restore.getStyleClass().add("restore-button");
                restore.setOnAction(event -> model.requestRestore(row));
                bottom.getChildren().add(restore);
            }
            if (model.versionOperations()) {
                if (row.deleted()) {
                    Button undelete = small("Undelete", "Bring this soft-deleted version back");
                    undelete.setOnAction(event -> model.requestUndelete(row));
                    bottom.getChildren().add(undelete);
                } else if (!row.gone()) {
                    Button delete = small("Delete version", "Soft-delete this version (undelete brings it back)");
                    delete.setOnAction(event -> model.requestSoftDelete(row));
                    bottom.getChildren().add(delete);
                }
                if (!row.state().equals("destroyed")) {
                    Button destroy = small("Destroy…", "Erase this version for good (asks first)");
                    destroy.getStyleClass().add("danger");
                    destroy.setOnAction(event -> model.requestDestroy(row));
                    bottom.getChildren().add(destroy);
                }
            }
            VBox version = new VBox(top, middle, bottom);
            version.getStyleClass().add("detail-version");
            versionsBox.getChildren().add(version);
        }
    }

    private static Button small(String text, String tooltip) {
        Button button = new Button(text);
        button.getStyleClass().addAll("small", "flat");
        button.setTooltip(new Tooltip(tooltip));
        button.setMinWidth(Button.USE_PREF_SIZE);
        return button;
    }

    @FXML
    private void save() {
        model.save();
    }

    @FXML
    private void reload() {
        model.reload(null);
    }

    @FXML
    private void close() {
        model.close();
    }

    @FXML
    private void confirm() {
        model.confirm();
    }

    @FXML
    private void cancelQuestion() {
        model.cancelQuestion();
    }
}
