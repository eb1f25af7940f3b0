package io.secretdesk.ui.common;

import atlantafx.base.controls.Popover;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The console's one control for a secret, shown or typed. Masked by default; the eye reveals it for the
 * {@link Reveals} time (counting down on the button) and every reveal ends with the idle lock; a copy goes only through
 * the {@link ClipboardGuard} (Ctrl+C or the context menu in a revealed typed value too).
 * <ul>
 *   <li>{@link #display()}: a read-only value ({@link SecretValue}) with reveal, "show whole value" (a popover that
 *       goes when the value is masked again) and copy. Used in the Secrets table, and wherever a stored secret is shown.
 *   <li>{@link #input}: a typed value (a password field, a plain field while revealed) with reveal; also masked again
 *       when the focus leaves the field or the window.
 * </ul>
 * Style classes: {@code secret-field}, {@code secret-value}, {@code reveal-button}, {@code whole-button},
 * {@code copy-button}, {@code secret-input}. Call on the FX thread.
 */
public final class SecretField extends HBox {

    private static final String EYE = "mdi2e-eye-outline";
    private static final String EYE_OFF = "mdi2e-eye-off-outline";

    private final FontIcon eye = new FontIcon(EYE);
    private final ToggleButton revealButton = new ToggleButton(null, eye);

    // display
    private final Label valueLabel = new Label();
    private final Button wholeButton = iconButton("mdi2a-arrow-expand-horizontal", "whole-button");
    private final Button copyButton = iconButton("mdi2c-content-copy", "copy-button");
    private final Label wholeText = new Label();
    private Popover popover;
    private SecretValue secret;
    private final ChangeListener<Boolean> onRevealed = (obs, was, now) -> revealed(now);
    private final ChangeListener<Boolean> onWhole = (obs, was, now) -> whole(now);

    // input
    private PasswordField hidden;
    private TextField plain;
    private Reveals.Reveal inputReveal;

    private SecretField() {
        getStyleClass().add("secret-field");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(2);
        revealButton.getStyleClass().addAll("button-icon", "flat", "reveal-button");
        revealButton.setTooltip(new Tooltip());
        revealButton.setAlignment(Pos.CENTER_LEFT);
    }

    /** A read-only secret; give it its value with {@link #show(SecretValue)}. */
    public static SecretField display() {
        SecretField field = new SecretField();
        field.valueLabel.getStyleClass().add("secret-value");
        field.valueLabel.setMinWidth(0); // its buttons follow it, and it is cut short (with "…") before they are
        field.revealButton.setMinWidth(64); // room for the eye and "10 s", so the buttons after it never move
        field.revealButton.setPrefWidth(64);
        field.wholeButton.setTooltip(new Tooltip("Show the whole value (masked again when the countdown ends)"));
        field.wholeButton.setAccessibleText("Show the whole value");
        field.copyButton.setTooltip(new Tooltip("Copy without showing it; the clipboard is cleared after the countdown"));
        field.copyButton.setAccessibleText("Copy the value");
        field.wholeText.getStyleClass().add("secret-whole");
        field.wholeText.setWrapText(true);
        field.wholeText.setMaxWidth(460);
        field.revealButton.setOnAction(event -> {
            if (field.secret != null) {
                field.secret.toggleReveal();
            }
            field.revealed(field.secret != null && field.secret.reveal().isRevealed());
        });
        field.wholeButton.setOnAction(event -> {
            if (field.secret != null) {
                field.secret.showWhole();
            }
        });
        field.copyButton.setOnAction(event -> {
            if (field.secret != null) {
                field.secret.copy();
            }
        });
        field.getChildren().addAll(field.valueLabel, field.revealButton, field.wholeButton, field.copyButton);
        field.show(null);
        return field;
    }

    /**
     * A typed secret whose text is bound both ways to {@code text}.
     *
     * @param what      names the value for the clipboard countdown (never the value)
     * @param text      the typed value
     * @param reveals   the console's reveals
     * @param clipboard the console's clipboard guard
     * @param prompt    the prompt text
     */
    public static SecretField input(String what, StringProperty text, Reveals reveals, ClipboardGuard clipboard, String prompt) {
        SecretField field = new SecretField();
        field.getStyleClass().add("secret-input");
        field.setSpacing(4);
        field.inputReveal = reveals.create();
        field.hidden = new PasswordField();
        field.plain = new GuardedTextField(what, clipboard);
        for (TextField input : new TextField[] {field.hidden, field.plain}) {
            input.setPromptText(prompt);
            input.textProperty().bindBidirectional(text);
            input.setAccessibleText(what);
            input.focusedProperty().addListener((obs, was, now) -> field.maskUnlessFocused());
        }
        field.hidden.getStyleClass().add("secret-hidden");
        field.plain.getStyleClass().add("secret-shown");
        field.plain.visibleProperty().bind(field.inputReveal.revealedProperty());
        field.hidden.visibleProperty().bind(field.inputReveal.revealedProperty().not());
        field.revealButton.focusedProperty().addListener((obs, was, now) -> field.maskUnlessFocused());
        field.revealButton.selectedProperty().addListener((obs, was, now) -> {
            if (now != field.inputReveal.isRevealed()) {
                field.inputReveal.toggle();
            }
        });
        field.inputReveal.revealedProperty().addListener((obs, was, now) -> {
            field.revealed(now);
            TextField target = now ? field.plain : field.hidden;
            if (field.plain.isFocused() || field.hidden.isFocused()) {
                target.requestFocus();
                target.end();
            }
        });
        field.revealButton.textProperty().bind(Bindings.createStringBinding(() -> field.inputReveal.isRevealed()
                ? field.inputReveal.secondsLeftProperty().get() + " s" : null,
                field.inputReveal.revealedProperty(), field.inputReveal.secondsLeftProperty()));
        StackPane both = new StackPane(field.hidden, field.plain);
        HBox.setHgrow(both, Priority.ALWAYS);
        field.getChildren().addAll(both, field.revealButton);
        field.revealed(false);
        return field;
    }

    /** Shows {@code value} (null shows nothing); a display field is reused for other values, as table cells are. */
    public void show(SecretValue value) {
        if (secret != null) {
            secret.reveal().revealedProperty().removeListener(onRevealed);
            secret.wholeShownProperty().removeListener(onWhole);
            valueLabel.textProperty().unbind();
            revealButton.textProperty().unbind();
        }
        whole(false);
        secret = value;
        if (value == null) {
            valueLabel.setText("");
            revealButton.setText(null);
            setDisable(true);
            return;
        }
        setDisable(false);
        value.reveal().revealedProperty().addListener(onRevealed);
        value.wholeShownProperty().addListener(onWhole);
        valueLabel.textProperty().bind(value.shownProperty());
        revealButton.textProperty().bind(Bindings.createStringBinding(() -> value.reveal().isRevealed()
                ? value.reveal().secondsLeftProperty().get() + " s" : null,
                value.reveal().revealedProperty(), value.reveal().secondsLeftProperty()));
        boolean has = value.hasValue();
        revealButton.setDisable(!has);
        wholeButton.setDisable(!has);
        copyButton.setDisable(!has);
        revealed(value.reveal().isRevealed());
        whole(value.wholeShownProperty().get());
    }

    /** The typed field that has the focus now (or the hidden one), for a view that focuses the field. */
    public TextField inputField() {
        return inputReveal != null && inputReveal.isRevealed() ? plain : hidden;
    }

    /** The typed field that hides the value, for a view that binds to it; null for a display field. */
    public PasswordField hiddenField() {
        return hidden;
    }

    /** The typed field that shows the value while revealed; null for a display field. */
    public TextField shownField() {
        return plain;
    }

    /** The eye. */
    public ToggleButton revealButton() {
        return revealButton;
    }

    /** Masks a typed value now (the editor closed, say). */
    public void mask() {
        if (inputReveal != null) {
            inputReveal.hide();
        }
    }

    private void maskUnlessFocused() {
        if (inputReveal == null || !inputReveal.isRevealed()) {
            return;
        }
        Node owner = getScene() == null ? null : getScene().getFocusOwner();
        boolean windowFocused = getScene() != null && getScene().getWindow() != null && getScene().getWindow().isFocused();
        boolean inside = owner == hidden || owner == plain || owner == revealButton;
        if (!inside || !windowFocused) {
            inputReveal.hide();
        }
    }

    private void revealed(boolean now) {
        revealButton.setSelected(now);
        eye.setIconLiteral(now ? EYE_OFF : EYE);
        Reveals.Reveal reveal = inputReveal != null ? inputReveal : secret == null ? null : secret.reveal();
        String lasts = reveal == null ? "a few seconds" : reveal.lasts().toSeconds() + " s";
        revealButton.getTooltip().setText(now ? "Mask the value now (it is masked again when the countdown ends)"
                : "Show the value for " + lasts);
        revealButton.setAccessibleText(now ? "Mask the value" : "Show the value");
        revealButton.setAccessibleRole(AccessibleRole.TOGGLE_BUTTON);
    }

    private void whole(boolean open) {
        if (open && secret != null && getScene() != null) {
            if (popover == null) {
                popover = new Popover(wholeText);
                popover.setArrowLocation(Popover.ArrowLocation.TOP_CENTER);
                popover.setDetachable(false);
                popover.setAutoHide(true);
                popover.getStyleClass().add("secret-whole-popover");
                popover.setOnHidden(event -> {
                    if (secret != null) {
                        secret.closeWhole();
                    }
                });
                wholeText.setOnKeyPressed(event -> {
                    if (event.getCode() == KeyCode.ESCAPE) {
                        popover.hide();
                    }
                });
            }
            wholeText.textProperty().bind(secret.shownProperty());
            if (!popover.isShowing()) {
                popover.show(valueLabel);
            }
        } else if (popover != null) {
            wholeText.textProperty().unbind();
            wholeText.setText("");
            if (popover.isShowing()) {
                popover.hide();
            }
        }
    }

    private static Button iconButton(String literal, String styleClass) {
        Button button = new Button(null, new FontIcon(literal));
        button.getStyleClass().addAll("button-icon", "flat", styleClass);
        return button;
    }

    /** A plain text field whose copy and cut go through the clipboard guard, so a revealed secret is cleared later. */
    private static final class GuardedTextField extends TextField {
        private final String what;
        private final ClipboardGuard clipboard;

        GuardedTextField(String what, ClipboardGuard clipboard) {
            this.what = Objects.requireNonNull(what, "what");
            this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
        }

        @Override
        public void copy() {
            String selected = getSelectedText();
            if (!selected.isEmpty()) {
                clipboard.copy(what, selected);
            }
        }

        @Override
        public void cut() {
            if (isEditable() && !getSelectedText().isEmpty()) {
                copy();
                replaceSelection("");
            }
        }
    }
}
