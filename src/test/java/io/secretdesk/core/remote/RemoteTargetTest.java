package io.secretdesk.core.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.pricing.HardwareInfo.Hardware;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditQuery;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.ReplicateToken;
import io.secretdesk.core.target.TargetException;
import io.secretdesk.core.target.TargetException.Reason;
import io.secretdesk.testing.MutableClock;
import io.secretdesk.testing.SimpleTunerApiServer;
import io.secretdesk.testing.SimpleTunerApiServer.Fault;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** RemoteTarget against the SimpleTuner stand-in on loopback: every route, its faults and its refusals. */
@Tag("slow")
class RemoteTargetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));
    private SimpleTunerApiServer server;
    private RemoteTarget target;

    @BeforeEach
    void start() {
        server = SimpleTunerApiServer.start(clock);
        target = target(server.adminApiKey(), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RemoteTarget target(String key, Duration requestTimeout) {
        ServerSettings settings = new ServerSettings("gpu1", URI.create(server.url()), null, false, Duration.ofSeconds(2),
                requestTimeout);
        return new RemoteTarget(settings, () -> key == null ? null : ApiKey.of(key), HostLookup.system(), clock);
    }

    @Test
    void mergesAProviderConfigThroughOnePutWhoseBodyArrives() {
        server.seedProviderConfig("replicate", Map.of("webhook_url", "https://hooks.example.com/a", "cost_limit_amount", 10.0));

        Map<String, Object> after = target.mergeProviderConfig("replicate", Map.of("cost_limit_amount", 25));

        assertThat(after).containsEntry("webhook_url", "https://hooks.example.com/a");
        assertThat(((Number) after.get("cost_limit_amount")).doubleValue()).isEqualTo(25.0);
        assertThat(server.providerConfig("replicate").get("cost_limit_amount")).isEqualTo(25.0);
        assertThat(target.providerConfig("replicate")).containsKeys("webhook_url", "cost_limit_amount");
        assertThat(target.providers()).containsExactly("replicate");
    }

    @Test
    void refusesKeysTheRouteIgnoresBeforeSendingAnything() {
        assertThatThrownBy(() -> target.mergeProviderConfig("replicate", Map.of("webhook_secret", "x", "cost_limit_amount", 3)))
                .isInstanceOf(TargetException.class).hasMessageContaining("cannot set webhook_secret")
                .hasMessageContaining("nothing was sent");
        Map<String, Object> removal = new HashMap<>();
        removal.put("cost_limit_amount", null);
        assertThatThrownBy(() -> target.mergeProviderConfig("replicate", removal))
                .hasMessageContaining("cannot remove cost_limit_amount");
        assertThat(server.requests(Route.PROVIDER_CONFIG_PUT)).isEmpty();
    }

    @Test
    void removesWhatTheRouteCanRemoveWithItsEmptyText() {
        server.seedProviderConfig("replicate", Map.of("proxy_url", "http://proxy:3128", "org_id", "acme"));
        Map<String, Object> removal = new HashMap<>();
        removal.put("proxy_url", null);

        Map<String, Object> after = target.mergeProviderConfig("replicate", removal);

        assertThat(after).doesNotContainKey("proxy_url").containsEntry("org_id", "acme");
    }

    @Test
    void setsAndResetsHardwarePricing() {
        assertThat(target.hardwarePricingConfigured()).isFalse();
        assertThat(target.hardwarePricing()).containsKeys("gpu-l40s", "gpu-h100");

        Map<String, Hardware> table = new LinkedHashMap<>();
        table.put("gpu-a100", new Hardware("gpu-a100", "A100 (80GB)", 0.0014));
        target.setHardwarePricing(table);

        assertThat(target.hardwarePricingConfigured()).isTrue();
        assertThat(target.hardwarePricing()).containsOnlyKeys("gpu-a100");
        assertThat(target.hardwarePricing().get("gpu-a100").costPerSecond()).isEqualTo(0.0014);

        target.resetHardwarePricing();
        assertThat(target.hardwarePricingConfigured()).isFalse();
        assertThat(target.hardwarePricing()).containsKeys("gpu-l40s", "gpu-h100");
    }

    @Test
    void readsTheAuditLogOldestFirstWithFiltersStatsAndTheServersChainCheck() {
        server.appendAuditEvent("config.changed", "first", null, Map.of("n", 1));
        server.appendAuditEvent("provider.configured", "second", null, Map.of("n", 2));
        server.appendAuditEvent("config.changed", "third", null, Map.of("n", 3));

        List<AuditEntry> changed = target.audit(new AuditQuery("config.changed", null, null, null, 10));
        assertThat(changed).extracting(AuditEntry::action).containsExactly("first", "third");
        assertThat(target.auditStats().byEventType()).containsEntry("config.changed", 2L);
        ChainVerification chain = target.verifyAudit();
        assertThat(chain.intact()).isTrue();
        assertThat(chain.entriesChecked()).isGreaterThanOrEqualTo(3);

        server.tamperAuditAction(2, "edited");
        ChainVerification broken = target.verifyAudit();
        assertThat(broken.intact()).isFalse();
        assertThat(broken.firstBroken()).hasValue(2);
        assertThat(broken.problem()).contains("entry 2").contains("edited");
    }

    @Test
    void pagesThroughMoreThanOnePageOfAudit() {
        for (int i = 0; i < 620; i++) {
            server.appendAuditEvent("config.changed", "change " + i, null, Map.of());
        }
        List<AuditEntry> entries = target.audit(new AuditQuery("config.changed", null, null, null, 600));
        assertThat(entries).hasSize(600);
        assertThat(entries.get(599).action()).isEqualTo("change 619");
        assertThat(entries.get(0).action()).isEqualTo("change 20");
    }

    @Test
    void saysWhyTheKeyWasRefusedWithout401And403Confusion() {
        String canary = "st_" + "CANARYcanary0123456789abcdefABCD".substring(0, 32);
        RemoteTarget wrongKey = target(canary, Duration.ofSeconds(10));
        assertThatThrownBy(wrongKey::auditStats).isInstanceOf(TargetException.class)
                .satisfies(e -> assertThat(((TargetException) e).reason()).isEqualTo(Reason.DENIED))
                .hasMessageContaining("401").hasMessageContaining("did not accept the API key")
                .hasMessageNotContaining(canary);

        int lead = server.addUser("lead", false, "lead");
        RemoteTarget leadKey = target(server.addApiKey(lead), Duration.ofSeconds(10));
        assertThat(leadKey.auditStats().total()).isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() -> leadKey.userCredentials("1")).hasMessageContaining("403")
                .hasMessageContaining("Permission denied: admin.users").hasMessageContaining("lacks the permission");
        assertThat(wrongKey.toString()).doesNotContain(canary);
    }

    @Test
    void userCredentialsSayThatSimpleTunersOwn500IsItsBug() {
        server.addCredential(1, "replicate", "api_token");
        assertThatThrownBy(() -> target.userCredentials("1")).hasMessageContaining("SimpleTuner's bug");
        server.credentialsAnswerAsDeclared(true);
        assertThat(target.userCredentials("1")).singleElement()
                .satisfies(c -> assertThat(c.provider() + "/" + c.name()).isEqualTo("replicate/api_token"));
        assertThatThrownBy(() -> target.userCredentials("alice")).hasMessageContaining("per user id");
        assertThatThrownBy(() -> target.userCredentials("99")).hasMessageContaining("404");
    }

    @Test
    void brokenAnswersGiveOneClearLineEach() {
        server.fail(Route.PROVIDER_CONFIG_GET, Fault.html());
        assertThatThrownBy(() -> target.providerConfig("replicate")).hasMessageContaining("HTML page");
        server.fail(Route.PROVIDER_CONFIG_GET, Fault.truncatedJson());
        assertThatThrownBy(() -> target.providerConfig("replicate")).hasMessageContaining("not complete JSON");
        server.fail(Route.PROVIDER_CONFIG_GET, Fault.status(500));
        assertThatThrownBy(() -> target.providerConfig("replicate")).hasMessageContaining("500");
        server.fail(Route.PROVIDER_CONFIG_GET, Fault.status(404));
        assertThatThrownBy(() -> target.providerConfig("replicate")).hasMessageContaining("not a route of this server");
        server.fail(Route.PROVIDER_CONFIG_GET, Fault.dropMidBody());
        assertThatThrownBy(() -> target.providerConfig("replicate")).isInstanceOf(TargetException.class)
                .hasMessageStartingWith("gpu1: GET /api/cloud/providers/replicate/config");
    }

    @Test
    void aHangingServerIsGivenUpOnAtTheRequestTimeout() {
        RemoteTarget impatient = target(server.adminApiKey(), Duration.ofMillis(400));
        server.fail(Route.HEALTH, Fault.hang());
        server.refuseConnections();
        assertThatThrownBy(impatient::hardwarePricing).isInstanceOf(TargetException.class)
                .satisfies(e -> assertThat(((TargetException) e).reason()).isEqualTo(Reason.UNREACHABLE));
        server.acceptConnections();
        server.fail(Route.HARDWARE_OPTIONS, Fault.hang());
        assertThatThrownBy(impatient::hardwarePricing).hasMessageContaining("did not answer within 0.4 s");
        assertThat(impatient.health().overall()).isEqualTo(HealthReport.State.FAILED);
        ServerStatus status = impatient.check();
        assertThat(status.reachable()).isFalse();
        assertThat(status.problem()).contains("did not answer within 0.4 s");
    }

    @Test
    void aServerThatIsDownIsUnreachableNotAnError() {
        server.refuseConnections();
        ServerStatus status = target.check();
        assertThat(status.reachable()).isFalse();
        assertThat(status.problem()).contains("refused the connection");
        assertThat(status.toReport().overall()).isEqualTo(HealthReport.State.FAILED);
    }

    @Test
    void checkReportsVersionHealthOpenRoutesAndTheChain() {
        ServerStatus status = target.check();

        assertThat(status.reachable()).isTrue();
        assertThat(status.version()).startsWith("4.8.0");
        assertThat(status.versionNote()).isNull();
        assertThat(status.openRoutes()).isEqualTo(ServerStatus.Exposure.OPEN);
        assertThat(status.noUsers()).isEqualTo(ServerStatus.Exposure.GUARDED);
        assertThat(status.key()).isEqualTo(ServerStatus.KeyState.ACCEPTED);
        assertThat(status.chain()).hasValueSatisfying(c -> assertThat(c.intact()).isTrue());
        assertThat(status.secrets()).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo("degraded"));
        assertThat(status.openWarning()).hasValueSatisfying(w -> assertThat(w).contains("without a key"));

        server.removeAllUsers();
        ServerStatus open = target.check();
        assertThat(open.noUsers()).isEqualTo(ServerStatus.Exposure.OPEN);
        assertThat(open.openWarning()).hasValueSatisfying(w -> assertThat(w).contains("no users"));

        server.version("5.0.0");
        assertThat(target.check().versionNote()).contains("major version 5");
    }

    @Test
    void theReplicateTokenIsWriteOnly() {
        server.replicateAccount("r8_good", "alice", "Alice", null);
        ReplicateToken.Change set = target.setReplicateToken("r8_good");
        assertThat(set.done()).isTrue();
        assertThat(set.problem()).isNull();
        assertThat(target.validateReplicateToken().valid()).isTrue();
        assertThat(target.validateReplicateToken().account()).isEqualTo("alice");

        ReplicateToken.Change bad = target.setReplicateToken("nope");
        assertThat(bad.done()).isFalse();
        assertThat(bad.problem()).contains("r8_");

        assertThat(target.deleteReplicateToken().done()).isTrue();
        assertThat(target.validateReplicateToken().valid()).isFalse();
    }
}
