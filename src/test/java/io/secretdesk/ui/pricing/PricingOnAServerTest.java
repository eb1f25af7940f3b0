package io.secretdesk.ui.pricing;

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
import io.secretdesk.testing.SimpleTunerApiServer.Fault;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import io.secretdesk.ui.common.TargetSwitch;
import io.secretdesk.ui.common.UiExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hardware Pricing view model on the target the shell's switch chooses: this machine, then a server. */
@Tag("slow")
class PricingOnAServerTest {

    @TempDir
    Path home;

    private final SimpleTunerApiServer gpu1 = SimpleTunerApiServer.start();
    private ConsoleStore store;
    private TargetSwitch targets;
    private PricingViewModel pricing;

    @BeforeEach
    void open() {
        store = ConsoleStore.open(Map.of(), SimpleTunerHome.underUserHome(home));
        Servers servers = new Servers(store.servers(), HostLookup.system(), Clock.systemUTC());
        servers.add(ServerSettings.of("gpu1", gpu1.url()), ApiKey.of(gpu1.adminApiKey()), false);
        gpu1.seedProviderConfig("replicate", Map.of("hardware_info",
                Map.of("gpu-a100", Map.of("name", "A100 (80GB)", "cost_per_second", 0.0014))));
        UiExecutor now = new UiExecutor(Runnable::run, Runnable::run);
        HardwareInfo local = new HardwareInfo(store.configs());
        targets = new TargetSwitch(() -> new LocalTarget(store, local), () -> servers, now);
        targets.reload();
        pricing = new PricingViewModel(() -> local, store::configs, store::audit, now);
        pricing.followTarget(targets);
        pricing.refresh();
    }

    @AfterEach
    void close() {
        store.close();
        gpu1.close();
    }

    @Test
    void readsAndSavesTheChosenServersTableAndKeepsEditsWhenTheServerRefuses() {
        assertThat(pricing.rows()).extracting(r -> r.idProperty().get()).containsExactly("gpu-l40s", "gpu-h100");

        targets.chosenProperty().set("gpu1");
        assertThat(pricing.rows()).extracting(r -> r.idProperty().get()).containsExactly("gpu-a100");
        assertThat(pricing.sourceProperty().get()).contains("on gpu1");

        pricing.rows().get(0).costPerSecondProperty().set("0.0015");
        pricing.save();
        assertThat(pricing.messageProperty().get()).contains("on gpu1").contains("next request");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> table = (Map<String, Map<String, Object>>) gpu1.providerConfig("replicate")
                .get("hardware_info");
        assertThat(((Number) table.get("gpu-a100").get("cost_per_second")).doubleValue()).isEqualTo(0.0015);
        assertThat(new HardwareInfo(store.configs()).configured()).as("this machine is untouched").isFalse();

        gpu1.fail(Route.PROVIDER_CONFIG_PUT, Fault.status(500));
        pricing.rows().get(0).costPerSecondProperty().set("0.0016");
        pricing.save();
        assertThat(pricing.messageIsErrorProperty().get()).isTrue();
        assertThat(pricing.messageProperty().get()).contains("Not saved").contains("gpu1").contains("500");
        assertThat(pricing.rows().get(0).costPerSecondProperty().get()).isEqualTo("0.0016");
        assertThat(pricing.dirtyProperty().get()).isTrue();
    }
}
