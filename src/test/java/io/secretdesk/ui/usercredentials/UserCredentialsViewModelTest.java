package io.secretdesk.ui.usercredentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.QueuedExecutor;
import io.secretdesk.ui.common.UiExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The User Credentials view model, without a toolkit, over a state folder that Python laid out as SimpleTuner's server
 * does, read back by Python: what the page lists, sets, deactivates and deletes is what SimpleTuner sees.
 */
@Tag("slow")
class UserCredentialsViewModelTest {

    private static final String CANARY = "r8_CANARY_5f1e2d";

    @TempDir
    Path dir;

    private CredentialsUnderTest simpleTuner;
    private UserCredentialsViewModel model;

    @BeforeEach
    void open() throws IOException {
        simpleTuner = CredentialsUnderTest.laidOutBySimpleTuner(dir);
        model = simpleTuner.model(ConsoleFixture.inline());
    }

    @AfterEach
    void close() throws IOException {
        simpleTuner.close();
    }

    private CredentialRow row(String user, String provider) {
        return model.rows().stream().filter(r -> r.user().equals(user) && r.provider().equals(provider)).findFirst().orElseThrow();
    }

    private void assertNoCanaryShown() {
        assertThat(List.of(model.messageProperty().get(), model.problemProperty().get(), model.summaryProperty().get(),
                model.sourceProperty().get(), String.valueOf(model.pendingProperty().get()), model.rows().toString()))
                .allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
    }

    @Test
    void listsEveryCredentialWithItsTimesAgeAndStaleFlagNeverUpdatedRowsCountingFromCreation() {
        simpleTuner.stored("user2", "replicate", "api_token", CANARY, CredentialsUnderTest.OLD, null);
        simpleTuner.stored("admin", "huggingface", "api_token", "hf_x", CredentialsUnderTest.OLD, CredentialsUnderTest.RECENT);
        simpleTuner.sql("UPDATE provider_credentials SET last_used_at = '" + CredentialsUnderTest.RECENT + "' WHERE provider = 'huggingface'");

        model.refresh();

        assertThat(model.users()).containsExactly("admin", "user2");
        assertThat(model.rows()).extracting(CredentialRow::label)
                .containsExactly("admin: huggingface/api_token", "user2: replicate/api_token");
        CredentialRow neverUpdated = row("user2", "replicate");
        assertThat(neverUpdated.created()).isEqualTo("2026-01-01");
        assertThat(neverUpdated.times()).isEqualTo("Created 2026-01-01 12:00 · updated never · last used never (UTC)");
        assertThat(neverUpdated.updated()).isEqualTo("never");
        assertThat(neverUpdated.lastUsed()).isEqualTo("never");
        assertThat(neverUpdated.age()).isEqualTo("120 d");
        assertThat(neverUpdated.stale()).as("SimpleTuner's own report misses never-updated rows; this page does not").isTrue();
        assertThat(neverUpdated.staleReason()).startsWith("Last set 120 days ago (created, never updated)").contains("90 days");
        CredentialRow updated = row("admin", "huggingface");
        assertThat(updated.updated()).isEqualTo("2026-04-21");
        assertThat(updated.lastUsed()).isEqualTo("2026-04-21");
        assertThat(updated.age()).isEqualTo("10 d");
        assertThat(updated.stale()).isFalse();
        assertThat(updated.staleReason()).isEmpty();
        assertThat(model.summaryProperty().get()).isEqualTo("2 credentials · 1 stale");
        assertThat(model.sourceProperty().get()).contains(simpleTuner.simpleTuner.state().resolve("cloud").resolve("jobs.db").toString());
        assertThat(model.problemProperty().get()).isEmpty();
        assertNoCanaryShown();
    }

    @Test
    void theUserFilterShowsOneUsersCredentialsAndTheSummaryFollows() {
        simpleTuner.stored("user2", "replicate", "api_token", "a", CredentialsUnderTest.OLD, null);
        simpleTuner.stored("admin", "replicate", "api_token", "b", CredentialsUnderTest.RECENT, null);
        model.refresh();

        model.userFilterProperty().set("admin");

        assertThat(model.rows()).extracting(CredentialRow::label).containsExactly("admin: replicate/api_token");
        assertThat(model.summaryProperty().get()).isEqualTo("1 credential of admin");
        model.userFilterProperty().set(null);
        assertThat(model.rows()).hasSize(2);
        assertThat(model.summaryProperty().get()).isEqualTo("2 credentials · 1 stale");
    }

    @Test
    void setStoresTheValueAsTheServerReadsItThenUpdatesAndReactivatesAndNeverSaysTheValue() {
        model.refresh();
        model.userProperty().set("user2");
        model.providerProperty().set("replicate");
        model.nameProperty().set("api_token");
        model.valueProperty().set(CANARY);
        assertThat(model.hasTypedValue()).isTrue();
        assertThat(model.canSet().get()).isTrue();

        model.set();

        JsonNode rows = simpleTuner.rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("credential_value").asText()).isEqualTo(CANARY);
        assertThat(rows.get(0).get("user_id").asInt()).isEqualTo(2);
        assertThat(rows.get(0).get("is_active").asInt()).isEqualTo(1);
        assertThat(model.messageProperty().get()).startsWith("Created user2: replicate/api_token.").contains("unencrypted");
        assertThat(model.messageIsErrorProperty().get()).isFalse();
        assertThat(model.valueProperty().get()).as("the typed value is dropped once saved").isEmpty();
        assertThat(model.hasTypedValue()).isFalse();
        assertThat(model.rows()).extracting(CredentialRow::label).containsExactly("user2: replicate/api_token");
        assertNoCanaryShown();

        simpleTuner.store().deactivate("user2", "replicate", "api_token");
        model.valueProperty().set(CANARY + "-2");
        model.set();

        rows = simpleTuner.rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("credential_value").asText()).isEqualTo(CANARY + "-2");
        assertThat(rows.get(0).get("is_active").asInt()).as("setting again reactivates it").isEqualTo(1);
        assertThat(rows.get(0).get("updated_at").isNull()).isFalse();
        assertThat(model.messageProperty().get()).startsWith("Updated user2: replicate/api_token.");
        assertNoCanaryShown();
        assertThat(simpleTuner.auditEntries()).contains("credential").doesNotContain(CANARY);
        assertThat(simpleTuner.chainValid()).isTrue();
    }

    /** Regression (issue 15): a page's message survived page and theme changes; the shell now dismisses it. */
    @Test
    void whatTheLastActionSaidGoesWhenDismissed() {
        model.refresh();
        model.set();
        assertThat(model.messageProperty().get()).isEqualTo("Choose the user the credential is for.");
        assertThat(model.messageIsErrorProperty().get()).isTrue();

        model.dismissMessage();

        assertThat(model.messageProperty().get()).isEmpty();
        assertThat(model.messageIsErrorProperty().get()).isFalse();
    }

    @Test
    void anIncompleteFormSaysWhatIsMissingAndWritesNothing() {
        model.refresh();
        model.valueProperty().set(CANARY);

        model.set();
        assertThat(model.messageProperty().get()).isEqualTo("Choose the user the credential is for.");
        model.userProperty().set("admin");
        model.nameProperty().set("  ");
        model.set();
        assertThat(model.messageProperty().get()).startsWith("A provider and a credential name are both needed");
        assertThat(model.canSet().get()).isFalse();

        assertThat(model.messageIsErrorProperty().get()).isTrue();
        assertThat(model.valueProperty().get()).as("nothing typed is lost").isEqualTo(CANARY);
        assertThat(simpleTuner.rows()).isEmpty();
    }

    @Test
    void aUserRemovedMeanwhileIsOneClearLineThatKeepsTheTypedValueAndNeverShowsIt() {
        model.refresh();
        model.userProperty().set("user2");
        model.valueProperty().set(CANARY);
        simpleTuner.sql("DELETE FROM users WHERE username = 'user2'");

        model.set();

        assertThat(model.messageIsErrorProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).startsWith("Could not set user2: replicate/api_token: ")
                .contains("no user user2").doesNotContain("\n");
        assertThat(model.valueProperty().get()).isEqualTo(CANARY);
        assertNoCanaryShown();
        assertThat(simpleTuner.rows()).isEmpty();
    }

    @Test
    void deactivateAsksFirstNamingTheCredentialThenSimpleTunerSeesItInactive() {
        simpleTuner.stored("user2", "replicate", "api_token", CANARY, CredentialsUnderTest.RECENT, null);
        model.refresh();

        model.askDeactivate(row("user2", "replicate"));

        assertThat(model.pendingProperty().get().question())
                .startsWith("Deactivate user2's credential replicate/api_token?").contains("global one");
        assertThat(simpleTuner.rows().get(0).get("is_active").asInt()).as("nothing changes before confirming").isEqualTo(1);
        model.confirm();

        assertThat(model.pendingProperty().get()).isNull();
        assertThat(simpleTuner.rows().get(0).get("is_active").asInt()).isZero();
        assertThat(row("user2", "replicate").active()).isFalse();
        assertThat(model.messageProperty().get()).startsWith("Deactivated user2: replicate/api_token");
        assertThat(model.summaryProperty().get()).isEqualTo("1 credential · 1 inactive");

        model.askDeactivate(row("user2", "replicate"));
        assertThat(model.pendingProperty().get()).as("an inactive row is only reported").isNull();
        assertThat(model.messageProperty().get()).contains("already inactive");
        assertNoCanaryShown();
    }

    @Test
    void deleteAsksFirstAndCancelKeepsTheRowConfirmRemovesItForGood() {
        simpleTuner.stored("user2", "replicate", "api_token", CANARY, CredentialsUnderTest.RECENT, null);
        simpleTuner.stored("admin", "replicate", "api_token", "keep", CredentialsUnderTest.RECENT, null);
        model.refresh();

        model.askDelete(row("user2", "replicate"));
        assertThat(model.pendingProperty().get().question()).startsWith("Delete user2's credential replicate/api_token for good?");
        model.cancel();
        assertThat(simpleTuner.rows()).hasSize(2);

        model.askDelete(row("user2", "replicate"));
        model.confirm();

        JsonNode rows = simpleTuner.rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("credential_value").asText()).as("only the named credential went").isEqualTo("keep");
        assertThat(model.rows()).extracting(CredentialRow::label).containsExactly("admin: replicate/api_token");
        assertThat(model.messageProperty().get()).isEqualTo("Deleted user2: replicate/api_token.");
        assertThat(simpleTuner.auditEntries()).doesNotContain(CANARY);
        assertThat(simpleTuner.chainValid()).isTrue();
    }

    @Test
    void aCredentialDeletedMeanwhileIsReportedAndTheTableIsReadAgain() {
        simpleTuner.stored("user2", "replicate", "api_token", CANARY, CredentialsUnderTest.RECENT, null);
        model.refresh();
        model.askDelete(row("user2", "replicate"));
        simpleTuner.sql("DELETE FROM provider_credentials");

        model.confirm();

        assertThat(model.messageIsErrorProperty().get()).isTrue();
        assertThat(model.messageProperty().get()).startsWith("Could not delete user2: replicate/api_token: ")
                .contains("has no credential replicate/api_token");
        assertThat(model.rows()).isEmpty();
    }

    @Test
    void storeCallsRunOnlyInTheBackground() {
        QueuedExecutor background = new QueuedExecutor();
        AtomicInteger storeCalls = new AtomicInteger();
        UserCredentialsViewModel queued = new UserCredentialsViewModel(() -> {
            storeCalls.incrementAndGet();
            return simpleTuner.store();
        }, new UiExecutor(background, Runnable::run), Clock.fixed(CredentialsUnderTest.NOW, ZoneOffset.UTC), ZoneOffset.UTC);
        simpleTuner.stored("admin", "replicate", "api_token", "x", CredentialsUnderTest.RECENT, null);

        queued.refresh();
        assertThat(storeCalls).as("nothing touches the store on the calling (FX) thread").hasValue(0);
        assertThat(queued.workingProperty().get()).isTrue();
        assertThat(queued.rows()).isEmpty();
        assertThat(background.drain()).isEqualTo(1);
        assertThat(storeCalls).hasValue(1);

        assertThat(queued.workingProperty().get()).isFalse();
        assertThat(queued.rows()).hasSize(1);
    }
}
