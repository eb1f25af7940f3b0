package io.secretdesk.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.remote.ServerStatus;
import io.secretdesk.core.remote.ServerStatus.Component;
import io.secretdesk.core.remote.ServerStatus.Exposure;
import io.secretdesk.core.remote.ServerStatus.KeyState;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.ServerStore.RestartNotice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fleet table's words per cell and the whole line under the table, from what a check of a server found. */
class ServerRowTest {

    private static final Instant NOW = Instant.parse("2026-12-05T20:00:00Z");
    private static final String REFUSED = "gpu3: GET /api/cloud/health refused the connection: SimpleTuner's server is "
            + "not running there (simpletuner server listens on port 8001 by default), or the port is wrong";

    private static ServerStatus down() {
        return new ServerStatus("gpu3", "http://127.0.0.1:18003", NOW, REFUSED, null, null, null, null, List.of(),
                Exposure.UNKNOWN, Exposure.UNKNOWN, KeyState.UNKNOWN, Optional.empty(), null, true);
    }

    private static ServerStatus up(Exposure openRoutes, Exposure noUsers, KeyState key, boolean loopback,
                                   Optional<ChainVerification> chain, String secretsStatus) {
        return new ServerStatus("gpu1", "https://gpu1.example.com:8001", NOW, null, "4.8.0", null, "healthy", 11_520.0,
                List.of(new Component("database", "healthy", "SQLite database accessible"), new Component("secrets",
                        secretsStatus, secretsStatus.equals("healthy") ? "API token configured"
                                : "No Replicate API token configured")),
                openRoutes, noUsers, key, chain, chain.isEmpty() ? "the key lacks admin.audit" : null, loopback);
    }

    private static Optional<ChainVerification> intact(long entries) {
        return Optional.of(new ChainVerification(entries, 1, entries, List.of(), ""));
    }

    @Test
    void aServerThatDidNotAnswerIsOneWordInItsCellsAndItsWholeLineUnderTheTable() {
        ServerRow row = ServerRow.of(down(), Optional.empty(), true);

        assertThat(row.reachable()).isFalse();
        assertThat(row.healthCell()).isEqualTo("UNREACHABLE");
        assertThat(List.of(row.version(), row.secretsCell(), row.accessCell(), row.chainCell(), row.restartCell()))
                .containsOnly("");
        assertThat(row.keyCell()).isEqualTo("set");
        assertThat(row.detail()).isEqualTo("gpu3 — UNREACHABLE: GET /api/cloud/health refused the connection: "
                + "SimpleTuner's server is not running there (simpletuner server listens on port 8001 by default), or "
                + "the port is wrong · API key stored");
        assertThat(row.needsAttention()).isTrue();
        assertThat(row.open()).isFalse();
    }

    @Test
    void aGuardedHealthyServerReadsInShortWords() {
        ServerRow row = ServerRow.of(up(Exposure.GUARDED, Exposure.GUARDED, KeyState.ACCEPTED, false, intact(12), "healthy"),
                Optional.empty(), true);

        assertThat(row.healthCell()).isEqualTo("healthy");
        assertThat(row.version()).isEqualTo("4.8.0");
        assertThat(row.secretsCell()).isEqualTo("token set");
        assertThat(row.accessCell()).isEqualTo("key needed");
        assertThat(row.keyCell()).isEqualTo("set");
        assertThat(row.chainCell()).isEqualTo("intact (12)");
        assertThat(row.restartCell()).isEmpty();
        assertThat(row.needsAttention()).isFalse();
        assertThat(row.detail()).isEqualTo("gpu1 — healthy, up 3 h 12 min · SimpleTuner 4.8.0 · secrets check healthy: "
                + "API token configured · access: routes need credentials · audit chain intact (12 entries) · API key "
                + "accepted, with admin.audit");
    }

    @Test
    void openServersAreRedAndSayWhyInTheDetailNotInTheCell() {
        ServerRow noUsers = ServerRow.of(up(Exposure.OPEN, Exposure.OPEN, KeyState.NOT_NEEDED, false, intact(3), "degraded"),
                Optional.empty(), false);
        assertThat(noUsers.open()).isTrue();
        assertThat(noUsers.accessCell()).isEqualTo("OPEN, no users");
        assertThat(noUsers.keyCell()).isEqualTo("none");
        assertThat(noUsers.secretsCell()).isEqualTo("no token");
        assertThat(noUsers.detail()).contains("access: OPEN: the server has no users").contains("API key none stored");

        ServerRow network = ServerRow.of(up(Exposure.OPEN, Exposure.GUARDED, KeyState.ACCEPTED, false, intact(3), "healthy"),
                Optional.empty(), true);
        assertThat(network.open()).isTrue();
        assertThat(network.accessCell()).isEqualTo("OPEN");
        assertThat(network.detail()).contains("use an SSH tunnel");

        ServerRow loopback = ServerRow.of(up(Exposure.OPEN, Exposure.GUARDED, KeyState.ACCEPTED, true, intact(3), "healthy"),
                Optional.empty(), true);
        assertThat(loopback.open()).as("over loopback a warning, not red").isFalse();
        assertThat(loopback.accessCell()).isEqualTo("open, loopback");
    }

    @Test
    void theApiKeyCellSaysSetOrNoneAndHowTheServerTookItNeverTheKey() {
        assertThat(ServerRow.of(up(Exposure.GUARDED, Exposure.GUARDED, KeyState.REFUSED, false, Optional.empty(), "healthy"),
                Optional.empty(), true).keyCell()).isEqualTo("set (401)");
        ServerRow lacks = ServerRow.of(up(Exposure.GUARDED, Exposure.GUARDED, KeyState.LACKS_PERMISSION, false,
                Optional.empty(), "healthy"), Optional.empty(), true);
        assertThat(lacks.keyCell()).isEqualTo("set (403)");
        assertThat(lacks.chainCell()).isEqualTo("not checked");
        assertThat(lacks.detail()).contains("audit chain the key lacks admin.audit")
                .contains("API key valid, but its user lacks admin.audit (403)");
        assertThat(ServerRow.of(up(Exposure.GUARDED, Exposure.GUARDED, KeyState.NOT_STORED, false, Optional.empty(),
                "healthy"), Optional.empty(), false).keyCell()).isEqualTo("none");
    }

    @Test
    void aBrokenChainAndAPendingRestartAreAWordInTheirCellsAndInFullInTheDetail() {
        ChainVerification broken = new ChainVerification(5, 1, 5,
                List.of(new ChainVerification.BrokenLink(3, "hash_mismatch")), "");
        RestartNotice notice = new RestartNotice("this machine's secrets file changed", NOW.minusSeconds(60), 100.0);
        ServerRow row = ServerRow.of(up(Exposure.GUARDED, Exposure.GUARDED, KeyState.ACCEPTED, true, Optional.of(broken),
                "healthy"), Optional.of(notice), true);

        assertThat(row.chainCell()).isEqualTo("BROKEN");
        assertThat(row.restartCell()).isEqualTo("needed");
        assertThat(row.needsAttention()).isTrue();
        assertThat(row.detail()).contains("audit chain BROKEN: entry 3 does not match its hash")
                .endsWith(" · RESTART NEEDED: this machine's secrets file changed");
    }

    @Test
    void anotherMajorVersionIsMarkedInTheCellAndSaidInTheDetail() {
        ServerStatus status = new ServerStatus("gpu2", "https://gpu2:8001", NOW, null, "5.0.1",
                "SimpleTuner 5 is not the major version SecretDesk read its routes from (4)", "healthy", 30.0, List.of(),
                Exposure.GUARDED, Exposure.GUARDED, KeyState.ACCEPTED, intact(1), null, false);
        ServerRow row = ServerRow.of(status, Optional.empty(), true);

        assertThat(row.version()).isEqualTo("5.0.1 (!)");
        assertThat(row.healthCell()).isEqualTo("healthy");
        assertThat(row.detail()).startsWith("gpu2 — healthy, up 30 s · ");
        assertThat(row.secretsCell()).isEqualTo("not reported");
        assertThat(row.chainCell()).isEqualTo("intact (1)");
        assertThat(row.detail()).contains("SimpleTuner 5.0.1 (!): SimpleTuner 5 is not the major version")
                .contains("audit chain intact (1 entry)");
    }
}
