package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.TickingClock;
import io.secretdesk.ui.common.Notice;
import io.secretdesk.ui.providers.PageStatus.Status;
import java.time.Duration;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

/** Provider Config's one status, without the toolkit: saved, unsaved and error are exclusive; a notice times out. */
class PageStatusTest {

    private final TickingClock time = new TickingClock();
    private final SimpleBooleanProperty dirty = new SimpleBooleanProperty(false);
    private final SimpleStringProperty problem = new SimpleStringProperty("");
    private final PageStatus status = new PageStatus(new Notice(time::nanoTime, time), dirty, problem);

    private String shown() {
        return status.statusProperty().get() + ": " + status.statusTextProperty().get();
    }

    @Test
    void anEditEndsASuccessNoticeAndAnErrorWinsOverUnsaved() {
        status.say(Notice.Kind.SUCCESS, "Saved replicate.");
        assertThat(shown()).isEqualTo("SAVED: Saved replicate.");

        dirty.set(true);
        assertThat(shown()).as("Saved beside Unsaved changes would contradict it").isEqualTo("UNSAVED: ");
        dirty.set(false);
        assertThat(shown()).as("the old success does not come back").isEqualTo("NONE: ");

        dirty.set(true);
        problem.set("The webhook URL must be an http:// or https:// address.");
        assertThat(shown()).isEqualTo("ERROR: Cannot save yet: The webhook URL must be an http:// or https:// address.");
        status.say(Notice.Kind.ERROR, "Not saved: the database is locked.");
        assertThat(shown()).isEqualTo("ERROR: Not saved: the database is locked.");
        assertThat(status.messageIsErrorProperty().get()).isTrue();
        status.dismiss();
        problem.set("");
        assertThat(shown()).isEqualTo("UNSAVED: ");
    }

    @Test
    void whatIsSaidWhileEditingIsShownUnderUnsavedAndNoticesTimeOut() {
        dirty.set(true);
        status.say(Notice.Kind.WARNING, "jobs.db changed outside the console. Reload?");
        assertThat(shown()).isEqualTo("UNSAVED: jobs.db changed outside the console. Reload?");

        dirty.set(false);
        status.say(Notice.Kind.INFO, "Discarded the unsaved changes to replicate.");
        assertThat(shown()).isEqualTo("INFO: Discarded the unsaved changes to replicate.");
        time.advance(Duration.ofSeconds(7));
        assertThat(shown()).as("information goes by itself").isEqualTo("NONE: ");

        status.say(Notice.Kind.ERROR, "The provider list could not be read: locked.");
        time.advance(Duration.ofMinutes(5));
        assertThat(shown()).as("an error stays until dismissed or replaced").isEqualTo("ERROR: The provider list could not be read: locked.");
    }
}
