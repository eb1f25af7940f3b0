package io.secretdesk.ui.fleet;

import io.secretdesk.core.remote.ServerStatus;
import io.secretdesk.core.remote.ServerStatus.Exposure;
import io.secretdesk.core.remote.ServerStatus.KeyState;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.ServerStore.RestartNotice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One server as the fleet table shows it: a few words per cell (the table fits 1024 px), and the whole story of the
 * server in {@link #detail()} (the box under the table, the row's tooltip). Holds no key and no config value: the API
 * key column says only whether one is stored and how the server took it.
 *
 * @param reachable whether the server answered at all; when not, {@code problem} says why
 * @param problem   the one line saying why the server could not be reached, or a version warning, or ""
 * @param version   SimpleTuner's version, "(!)" after one of another major version; "unknown"; "" when unreachable
 * @param health    {@code healthy}, {@code degraded}, {@code unhealthy} ("" when unreachable)
 * @param uptime    for people ("3 h 12 min"), or ""
 * @param secrets   SimpleTuner's secrets check, "healthy: API token configured", or "not reported" ("" when unreachable)
 * @param chain     the audit chain check in full: "intact (12 entries)", "BROKEN: ...", or why it was not checked
 * @param open      whether anyone on its network gets in without a key (no users, or open routes off loopback: red)
 * @param access    what the open routes mean and what to do, or "routes need credentials" ("" when unreachable)
 * @param accessWord the access in a word or two ({@link #accessCell()})
 * @param key       how the server took the stored key (words of {@link KeyState}), "" when unreachable
 * @param keyStored whether SecretDesk holds an API key for the server (never the key)
 * @param restart   the restart it still needs, "RESTART NEEDED: reason", or ""
 */
public record ServerRow(String name, String location, boolean reachable, String problem, String version, String health,
                        String uptime, String secrets, String chain, boolean open, String access, String accessWord,
                        String key, boolean keyStored, String restart) {

    /** The row of a checked server, with the restart it still needs and whether a key is stored for it. */
    public static ServerRow of(ServerStatus status, Optional<RestartNotice> restart, boolean keyStored) {
        String restartText = restart.map(n -> "RESTART NEEDED: " + n.reason()).orElse("");
        if (!status.reachable()) {
            String why = status.problem().replaceFirst("^" + Pattern.quote(status.server()) + ": ", "");
            return new ServerRow(status.server(), status.location(), false, why, "", "", "", "", "", false, "", "", "",
                    keyStored, restartText);
        }
        String chain = status.chain().map(ServerRow::chainText)
                .orElse(status.chainNote() == null ? "not checked" : status.chainNote());
        String secrets = status.secrets().map(c -> c.status() + ": " + c.message()).orElse("not reported");
        String accessWord;
        if (status.noUsers() == Exposure.OPEN) {
            accessWord = "OPEN, no users";
        } else if (status.openRoutes() == Exposure.OPEN) {
            accessWord = status.loopback() ? "open, loopback" : "OPEN";
        } else {
            accessWord = status.openRoutes() == Exposure.UNKNOWN ? "unknown" : "key needed";
        }
        return new ServerRow(status.server(), status.location(), true,
                status.versionNote() == null ? "" : status.versionNote(),
                status.version() == null ? "unknown" : status.version() + (status.versionNote() == null ? "" : " (!)"),
                status.health() == null ? "unknown" : status.health(), status.uptime(), secrets, chain,
                status.openToOthers(), status.openWarning().orElse("routes need credentials"), accessWord,
                status.key().words(), keyStored, restartText);
    }

    private static String chainText(ChainVerification chain) {
        return chain.intact() ? "intact (" + chain.entriesChecked() + (chain.entriesChecked() == 1 ? " entry)" : " entries)")
                : "BROKEN: " + chain.problem();
    }

    /** The health cell: healthy, degraded, unhealthy, or UNREACHABLE (why, and the uptime, are in {@link #detail()}). */
    public String healthCell() {
        return reachable ? health : "UNREACHABLE";
    }

    /** The secrets cell: whether SimpleTuner's secrets check found a Replicate token. */
    public String secretsCell() {
        if (!reachable) {
            return "";
        }
        if (secrets.startsWith("healthy:")) {
            return "token set";
        }
        if (secrets.startsWith("degraded:")) {
            return "no token";
        }
        return secrets.equals("not reported") ? "not reported" : secrets.split(":", 2)[0];
    }

    /** The access cell: "key needed", "open, loopback", "OPEN", "OPEN, no users", "unknown". */
    public String accessCell() {
        return accessWord;
    }

    /** The API key cell: "none", or "set", with the server's 401 or 403 when it refused it; never the key. */
    public String keyCell() {
        if (!keyStored) {
            return "none";
        }
        if (key.startsWith("refused")) {
            return "set (401)";
        }
        if (key.startsWith("valid, but")) {
            return "set (403)";
        }
        return "set";
    }

    /** The audit chain cell: "intact (12)", "BROKEN", or "not checked". */
    public String chainCell() {
        if (!reachable) {
            return "";
        }
        if (chain.startsWith("intact (")) {
            return "intact (" + chain.substring("intact (".length()).split(" ", 2)[0] + ")";
        }
        return chain.startsWith("BROKEN") ? "BROKEN" : "not checked";
    }

    /** The restart cell: "needed" while a change waits for the server's restart, else "". */
    public String restartCell() {
        return restart.isEmpty() ? "" : "needed";
    }

    /**
     * The whole line for the box under the table: "gpu3 — UNREACHABLE: GET /api/cloud/health refused the connection:
     * ...", or every check of a server that answered, each with what to do when it failed.
     */
    public String detail() {
        List<String> parts = new ArrayList<>();
        if (!reachable) {
            parts.add("UNREACHABLE: " + problem);
        } else {
            parts.add(uptime.isEmpty() || uptime.equals("unknown") ? health : health + ", up " + uptime);
            parts.add("SimpleTuner " + version + (problem.isEmpty() ? "" : ": " + problem));
            parts.add("secrets check " + secrets);
            parts.add("access: " + access);
            parts.add("audit chain " + chain);
        }
        parts.add("API key " + (keyStored ? (reachable ? key : "stored") : "none stored"));
        if (!restart.isEmpty()) {
            parts.add(restart);
        }
        return name + " — " + String.join(" · ", parts);
    }

    /** Whether the row needs the operator: unreachable, open to others, a broken chain or a pending restart. */
    public boolean needsAttention() {
        return !reachable || open || chain.startsWith("BROKEN") || !restart.isEmpty();
    }
}
