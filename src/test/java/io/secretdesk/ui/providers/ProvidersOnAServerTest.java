package io.secretdesk.ui.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.remote.ApiKey;
import io.secretdesk.core.remote.ServerSettings;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.target.LocalTarget;
import io.secretdesk.testing.ConsoleFixture;
import io.secretdesk.testing.SimpleTunerApiServer;
import io.secretdesk.testing.SimpleTunerApiServer.Fault;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Provider Config view model on a server chosen with the shell's switch: config, audit tab, Replicate token. */
@Tag("slow")
class ProvidersOnAServerTest {

    @TempDir
    Path dir;

    private final SimpleTunerApiServer gpu1 = SimpleTunerApiServer.start();
    private final SimpleTunerApiServer gpu2 = SimpleTunerApiServer.start();
    private ConsoleFixture console;
    private TargetSwitch targets;
    private ProvidersViewModel model;
    private Servers servers;

    @BeforeEach
    void open() {
        console = new ConsoleFixture(dir);
        servers = new Servers(console.services.store().servers(), HostLookup.system(), Clock.systemUTC());
        servers.add(ServerSettings.of("gpu1", gpu1.url()), ApiKey.of(gpu1.adminApiKey()), false);
        servers.add(ServerSettings.of("gpu2", gpu2.url()), ApiKey.of(gpu2.adminApiKey()), false);
        gpu1.seedProviderConfig("replicate", Map.of("webhook_url", "https://hooks.example.com/gpu1", "cost_limit_amount", 10.0));
        UiExecutor now = new UiExecutor(Runnable::run, Runnable::run);
        targets = new TargetSwitch(() -> new LocalTarget(console.services.store(),
                new HardwareInfo(console.services.providerConfigs())), () -> servers, now);
        targets.reload();
        model = new ProvidersViewModel(console.services::providerConfigs, console.services::credentials,
                console.services::audit, console.services::secrets, console.services.secretWrites("provider-config-view"), now,
                () -> { });
        model.followTarget(targets);
        model.refresh();
    }

    @AfterEach
    void close() throws Exception {
        console.close();
        gpu1.close();
        gpu2.close();
    }

    @Test
    void readsSavesAndAuditsTheChosenServersConfigAndKeepsTheFormWhenItRefuses() {
        assertThat(model.providers()).doesNotContain("replicate").as("this machine has no config yet");

        targets.chosenProperty().set("gpu1");
        assertThat(model.providers()).containsExactly("replicate");
        assertThat(model.selectedProperty().get()).isEqualTo("replicate");
        assertThat(model.form().webhookUrlProperty().get()).isEqualTo("https://hooks.example.com/gpu1");

        model.form().costLimitAmountProperty().set("75");
        model.save();
        assertThat(model.status().messageProperty().get()).startsWith("Saved replicate on gpu1");
        assertThat(gpu1.providerConfig("replicate")).containsEntry("cost_limit_amount", 75.0)
                .containsEntry("webhook_url", "https://hooks.example.com/gpu1");
        assertThat(console.services.providerConfigs().listProviders()).as("this machine untouched").isEmpty();

        gpu1.fail(Route.PROVIDER_CONFIG_PUT, Fault.status(500));
        model.form().costLimitAmountProperty().set("80");
        model.save();
        assertThat(model.status().messageIsErrorProperty().get()).isTrue();
        assertThat(model.status().messageProperty().get()).contains("Not saved").contains("gpu1").contains("500");
        assertThat(model.form().costLimitAmountProperty().get()).isEqualTo("80");
        gpu1.clearFaults();

        gpu1.appendAuditEvent("config.changed", "changed on gpu1", null, Map.of());
        model.audit().refresh();
        assertThat(model.audit().shown()).extracting(AuditRow::action).contains("changed on gpu1");
        model.audit().verify();
        assertThat(model.audit().verdictProperty().get()).isEqualTo(AuditTrail.Verdict.INTACT);

        gpu1.replicateAccount("r8_fleet", "ops", "Ops", null);
        assertThat(model.token().tokenSourceProperty().get()).contains("write-only");
        model.token().tokenInputProperty().set("r8_fleet");
        model.saveToken();
        assertThat(model.status().messageProperty().get()).startsWith("Stored the token on gpu1");
        assertThat(gpu1.secretsFileOnDisk()).containsKey("REPLICATE_API_TOKEN");
        assertThat(model.token().tokenInputProperty().get()).isEmpty();
    }

    @Test
    void theAuditTabOnAServerShowsItsFiguresAsksForOneEventTypeAndVerifiesThere() {
        gpu1.appendAuditEvent("config.changed", "changed on gpu1", null, Map.of());
        gpu1.appendAuditEvent("job.submitted", "job 1", null, Map.of());
        gpu1.appendAuditEvent("config.changed", "changed again", null, Map.of());
        targets.chosenProperty().set("gpu1");

        AuditFigures figures = model.audit().figures();
        assertThat(gpu1.requests(Route.AUDIT_STATS)).isNotEmpty();
        assertThat(figures.textProperty().get()).matches("\\d+ entries, 20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d to .*, 3 event types\\.");
        assertThat(figures.eventTypes()).startsWith(AuditFigures.ALL).contains("config.changed", "job.submitted",
                "auth.api_key.used");
        assertThat(figures.label("config.changed")).isEqualTo("config.changed (2)");
        assertThat(figures.label("job.submitted")).isEqualTo("job.submitted (1)");

        figures.chosenProperty().set("config.changed");
        assertThat(gpu1.requests(Route.AUDIT_LIST)).last().satisfies(request -> assertThat(request.query())
                .as("the filter is the server's").contains("event_type=config.changed"));
        assertThat(model.audit().shown()).extracting(AuditRow::action).containsExactly("changed again", "changed on gpu1");
        assertThat(model.audit().summaryProperty().get()).isEqualTo("Showing 2 entries of type config.changed.");
        assertThat(model.audit().problemProperty().get()).isEmpty();

        int before = gpu1.requests(Route.AUDIT_VERIFY).size();
        model.audit().verify();
        assertThat(gpu1.requests(Route.AUDIT_VERIFY)).hasSize(before + 1);
        assertThat(model.audit().verdictProperty().get()).isEqualTo(AuditTrail.Verdict.INTACT);
        gpu1.tamperAuditAction(2, "edited on the host");
        model.audit().verify();
        assertThat(model.audit().verdictProperty().get()).isEqualTo(AuditTrail.Verdict.BROKEN);
        assertThat(model.audit().verdictTextProperty().get()).startsWith("Chain broken at entry 2");

        figures.chosenProperty().set(AuditFigures.ALL);
        assertThat(gpu1.requests(Route.AUDIT_LIST)).last().satisfies(request -> assertThat(request.query())
                .doesNotContain("event_type"));
        assertThat(model.audit().shown()).extracting(AuditRow::action).contains("edited on the host", "changed again");
    }

    @Test
    void aKeyTheServerRefusesOrThatLacksAdminAuditIsOneLineWithNoEntriesShown() {
        gpu1.appendAuditEvent("config.changed", "changed on gpu1", null, Map.of());
        targets.chosenProperty().set("gpu1");
        assertThat(model.audit().shown()).isNotEmpty();

        gpu1.revokeApiKey(gpu1.adminApiKey());
        model.audit().refresh();
        String refused = model.audit().problemProperty().get();
        assertThat(refused).startsWith("The audit log could not be read: gpu1: GET /api/audit").contains("401")
                .doesNotContain("\n").doesNotContain("Exception").doesNotContain(gpu1.adminApiKey());
        assertThat(model.audit().shown()).as("no rows under the failure").isEmpty();
        assertThat(model.audit().summaryProperty().get()).isEmpty();
        assertThat(model.audit().figures().textProperty().get()).as("said once, by the list").isEmpty();
        model.audit().verify();
        assertThat(model.audit().verdictTextProperty().get()).as("one line, not two").isEmpty();
        assertThat(model.audit().problemProperty().get()).contains("gpu1").contains("401");

        int researcher = gpu2.addUser("rita", false, "researcher");
        servers.add(ServerSettings.of("gpu2", gpu2.url()), ApiKey.of(gpu2.addApiKey(researcher)), true);
        targets.chosenProperty().set("gpu2");
        String lacks = model.audit().problemProperty().get();
        assertThat(lacks).startsWith("The audit log could not be read: gpu2: GET /api/audit").contains("403")
                .contains("admin.audit").doesNotContain("\n");
        assertThat(lacks.length()).as("the whole line, not cut").isLessThan(400);
        assertThat(lacks).doesNotEndWith("…");

        targets.chosenProperty().set(targets.choices().get(0)); // this machine: its own log reads again
        assertThat(model.audit().problemProperty().get()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenAnswers")
    void aFailedSaveOnOneServerKeepsTheTypedEditsAndTheOtherServerTakesThem(String what, Fault fault, String said) {
        gpu2.seedProviderConfig("replicate", Map.of("cost_limit_amount", 20.0));
        targets.chosenProperty().set("gpu1");
        gpu1.fail(Route.PROVIDER_CONFIG_PUT, fault);

        model.form().costLimitAmountProperty().set("80");
        model.form().webhookUrlProperty().set("https://hooks.example.com/typed");
        model.save();

        assertThat(model.status().messageIsErrorProperty().get()).isTrue();
        String message = model.status().messageProperty().get();
        assertThat(message).contains("Not saved").contains("gpu1").contains(said).doesNotContain("\n")
                .doesNotContain(gpu1.adminApiKey()).doesNotContain("Exception");
        assertThat(model.form().costLimitAmountProperty().get()).as("the typed edits stay").isEqualTo("80");
        assertThat(model.form().webhookUrlProperty().get()).isEqualTo("https://hooks.example.com/typed");
        assertThat(model.form().dirtyProperty().get()).isTrue();
        assertThat(model.canSave().get()).as("Save can be pressed again").isTrue();

        // The other server is unaffected: the kept edits go there, while gpu1 still fails.
        targets.chosenProperty().set("gpu2");
        assertThat(model.form().costLimitAmountProperty().get()).isEqualTo("80");
        model.save();
        assertThat(model.status().messageProperty().get()).startsWith("Saved replicate on gpu2");
        assertThat(gpu2.providerConfig("replicate")).containsEntry("cost_limit_amount", 80.0)
                .containsEntry("webhook_url", "https://hooks.example.com/typed");
        assertThat(gpu1.requests(Route.PROVIDER_CONFIG_PUT)).hasSize(1);
    }

    static Stream<Arguments> brokenAnswers() {
        return Stream.of(
                Arguments.of("500", Fault.status(500), "failed inside SimpleTuner"),
                Arguments.of("an HTML page", Fault.html(), "HTML page"),
                Arguments.of("cut-off JSON", Fault.truncatedJson(), "not complete JSON"));
    }
}
