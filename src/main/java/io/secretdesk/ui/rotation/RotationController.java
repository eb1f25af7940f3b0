package io.secretdesk.ui.rotation;

import io.secretdesk.ui.rotation.RotationViewModel.KeyMode;
import io.secretdesk.ui.rotation.RotationViewModel.StepItem;
import io.secretdesk.ui.rotation.RotationViewModel.UndecryptableChoice;
import io.secretdesk.ui.rotation.RotationViewModel.WizardStep;
import io.secretdesk.ui.shell.ShellPage;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** Binds the Key Rotation wizard's FXML to its {@link RotationViewModel} and forwards the buttons; the shell's "rotation" page. */
public final class RotationController implements ShellPage {

    private final RotationViewModel model;

    @FXML private BorderPane root;
    @FXML private Label keySourceLabel;
    @FXML private HBox messageBox;
    @FXML private Label messageLabel;
    @FXML private Button confirmButton;
    @FXML private Label errorLabel;
    @FXML private VBox stepList;
    @FXML private VBox preflightPane;
    @FXML private Button preflightButton;
    @FXML private Label preflightLabel;
    @FXML private VBox noticeBox;
    @FXML private VBox undecryptableBox;
    @FXML private ListView<String> undecryptableList;
    @FXML private ToggleGroup choiceGroup;
    @FXML private RadioButton leaveChoice;
    @FXML private RadioButton stopChoice;
    @FXML private VBox keyPane;
    @FXML private ToggleGroup modeGroup;
    @FXML private RadioButton generateMode;
    @FXML private RadioButton pasteMode;
    @FXML private HBox generatedBox;
    @FXML private TextField shownKeyField;
    @FXML private PasswordField pastedKeyField;
    @FXML private Label pastedProblemLabel;
    @FXML private Label keyIdLabel;
    @FXML private VBox workPane;
    @FXML private Label workTitle;
    @FXML private Label workHelp;
    @FXML private Label resultLabel;
    @FXML private VBox commitPane;
    @FXML private Label commitHelp;
    @FXML private ToggleButton revealButton;
    @FXML private TextField revealedKeyField;
    @FXML private VBox summaryPane;
    @FXML private VBox summaryBox;
    @FXML private VBox environmentBox;
    @FXML private Label environmentLabel;
    @FXML private TextField environmentCommandField;
    @FXML private Label restartLabel;
    @FXML private Button rollbackButton;
    @FXML private VBox progressBox;
    @FXML private ProgressBar progressBar;
    @FXML private Label progressLabel;
    @FXML private Region spacer;
    @FXML private Button cancelButton;
    @FXML private Button backButton;
    @FXML private Button nextButton;
    @FXML private VBox historyPane;
    @FXML private VBox rollbackConfirmBox;
    @FXML private Label rollbackConfirmLabel;
    @FXML private TextField rollbackCommandField;
    @FXML private Button confirmRollbackButton;
    @FXML private Label historyHint;
    @FXML private Label historyEmptyLabel;
    @FXML private VBox historyList;

    public RotationController(RotationViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    @FXML
    private void initialize() {
        keySourceLabel.textProperty().bind(model.keySourceProperty());
        messageLabel.textProperty().bind(Bindings.when(model.messageProperty().isEmpty().and(model.confirmableProperty()))
                .then("The last rotation is not confirmed yet: the replaced key is still kept. Confirm once SimpleTuner"
                        + " and SecretDesk use the new key.")
                .otherwise(model.messageProperty()));
        show(messageBox, model.messageProperty().isNotEmpty().or(model.confirmableProperty()));
        show(confirmButton, model.confirmableProperty());
        confirmButton.disableProperty().bind(model.runningProperty());
        errorLabel.textProperty().bind(model.errorProperty());
        show(errorLabel, model.errorProperty().isNotEmpty());

        model.steps().addListener((javafx.collections.ListChangeListener<StepItem>) change -> drawSteps());
        drawSteps();
        showPane(preflightPane, WizardStep.PREFLIGHT);
        showPane(keyPane, WizardStep.NEW_KEY);
        show(workPane, Bindings.createBooleanBinding(() -> isWork(model.currentProperty().get()), model.currentProperty()));
        showPane(commitPane, WizardStep.COMMIT);
        showPane(summaryPane, WizardStep.SUMMARY);

        preflightButton.disableProperty().bind(model.runningProperty());
        preflightButton.textProperty().bind(Bindings.when(model.preflightedProperty())
                .then("Run preflight again").otherwise("Run preflight"));
        preflightLabel.textProperty().bind(model.preflightTextProperty());
        show(preflightLabel, model.preflightTextProperty().isNotEmpty());
        show(noticeBox, Bindings.isNotEmpty(model.notices()));
        model.notices().addListener((javafx.collections.ListChangeListener<String>) change -> drawNotices());
        undecryptableList.setItems(model.undecryptable());
        show(undecryptableBox, Bindings.isNotEmpty(model.undecryptable()));
        leaveChoice.setUserData(UndecryptableChoice.LEAVE_UNTOUCHED);
        stopChoice.setUserData(UndecryptableChoice.STOP);
        choiceGroup.selectedToggleProperty().addListener((obs, old, now) ->
                model.undecryptableChoiceProperty().set(now == null ? UndecryptableChoice.UNDECIDED
                        : (UndecryptableChoice) now.getUserData()));
        model.undecryptableChoiceProperty().addListener((obs, old, now) -> {
            if (now == UndecryptableChoice.UNDECIDED) {
                choiceGroup.selectToggle(null);
            }
        });

        generateMode.setUserData(KeyMode.GENERATE);
        pasteMode.setUserData(KeyMode.PASTE);
        modeGroup.selectToggle(generateMode);
        modeGroup.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                model.keyModeProperty().set((KeyMode) now.getUserData());
            }
        });
        model.keyModeProperty().addListener((obs, old, now) -> modeGroup.selectToggle(now == KeyMode.PASTE ? pasteMode : generateMode));
        BooleanBinding pasting = model.keyModeProperty().isEqualTo(KeyMode.PASTE);
        show(generatedBox, pasting.not().and(model.shownKeyProperty().isNotEmpty()));
        shownKeyField.textProperty().bind(model.shownKeyProperty());
        pastedKeyField.textProperty().bindBidirectional(model.pastedKeyProperty());
        show(pastedKeyField, pasting);
        pastedProblemLabel.textProperty().bind(model.pastedKeyProblemProperty());
        show(pastedProblemLabel, pasting.and(model.pastedKeyProblemProperty().isNotEmpty()));
        keyIdLabel.textProperty().bind(Bindings.when(model.newKeyIdProperty().isEmpty()).then("")
                .otherwise(Bindings.concat("New key id: ", model.newKeyIdProperty())));

        workTitle.textProperty().bind(Bindings.createStringBinding(() -> model.currentProperty().get().title(), model.currentProperty()));
        workHelp.textProperty().bind(Bindings.createStringBinding(() -> help(model.currentProperty().get(), model.backupFolderProperty().get()),
                model.currentProperty(), model.backupFolderProperty()));
        resultLabel.textProperty().bind(model.resultTextProperty());
        commitHelp.textProperty().bind(Bindings.createStringBinding(() -> "Makes key " + model.newKeyIdProperty().get()
                + " current. The replaced key stays decrypt-only until you confirm. Before this, Roll back restores everything"
                + " from the backup " + model.backupFolderProperty().get() + ".", model.newKeyIdProperty(), model.backupFolderProperty()));
        revealedKeyField.textProperty().bind(model.shownKeyProperty());
        show(revealedKeyField, model.shownKeyProperty().isNotEmpty());
        revealButton.selectedProperty().addListener((obs, old, now) -> {
            if (now) {
                model.revealKey();
            } else {
                model.hideKey();
            }
        });
        model.currentProperty().addListener((obs, old, now) -> revealButton.setSelected(false));

        model.summary().addListener((javafx.collections.ListChangeListener<String>) change -> drawSummary());
        show(environmentBox, model.environmentVariableProperty().isNotEmpty());
        environmentLabel.textProperty().bind(Bindings.concat("The key comes from ", model.environmentVariableProperty(),
                ", which SecretDesk cannot change. Set it to the new key (Copy value puts it on the clipboard), or from the"
                        + " owner-only pending key file with:"));
        environmentCommandField.textProperty().bind(model.environmentCommandProperty());
        restartLabel.textProperty().bind(Bindings.concat("Then restart SimpleTuner and SecretDesk and press Confirm rotation"
                + " (or run `secretdesk rotate-key --confirm`). Until then both keys keep working."));

        show(rollbackButton, model.canRollbackProperty());
        show(progressBox, model.runningProperty());
        show(spacer, model.runningProperty().not());
        progressBar.progressProperty().bind(model.progressProperty());
        progressLabel.textProperty().bind(model.progressTextProperty());
        cancelButton.disableProperty().bind(model.canCancelProperty().not());
        backButton.disableProperty().bind(model.canBackProperty().not());
        nextButton.disableProperty().bind(model.canNextProperty().not());
        nextButton.textProperty().bind(model.nextLabelProperty());

        // The history is offered where no rotation is under way: before one starts, and after its summary.
        show(historyPane, model.currentProperty().isEqualTo(WizardStep.PREFLIGHT).or(model.currentProperty().isEqualTo(WizardStep.SUMMARY)));
        model.history().addListener((ListChangeListener<RotationViewModel.HistoryRow>) change -> drawHistory());
        show(historyEmptyLabel, model.historyLoadedProperty().and(Bindings.isEmpty(model.history())));
        show(historyHint, model.canRollbackToBackupProperty().not().and(model.runningProperty().not())
                .and(Bindings.isNotEmpty(model.history())));
        show(rollbackConfirmBox, model.pendingRollbackProperty().isNotNull());
        rollbackConfirmLabel.textProperty().bind(model.rollbackConfirmTextProperty());
        rollbackCommandField.textProperty().bind(Bindings.createStringBinding(() -> model.pendingRollbackProperty().get() == null
                ? "" : model.pendingRollbackProperty().get().setCommand(), model.pendingRollbackProperty()));
        show(rollbackCommandField, rollbackCommandField.textProperty().isNotEmpty());
        show(confirmRollbackButton, model.pendingRollbackProperty().isNotNull().and(model.canConfirmRollbackProperty()));
        model.pendingRollbackProperty().addListener((obs, old, now) -> drawHistory());
        drawHistory();
        model.open();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        if (!model.runningProperty().get() && model.currentProperty().get() == WizardStep.PREFLIGHT) {
            model.open();
        }
    }

    @FXML
    private void runPreflight() {
        model.runPreflight();
    }

    @FXML
    private void next() {
        model.next();
    }

    @FXML
    private void back() {
        model.back();
    }

    @FXML
    private void cancel() {
        model.cancel();
    }

    @FXML
    private void rollback() {
        model.rollback();
    }

    @FXML
    private void copyKey() {
        model.copyNewKey();
    }

    @FXML
    private void confirmRestart() {
        model.confirmRestart();
    }

    @FXML
    private void startOver() {
        model.startOver();
    }

    @FXML
    private void confirmRollbackTo() {
        model.confirmRollbackToBackup();
    }

    @FXML
    private void cancelRollbackTo() {
        model.cancelRollbackTo();
    }

    private void drawHistory() {
        historyList.getChildren().clear();
        for (RotationViewModel.HistoryRow row : model.history()) {
            Label when = new Label(row.when());
            when.getStyleClass().add("history-when");
            Label keys = new Label(row.keys());
            keys.setWrapText(true);
            Label standing = new Label(row.standing());
            standing.setWrapText(true);
            standing.getStyleClass().add("history-standing");
            if (row.awaitingConfirmation()) {
                standing.getStyleClass().add("awaiting");
            }
            Label folder = new Label(row.folder().toString());
            folder.setWrapText(true);
            folder.getStyleClass().add("history-folder");
            VBox words = new VBox(2, when, keys, standing, folder);
            HBox.setHgrow(words, Priority.ALWAYS);
            Button rollBack = new Button("Roll back to this backup\u2026", new FontIcon("mdi2u-undo-variant"));
            rollBack.setId("rollbackTo-" + row.folder().getFileName());
            rollBack.setMinWidth(Region.USE_PREF_SIZE);
            rollBack.disableProperty().bind(model.canRollbackToBackupProperty().not()
                    .or(model.pendingRollbackProperty().isNotNull()));
            rollBack.setOnAction(event -> model.askRollbackTo(row));
            HBox line = new HBox(words, rollBack);
            line.getStyleClass().add("history-row");
            if (row.equals(model.pendingRollbackProperty().get())) {
                line.getStyleClass().add("pending");
            }
            historyList.getChildren().add(line);
        }
    }

    private void drawSteps() {
        stepList.getChildren().clear();
        for (StepItem item : model.steps()) {
            FontIcon icon = new FontIcon(switch (item.state()) {
                case DONE -> "mdi2c-check-circle";
                case CURRENT -> "mdi2a-arrow-right-circle";
                case RUNNING -> "mdi2p-progress-clock";
                case FAILED -> "mdi2a-alert-circle";
                case WAITING -> "mdi2c-circle-outline";
            });
            Label name = new Label(item.step().title());
            name.getStyleClass().add("step-name");
            Label state = new Label(item.state().name().toLowerCase(Locale.ROOT));
            state.getStyleClass().add("step-state");
            VBox words = new VBox(name, state);
            HBox row = new HBox(icon, words);
            row.getStyleClass().addAll("step-item", item.state().name().toLowerCase(Locale.ROOT));
            if (item.step() == model.currentProperty().get()) {
                row.getStyleClass().add("current");
            }
            row.setId("step-" + item.step().name().toLowerCase(Locale.ROOT));
            stepList.getChildren().add(row);
        }
    }

    private void drawNotices() {
        noticeBox.getChildren().setAll(model.notices().stream().map(text -> {
            Label line = new Label("\u2022 " + text);
            line.setWrapText(true);
            return line;
        }).toList());
    }

    private void drawSummary() {
        summaryBox.getChildren().setAll(model.summary().stream().map(text -> {
            Label line = new Label(text);
            line.setWrapText(true);
            line.getStyleClass().add("fact");
            return line;
        }).toList());
    }

    private void showPane(Node pane, WizardStep step) {
        show(pane, model.currentProperty().isEqualTo(step));
    }

    private static void show(Node node, javafx.beans.value.ObservableBooleanValue when) {
        node.visibleProperty().bind(when);
        node.managedProperty().bind(when);
    }

    private static boolean isWork(WizardStep step) {
        return step == WizardStep.BACKUP || step == WizardStep.REENCRYPT || step == WizardStep.VERIFY;
    }

    private static String help(WizardStep step, String backupFolder) {
        return switch (step) {
            case BACKUP -> "A consistent copy of the database (SQLite online backup) and of the current key file goes into a"
                    + " timestamped owner-only folder" + (backupFolder.isEmpty() ? "." : ": " + backupFolder);
            case REENCRYPT -> "Every credential is re-encrypted with the new key in one transaction. Backup: " + backupFolder;
            case VERIFY -> "Every credential must decrypt with the new key alone to the same value as before. Backup: " + backupFolder;
            default -> "";
        };
    }
}
