package io.secretdesk.core.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.ServerStore;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.TargetException;
import io.secretdesk.testing.MutableClock;
import io.secretdesk.testing.SimpleTunerApiServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servers registry over a real console database, against the SimpleTuner stand-in. */
@Tag("slow")
class ServersTest {

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));
    private SimpleTunerApiServer server;
    private ConsoleStore store;
    private Servers servers;

    @BeforeEach
    void open() {
        server = SimpleTunerApiServer.start(clock);
        store = ConsoleStore.open(Map.of(), SimpleTunerHome.underUserHome(home));
        servers = new Servers(store.servers(), HostLookup.system(), clock);
    }

    @AfterEach
    void close() {
        store.close();
        server.close();
    }

    @Test
    void theKeyIsEncryptedAmongTheCredentialsAndNeverLeavesButInTheHeader() throws Exception {
        String canary = server.adminApiKey();
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
        try {
            servers.add(ServerSettings.of("gpu1", server.url()), ApiKey.of(canary), false);
            assertThat(servers.target("gpu1").auditStats().total()).isGreaterThanOrEqualTo(0);
            server.revokeApiKey(canary);
            assertThatThrownBy(() -> servers.target("gpu1").auditStats()).hasMessageContaining("401")
                    .hasMessageNotContaining(canary);
            assertThat(servers.target("gpu1").toString()).doesNotContain(canary);
            assertThat(ApiKey.of(canary).toString()).doesNotContain(canary);
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        assertThat(String.join("\n", logged)).doesNotContain(canary);
        assertThat(store.credentials().info(ServerStore.KEY_PROVIDER, "gpu1")).isPresent();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(canary);
            }
        }
    }

    @Test
    void aRestartNoticeStaysUntilTheUptimeShowsARestart() {
        servers.add(ServerSettings.of("local", server.url()), null, false);
        clock.advance(Duration.ofMinutes(30));
        servers.target("local").check(); // the server's uptime starts at its first health call
        clock.advance(Duration.ofMinutes(10));

        servers.restartNeeded("local", "the secrets file changed");
        clock.advance(Duration.ofMinutes(5));
        ServerStatus stillUp = servers.target("local").check();
        assertThat(servers.followRestart(stillUp)).hasValueSatisfying(n -> assertThat(n.reason()).isEqualTo("the secrets file changed"));
        assertThat(servers.health("local").checks()).anySatisfy(c -> assertThat(c.name()).isEqualTo("restart"));

        server.restart();
        clock.advance(Duration.ofSeconds(20));
        ServerStatus restarted = servers.target("local").check();
        assertThat(servers.followRestart(restarted)).isEmpty();
        assertThat(servers.restartNotice("local")).isEmpty();
        assertThat(servers.health("local").checks()).noneSatisfy(c -> assertThat(c.name()).isEqualTo("restart"));
        assertThat(servers.onThisMachine()).containsExactly("local");
    }

    @Test
    void aResolverThatNeverAnswersIsBoundedByTheConnectTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        HostLookup stuck = HostLookup.using(host -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        });
        ServerSettings settings = new ServerSettings("far", URI.create("https://gpu.invalid:8001"), null, false,
                Duration.ofMillis(300), Duration.ofSeconds(2));
        RemoteTarget target = new RemoteTarget(settings, () -> null, stuck, clock);
        ServerStatus status = target.check();
        never.countDown();
        assertThat(status.reachable()).isFalse();
        assertThat(status.problem()).contains("did not resolve within 0.3 s");
        assertThat(status.toReport().overall()).isEqualTo(HealthReport.State.FAILED);
    }

    @Test
    void badSettingsAreRefusedWithNothingStored() {
        assertThatThrownBy(() -> ServerSettings.of("bad name", server.url())).hasMessageContaining("server name");
        assertThatThrownBy(() -> ServerSettings.of("x", "ftp://host")).hasMessageContaining("https://");
        assertThatThrownBy(() -> ServerSettings.of("x", "http://10.0.0.5:8001")).hasMessageContaining("in clear");
        assertThat(new ServerSettings("x", URI.create("http://10.0.0.5:8001"), null, true, Duration.ofSeconds(1),
                Duration.ofSeconds(1)).location()).isEqualTo("http://10.0.0.5:8001");
        assertThat(ServerSettings.of("x", "gpu1.example.com:8001/st/").location()).isEqualTo("https://gpu1.example.com:8001/st");
        assertThatThrownBy(() -> servers.add(new ServerSettings("x", URI.create(server.url()), home.resolve("missing.pem"),
                false, Duration.ofSeconds(1), Duration.ofSeconds(1)), null, false))
                .isInstanceOf(TargetException.class).hasMessageContaining("does not exist");
        assertThat(servers.list()).isEmpty();
        assertThatThrownBy(() -> servers.target("nope")).hasMessageContaining("no server named nope");
    }
}
