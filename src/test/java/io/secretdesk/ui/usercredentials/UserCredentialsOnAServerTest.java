package io.secretdesk.ui.usercredentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.remote.ApiKey;
import io.secretdesk.core.remote.ServerSettings;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.LocalTarget;
import io.secretdesk.testing.SimpleTunerApiServer;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The User Credentials view model on the target the shell's switch chooses: this machine, then a server (read only). */
@Tag("slow")
class UserCredentialsOnAServerTest {

    @TempDir
    Path home;

    private final SimpleTunerApiServer gpu1 = SimpleTunerApiServer.start();
    private ConsoleStore store;
    private TargetSwitch targets;
    private UserCredentialsViewModel model;

    @BeforeEach
    void open() {
        store = ConsoleStore.open(Map.of(), SimpleTunerHome.underUserHome(home));
        Servers servers = new Servers(store.servers(), HostLookup.system(), Clock.systemUTC());
        servers.add(ServerSettings.of("gpu1", gpu1.url()), ApiKey.of(gpu1.adminApiKey()), false);
        UiExecutor now = new UiExecutor(Runnable::run, Runnable::run);
        targets = new TargetSwitch(() -> new LocalTarget(store, new HardwareInfo(store.configs())), () -> servers, now);
        targets.reload();
        model = new UserCredentialsViewModel(store::userCredentials, now, Clock.systemUTC(), ZoneOffset.UTC);
        model.followTarget(targets);
        model.refresh();
    }

    @AfterEach
    void close() {
        store.close();
        gpu1.close();
    }

    @Test
    void listsOneUsersCredentialsOnTheChosenServerByIdAndChangesNothingThere() {
        String local = model.sourceProperty().get() + " " + model.problemProperty().get();
        assertThat(local).as("this machine's files (no users.db here yet)").doesNotContain("gpu1");
        assertThat(model.onServerProperty().get()).isFalse();
        int alice = gpu1.addUser("alice", false, "researcher");
        gpu1.addCredential(alice, "replicate", "api_token");
        gpu1.credentialsAnswerAsDeclared(true);

        targets.chosenProperty().set("gpu1");
        assertThat(model.onServerProperty().get()).isTrue();
        assertThat(model.problemProperty().get()).contains("Type a user id").contains("gpu1");
        assertThat(model.rows()).isEmpty();
        assertThat(gpu1.requests(Route.USER_CREDENTIALS)).as("nothing is asked before an id is given").isEmpty();

        model.serverUserProperty().set(" " + alice + " ");
        model.refresh();
        assertThat(model.problemProperty().get()).isEmpty();
        assertThat(model.rows()).extracting(CredentialRow::label).containsExactly("user #" + alice + ": replicate/api_token");
        assertThat(model.sourceProperty().get()).contains("gpu1", "user " + alice, "read only");
        assertThat(gpu1.requests(Route.USER_CREDENTIALS)).allMatch(r -> gpu1.adminApiKey().equals(r.header("X-API-Key")));

        // The API has no route to change them: asked anyway, the page says so and sends nothing.
        model.userProperty().set("alice");
        model.valueProperty().set("r8_typedValue");
        assertThat(model.canSet().get()).isFalse();
        model.set();
        assertThat(model.messageProperty().get()).isEqualTo(UserCredentialsViewModel.SERVER_READ_ONLY)
                .doesNotContain("r8_typedValue");
        model.askDelete(model.rows().get(0));
        model.askDeactivate(model.rows().get(0));
        assertThat(model.pendingProperty().get()).isNull();
        assertThat(gpu1.requests()).allMatch(r -> r.method().equals("GET"));

        // SimpleTuner 4.8 answers 500 for any user who has a credential: one line that says whose bug it is.
        gpu1.credentialsAnswerAsDeclared(false);
        model.refresh();
        assertThat(model.rows()).isEmpty();
        assertThat(model.problemProperty().get()).contains("gpu1").contains("failed inside SimpleTuner (500)")
                .contains("answers 500 for every user who has a stored credential");

        model.serverUserProperty().set("alice");
        model.refresh();
        assertThat(model.problemProperty().get()).contains("user id");

        targets.chosenProperty().set(targets.choices().get(0));
        assertThat(model.onServerProperty().get()).isFalse();
        assertThat(model.problemProperty().get()).as("this machine's files again").isEqualTo(local.substring(
                local.indexOf(' ') + 1));
    }
}
