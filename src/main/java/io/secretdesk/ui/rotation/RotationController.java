package io.secretdesk.ui.rotation;

import io.secretdesk.ui.rotation.HistoryViewModel.HistoryRow;
import io.secretdesk.ui.rotation.WizardViewModel.KeyMode;
import io.secretdesk.ui.rotation.WizardViewModel.StepItem;
import io.secretdesk.ui.rotation.WizardViewModel.UndecryptableChoice;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.common.SecretField;
import io.secretdesk.ui.common.SecretValue;
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

/**
 * Binds the Key Rotation page's FXML to its {@link RotationViewModel} (the wizard, the history and the report in
 * the header) and forwards the buttons; the shell's "rotation" page.
 */
public final class RotationController implements ShellPage {

    private final RotationViewModel model;
    private final WizardViewModel wizard;
    private final HistoryViewModel history;
    private final RecoveryReportViewModel report;

    @FXML private BorderPane root;
    @FXML private Label keySourceLabel;
    @FXML private HBox confirmBox;
    @FXML private Label confirmLabel;
    @FXML private Button confirmButton;
    @FXML private HBox toast;
    @FXML private Label messageLabel;
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
    @FXML private HBox shownKeyBox;
    @FXML private HBox pastedKeyBox;
    @FXML private Label pastedProblemLabel;
    @FXML private Label keyIdLabel;
    @FXML private VBox workPane;
    @FXML private Label workTitle;
    @FXML private Label workHelp;
    @FXML private Label resultLabel;
    @FXML private VBox commitPane;
    @FXML private Label commitHelp;
    @FXML private ToggleButton revealButton;
    @FXML private HBox revealedKeyBox;
    /** The generated key on its step, and the new key revealed on the commit step: the console's secret field. */
    private final SecretField shownKeyField = SecretField.display();
    private final SecretField revealedKeyField = SecretField.display();
    private SecretField pastedKeyField;
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
        this.wizard = model.wizard();
        this.history = model.history();
        this.report = model.report();
    }

    @FXML
    private void initialize() {
        keySourceLabel.textProperty().bind(report.keySourceProperty());
        confirmLabel.textProperty().bind(Bindings.when(report.standingProperty().isEmpty())
                .then("The last rotation is not confirmed yet: the replaced key is still kept. Confirm once SimpleTuner"
                        + " and SecretDesk use the new key.")
                .otherwise(report.standingProperty()));
        show(confirmBox, report.confirmableProperty());
        confirmButton.disableProperty().bind(model.runningProperty());
        // What the last action said, or the last error: one toast over the page's foot that goes by itself.
        Notice notice = model.notice();
        messageLabel.textProperty().bind(notice.textProperty());
        show(toast, notice.textProperty().isNotEmpty());
        notice.kindProperty().addListener((obs, old, now) -> {
            toast.getStyleClass().remove(old.styleClass());
            toast.getStyleClass().add(now.styleClass());
        });
        toast.getStyleClass().add(notice.kindProperty().get().styleClass());

        wizard.steps().addListener((javafx.collections.ListChangeListener<StepItem>) change -> drawSteps());
        drawSteps();
        showPane(preflightPane, WizardStep.PREFLIGHT);
        showPane(keyPane, WizardStep.NEW_KEY);
        show(workPane, Bindings.createBooleanBinding(() -> isWork(wizard.currentProperty().get()), wizard.currentProperty()));
        showPane(commitPane, WizardStep.COMMIT);
        showPane(summaryPane, WizardStep.SUMMARY);

        preflightButton.disableProperty().bind(model.runningProperty());
        preflightButton.textProperty().bind(Bindings.when(wizard.preflightedProperty())
                .then("Run preflight again").otherwise("Run preflight"));
        preflightLabel.textProperty().bind(wizard.preflightTextProperty());
        show(preflightLabel, wizard.preflightTextProperty().isNotEmpty());
        show(noticeBox, Bindings.isNotEmpty(wizard.notices()));
        wizard.notices().addListener((javafx.collections.ListChangeListener<String>) change -> drawNotices());
        undecryptableList.setItems(wizard.undecryptable());
        show(undecryptableBox, Bindings.isNotEmpty(wizard.undecryptable()));
        leaveChoice.setUserData(UndecryptableChoice.LEAVE_UNTOUCHED);
        stopChoice.setUserData(UndecryptableChoice.STOP);
        choiceGroup.selectedToggleProperty().addListener((obs, old, now) ->
                wizard.undecryptableChoiceProperty().set(now == null ? UndecryptableChoice.UNDECIDED
                        : (UndecryptableChoice) now.getUserData()));
        wizard.undecryptableChoiceProperty().addListener((obs, old, now) -> {
            if (now == UndecryptableChoice.UNDECIDED) {
                choiceGroup.selectToggle(null);
            }
        });

        generateMode.setUserData(KeyMode.GENERATE);
        pasteMode.setUserData(KeyMode.PASTE);
        modeGroup.selectToggle(generateMode);
        modeGroup.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now != null) {
                wizard.newKey().keyModeProperty().set((KeyMode) now.getUserData());
            }
        });
        wizard.newKey().keyModeProperty().addListener((obs, old, now) -> modeGroup.selectToggle(now == KeyMode.PASTE ? pasteMode : generateMode));
        BooleanBinding pasting = wizard.newKey().keyModeProperty().isEqualTo(KeyMode.PASTE);
        show(generatedBox, pasting.not().and(wizard.newKey().shownKeyProperty().isNotEmpty()));
        shownKeyField.setId("shownKeyField");
        HBox.setHgrow(shownKeyField, Priority.ALWAYS);
        shownKeyBox.getChildren().setAll(shownKeyField);
        pastedKeyField = SecretField.input("pasted key", wizard.newKey().pastedKeyProperty(), model.reveals(), model.clipboard(),
                "Paste the new key");
        pastedKeyField.hiddenField().setId("pastedKeyField");
        pastedKeyBox.getChildren().setAll(pastedKeyField);
        HBox.setHgrow(pastedKeyField, Priority.ALWAYS);
        show(pastedKeyBox, pasting);
        pastedProblemLabel.textProperty().bind(wizard.newKey().pastedKeyProblemProperty());
        show(pastedProblemLabel, pasting.and(wizard.newKey().pastedKeyProblemProperty().isNotEmpty()));
        keyIdLabel.textProperty().bind(wizard.newKey().keyIdText());

        workTitle.textProperty().bind(Bindings.createStringBinding(() -> wizard.currentProperty().get().title(), wizard.currentProperty()));
        workHelp.textProperty().bind(Bindings.createStringBinding(() -> help(wizard.currentProperty().get(), wizard.backupFolderProperty().get()),
                wizard.currentProperty(), wizard.backupFolderProperty()));
        resultLabel.textProperty().bind(wizard.resultTextProperty());
        commitHelp.textProperty().bind(Bindings.createStringBinding(() -> "Makes key " + wizard.newKey().newKeyIdProperty().get()
                + " current. The replaced key stays decrypt-only until you confirm. Before this, Roll back restores everything"
                + " from the backup " + wizard.backupFolderProperty().get() + ".", wizard.newKey().newKeyIdProperty(), wizard.backupFolderProperty()));
        revealedKeyField.setId("revealedKeyField");
        HBox.setHgrow(revealedKeyField, Priority.ALWAYS);
        revealedKeyBox.getChildren().setAll(revealedKeyField);
        show(revealedKeyBox, wizard.newKey().shownKeyProperty().isNotEmpty().and(wizard.currentProperty().isEqualTo(WizardStep.COMMIT)));
        wizard.newKey().shownKeyProperty().addListener((obs, old, now) -> showNewKey(now));
        revealButton.selectedProperty().addListener((obs, old, now) -> {
            if (now) {
                wizard.revealKey();
            } else {
                wizard.hideKey();
            }
        });
        wizard.currentProperty().addListener((obs, old, now) -> revealButton.setSelected(false));

        wizard.summary().addListener((javafx.collections.ListChangeListener<String>) change -> drawSummary());
        show(environmentBox, wizard.environmentVariableProperty().isNotEmpty());
        environmentLabel.textProperty().bind(Bindings.concat("The key comes from ", wizard.environmentVariableProperty(),
                ", which SecretDesk cannot change. Set it to the new key (Copy value puts it on the clipboard), or from the"
                        + " owner-only pending key file with:"));
        environmentCommandField.textProperty().bind(wizard.environmentCommandProperty());
        restartLabel.textProperty().bind(Bindings.concat("Then restart SimpleTuner and SecretDesk and press Confirm rotation"
                + " (or run `secretdesk rotate-key --confirm`). Until then both keys keep working."));

        show(rollbackButton, wizard.canRollbackProperty());
        show(progressBox, model.runningProperty());
        show(spacer, model.runningProperty().not());
        progressBar.progressProperty().bind(model.progressProperty());
        progressLabel.textProperty().bind(model.progressTextProperty());
        cancelButton.disableProperty().bind(wizard.canCancelProperty().not());
        backButton.disableProperty().bind(wizard.canBackProperty().not());
        nextButton.disableProperty().bind(wizard.canNextProperty().not());
        nextButton.textProperty().bind(wizard.nextLabelProperty());

        // The history is offered where no rotation is under way: before one starts, and after its summary.
        show(historyPane, wizard.currentProperty().isEqualTo(WizardStep.PREFLIGHT).or(wizard.currentProperty().isEqualTo(WizardStep.SUMMARY)));
        history.rows().addListener((ListChangeListener<HistoryRow>) change -> drawHistory());
        show(historyEmptyLabel, history.loadedProperty().and(Bindings.isEmpty(history.rows())));
        show(historyHint, history.canRollbackToBackupProperty().not().and(model.runningProperty().not())
                .and(Bindings.isNotEmpty(history.rows())));
        show(rollbackConfirmBox, history.pendingRollbackProperty().isNotNull());
        rollbackConfirmLabel.textProperty().bind(history.rollbackConfirmTextProperty());
        rollbackCommandField.textProperty().bind(Bindings.createStringBinding(() -> history.pendingRollbackProperty().get() == null
                ? "" : history.pendingRollbackProperty().get().setCommand(), history.pendingRollbackProperty()));
        show(rollbackCommandField, rollbackCommandField.textProperty().isNotEmpty());
        show(confirmRollbackButton, history.pendingRollbackProperty().isNotNull().and(history.canConfirmRollbackProperty()));
        history.pendingRollbackProperty().addListener((obs, old, now) -> drawHistory());
        drawHistory();
        report.open();
    }

    /**
     * Shows the new key in the secret fields: masked on its own step (the eye reveals it for a while), revealed at once
     * on the commit step where the operator asked for it, and hidden again when that reveal ends or the console locks.
     */
    private void showNewKey(String key) {
        SecretValue value = model.newKeyValue(key);
        shownKeyField.show(value);
        revealedKeyField.show(value);
        if (value.hasValue() && wizard.currentProperty().get() == WizardStep.COMMIT) {
            value.toggleReveal();
            value.reveal().revealedProperty().addListener((obs, was, now) -> {
                if (!now && wizard.currentProperty().get() == WizardStep.COMMIT) {
                    revealButton.setSelected(false); // hides the key in the model too
                }
            });
        }
        pastedKeyField.mask();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        WizardStep at = wizard.currentProperty().get();
        if (!model.runningProperty().get() && (at == WizardStep.PREFLIGHT || at == WizardStep.SUMMARY)) {
            report.open(); // reads the key's standing and the history again, as they are on disk now
        }
    }

    /** The page was left, the theme changed or the console locked: what the last action said goes. */
    @Override
    public void dismissNotices() {
        model.dismissNotice();
    }

    @FXML
    private void dismissMessage() {
        model.dismissNotice();
    }

    @FXML
    private void runPreflight() {
        wizard.runPreflight();
    }

    @FXML
    private void next() {
        wizard.next();
    }

    @FXML
    private void back() {
        wizard.back();
    }

    @FXML
    private void cancel() {
        wizard.cancel();
    }

    @FXML
    private void rollback() {
        wizard.rollback();
    }

    @FXML
    private void copyKey() {
        wizard.copyNewKey();
    }

    @FXML
    private void confirmRestart() {
        report.confirmRestart();
    }

    @FXML
    private void startOver() {
        wizard.startOver();
    }

    @FXML
    private void confirmRollbackTo() {
        history.confirmRollbackToBackup();
    }

    @FXML
    private void cancelRollbackTo() {
        history.cancelRollbackTo();
    }

    private void drawHistory() {
        historyList.getChildren().clear();
        for (HistoryRow row : history.rows()) {
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
            rollBack.disableProperty().bind(history.canRollbackToBackupProperty().not()
                    .or(history.pendingRollbackProperty().isNotNull()));
            rollBack.setOnAction(event -> history.askRollbackTo(row));
            HBox line = new HBox(words, rollBack);
            line.getStyleClass().add("history-row");
            if (row.equals(history.pendingRollbackProperty().get())) {
                line.getStyleClass().add("pending");
            }
            historyList.getChildren().add(line);
        }
    }

    private void drawSteps() {
        stepList.getChildren().clear();
        for (StepItem item : wizard.steps()) {
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
            if (item.step() == wizard.currentProperty().get()) {
                row.getStyleClass().add("current");
            }
            row.setId("step-" + item.step().name().toLowerCase(Locale.ROOT));
            stepList.getChildren().add(row);
        }
    }

    private void drawNotices() {
        noticeBox.getChildren().setAll(wizard.notices().stream().map(text -> {
            Label line = new Label("\u2022 " + text);
            line.setWrapText(true);
            return line;
        }).toList());
    }

    private void drawSummary() {
        summaryBox.getChildren().setAll(wizard.summary().stream().map(text -> {
            Label line = new Label(text);
            line.setWrapText(true);
            line.getStyleClass().add("fact");
            return line;
        }).toList());
    }

    private void showPane(Node pane, WizardStep step) {
        show(pane, wizard.currentProperty().isEqualTo(step));
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
