package io.secretdesk.ui.providers;

import io.secretdesk.ui.common.Notice;
import java.util.List;
import java.util.Objects;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;

/**
 * The Provider Config page's one status, made from what the last action said (a {@link Notice}), whether the form has
 * unsaved edits and what blocks Save. Its kinds are exclusive ({@link Status}): the "Unsaved changes" marker and the
 * status line both follow it, so "Saved", "Unsaved changes" and an error are never shown together. FX thread.
 */
public final class PageStatus {

    /** The page's status: exclusive, so "Saved", "Unsaved changes" and an error are never shown together. */
    public enum Status { NONE, INFO, WARNING, SAVED, UNSAVED, ERROR }

    private final Notice notice;
    private final ObservableBooleanValue dirty;
    private final ObservableStringValue problem;
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError", false);
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", Status.NONE);
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "");

    /**
     * @param notice  what the last action said; it goes by itself after its kind's time
     * @param dirty   whether the form differs from what is stored
     * @param problem the first thing in the form that blocks Save; empty when nothing does
     */
    PageStatus(Notice notice, ObservableBooleanValue dirty, ObservableStringValue problem) {
        this.notice = Objects.requireNonNull(notice, "notice");
        this.dirty = Objects.requireNonNull(dirty, "dirty");
        this.problem = Objects.requireNonNull(problem, "problem");
        dirty.addListener((obs, was, now) -> {
            Notice.Kind said = notice.kindProperty().get();
            if (now && (said == Notice.Kind.SUCCESS || said == Notice.Kind.INFO)) {
                notice.dismiss(); // it spoke of the form before this edit: "Saved" beside "Unsaved changes" contradicts it
            }
        });
        for (Observable source : List.<Observable>of(notice.textProperty(), notice.kindProperty(), dirty, problem)) {
            source.addListener(obs -> update());
        }
    }

    /** Says what an action did or why it failed (replacing what was said); an empty text says nothing. */
    void say(Notice.Kind kind, String text) {
        notice.say(kind, text);
    }

    /** Removes what the last action said; a problem that blocks Save stays until it is fixed. */
    void dismiss() {
        notice.dismiss();
    }

    private void update() {
        Notice.Kind said = notice.kindProperty().get();
        String text = notice.textProperty().get();
        messageIsError.set(said == Notice.Kind.ERROR);
        Status now;
        if (said == Notice.Kind.ERROR) {
            now = Status.ERROR;
        } else if (dirty.get() && !problem.get().isEmpty()) {
            now = Status.ERROR;
            text = "Cannot save yet: " + problem.get();
        } else if (dirty.get()) {
            now = Status.UNSAVED;
        } else {
            now = switch (said) {
                case SUCCESS -> Status.SAVED;
                case WARNING -> Status.WARNING;
                case INFO -> Status.INFO;
                default -> Status.NONE;
            };
        }
        statusText.set(text);
        status.set(now);
    }

    /** What the last action said, or why it was refused; one line; empty when it has gone. */
    public ReadOnlyStringProperty messageProperty() {
        return notice.textProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    /**
     * The page's one status. {@link Status#ERROR} (an action failed, or the edits cannot be saved as they are) wins over
     * {@link Status#UNSAVED}, which wins over what the last action said ({@link Status#SAVED}, {@link Status#INFO},
     * {@link Status#WARNING}); a success or information notice goes as soon as the form is edited again.
     */
    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * What the status line says: the error, the outcome of the last action, or under {@link Status#UNSAVED} what was
     * said since the edits began (a new provider, a change outside the console); empty when there is nothing to say.
     */
    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }
}
