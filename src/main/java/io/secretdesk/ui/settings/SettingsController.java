package io.secretdesk.ui.settings;

import io.secretdesk.ui.common.ClipboardGuard;
import io.secretdesk.ui.common.Reveals;
import io.secretdesk.ui.common.SecretField;
import io.secretdesk.ui.shell.IdleLock;
import io.secretdesk.ui.shell.ShellPage;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * Binds the Settings page ({@code SettingsView.fxml}) to its {@link SettingsViewModel}: the idle lock's minutes and
 * minimise setting, and one row per chain setting (a text field, or a {@link SecretField} for the token and keys, with
 * the note that says when the environment wins, or why Save refused the value). Esc in a field drops what was typed
 * there since the last save. The shell's "settings" page.
 */
public final class SettingsController implements ShellPage {

    private final SettingsViewModel model;
    private final Reveals reveals;
    private final ClipboardGuard clipboard;

    @FXML private ScrollPane root;
    @FXML private Spinner<Integer> idleMinutes;
    @FXML private Label idleLabel;
    @FXML private CheckBox lockOnMinimise;
    @FXML private GridPane chainGrid;
    @FXML private Button saveButton;
    @FXML private Label messageLabel;
    @FXML private Label unsavedLabel;

    public SettingsController(SettingsViewModel model, Reveals reveals, ClipboardGuard clipboard) {
        this.model = Objects.requireNonNull(model, "model");
        this.reveals = Objects.requireNonNull(reveals, "reveals");
        this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
    }

    @FXML
    private void initialize() {
        IdleLock lock = model.lock();
        SpinnerValueFactory.IntegerSpinnerValueFactory minutes =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(0, IdleLock.MAX_IDLE_MINUTES, lock.idleMinutesProperty().get());
        idleMinutes.setValueFactory(minutes);
        minutes.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                lock.idleMinutesProperty().set(now);
            }
        });
        idleMinutes.getEditor().setAccessibleText("Minutes without input before the console locks");
        idleLabel.setLabelFor(idleMinutes);
        lockOnMinimise.selectedProperty().bindBidirectional(lock.lockOnMinimiseProperty());

        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(130);
        ColumnConstraints inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        inputs.setMinWidth(200);
        inputs.setPrefWidth(360);
        chainGrid.getColumnConstraints().addAll(names, inputs);
        int row = 0;
        String group = "";
        for (SettingsViewModel.Field field : model.fields()) {
            SettingsViewModel.Field setting = field;
            if (!setting.group().equals(group)) {
                group = setting.group();
                Label title = new Label(group);
                title.getStyleClass().add("group-title");
                chainGrid.add(title, 0, row++, 2, 1);
            }
            Label name = new Label(setting.label());
            Node input;
            if (setting.secret()) {
                SecretField secret = SecretField.input(setting.group() + " " + setting.label().toLowerCase(),
                        field.valueProperty(), reveals, clipboard, "type to store a new value");
                secret.hiddenField().setId("setting-" + setting.variable());
                name.setLabelFor(secret.hiddenField());
                Button forget = new Button("Remove");
                forget.setId("forget-" + setting.variable());
                forget.setOnAction(event -> model.forget(setting.variable()));
                forget.setMinWidth(Button.USE_PREF_SIZE);
                forget.visibleProperty().bind(field.storedProperty());
                forget.managedProperty().bind(field.storedProperty());
                forget.setAccessibleText("Remove the stored " + setting.group() + " " + setting.label().toLowerCase());
                HBox.setHgrow(secret, Priority.ALWAYS);
                input = new HBox(6, secret, forget);
            } else {
                TextField text = new TextField();
                text.setId("setting-" + setting.variable());
                text.textProperty().bindBidirectional(field.valueProperty());
                text.setPromptText(setting.variable());
                text.setAccessibleText(setting.group() + " " + setting.label());
                name.setLabelFor(text);
                input = text;
            }
            // Esc drops what was typed in this field since the last save (the field's own handlers go first).
            input.addEventHandler(KeyEvent.KEY_PRESSED, event -> {
                if (event.getCode() == KeyCode.ESCAPE) {
                    model.revert(setting.variable());
                    event.consume();
                }
            });
            chainGrid.add(name, 0, row);
            chainGrid.add(input, 1, row++);
            Label note = new Label();
            note.setId("note-" + setting.variable());
            note.getStyleClass().add("field-note");
            note.setWrapText(true);
            note.setMinWidth(0);
            note.textProperty().bind(Bindings.when(field.problemProperty().isEmpty())
                    .then(field.noteProperty()).otherwise(field.problemProperty()));
            note.textProperty().addListener((obs, old, now) -> markOverridden(note, field));
            markOverridden(note, field);
            chainGrid.add(note, 1, row++);
        }
        saveButton.disableProperty().bind(model.savingProperty());
        messageLabel.textProperty().bind(model.messageProperty());
        // Kept managed: it appears beside Save without moving the fields above it or the button.
        unsavedLabel.visibleProperty().bind(model.dirtyProperty());
        model.load();
    }

    private static void markOverridden(Label note, SettingsViewModel.Field field) {
        note.getStyleClass().removeAll("overridden", "problem");
        if (!field.problemProperty().get().isEmpty()) {
            note.getStyleClass().add("problem");
        } else if (field.noteProperty().get().contains("set in the environment")) {
            note.getStyleClass().add("overridden");
        }
    }

    @FXML
    private void save() {
        model.save();
    }

    @Override
    public Node view() {
        return root;
    }

    /** Typed chain settings not saved yet: quitting asks first, as for the other pages' edits. */
    @Override
    public boolean hasUnsavedChanges() {
        return model.dirtyProperty().get();
    }
}
