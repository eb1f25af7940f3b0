package io.secretdesk.core.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.secretdesk.core.remote.ServerStatus.Component;
import io.secretdesk.core.remote.ServerStatus.Exposure;
import io.secretdesk.core.remote.ServerStatus.KeyState;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.target.TargetException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One check of a server, route by route: health (reachability, uptime, components with the secrets check), version,
 * whether the open routes and the audit routes answer without a key, whether the stored key is accepted, and the audit
 * chain. The first call that gets no answer ends the check (so a dead server costs one timeout, not six).
 */
final class ServerCheck {

    /** The major version the routes were read from (SimpleTuner 4.8.0 at bc8e6ab). */
    static final int KNOWN_MAJOR = 4;

    private ServerCheck() {
    }

    static ServerStatus run(Http http, Clock clock) {
        ServerSettings settings = http.settings();
        Partial found = new Partial();
        try {
            JsonNode health = http.json(Http.Call.get("/api/cloud/health"));
            found.health = health.path("status").asText(null);
            found.uptime = health.path("uptime_seconds").isNumber() ? health.path("uptime_seconds").asDouble() : null;
            for (JsonNode component : health.path("components")) {
                found.components.add(new Component(component.path("name").asText(), component.path("status").asText(),
                        RemoteJson.line(component.path("message").asText(""))));
            }
            version(http, found);
            found.openRoutes = exposure(http, Http.Call.get("/api/cloud/providers/replicate/config"));
            found.noUsers = exposure(http, Http.Call.get("/api/audit/stats"));
            key(http, found);
        } catch (TargetException e) {
            if (e.reason() == TargetException.Reason.UNREACHABLE || found.health == null) {
                found.problem = e.getMessage();
            } else {
                found.chainNote = e.getMessage();
            }
        }
        return new ServerStatus(settings.name(), settings.location(), clock.instant(), found.problem, found.version,
                found.versionNote, found.health, found.uptime, found.components, found.openRoutes, found.noUsers,
                found.key, Optional.ofNullable(found.chain), found.chainNote, settings.loopback());
    }

    private static void version(Http http, Partial found) {
        Http.Call call = Http.Call.get("/api/version");
        Http.Answer answer = http.exchange(call);
        if (answer.status() == 404) {
            found.versionNote = "the server has no /api/version route: an older SimpleTuner than 4.8 or not SimpleTuner; "
                    + "SecretDesk was checked against 4.8 (bc8e6ab)";
            return;
        }
        if (answer.status() / 100 != 2) {
            found.versionNote = ApiFailures.forStatus(http.settings().name(), call, answer).getMessage();
            return;
        }
        JsonNode version = http.parse(call, answer);
        found.version = RemoteJson.line(version.path("version").asText("unknown"))
                + (version.path("git_commit").isTextual() ? " (git " + RemoteJson.line(version.path("git_commit").asText())
                        + (version.path("git_dirty").asBoolean(false) ? ", modified" : "") + ")" : "");
        int major = version.path("major").asInt(-1);
        if (major != KNOWN_MAJOR) {
            found.versionNote = "SecretDesk was checked against SimpleTuner " + KNOWN_MAJOR + ".x (4.8, bc8e6ab); this "
                    + "server is major version " + (major < 0 ? "unknown" : major) + ": routes may answer differently";
        }
    }

    /** Whether {@code call}, sent without a key, gets a 2xx (open) or 401/403 (guarded). */
    private static Exposure exposure(Http http, Http.Call call) {
        Http.Answer answer = http.exchange(new Http.Call(call.method(), call.path(), Map.of(), null, false));
        if (answer.status() / 100 == 2) {
            return Exposure.OPEN;
        }
        return answer.status() == 401 || answer.status() == 403 ? Exposure.GUARDED : Exposure.UNKNOWN;
    }

    private static void key(Http http, Partial found) {
        if (found.noUsers == Exposure.OPEN) {
            found.key = KeyState.NOT_NEEDED;
        } else if (!http.hasKey()) {
            found.key = KeyState.NOT_STORED;
            found.chainNote = "not checked: no API key is stored for this server";
            return;
        } else {
            Http.Call stats = Http.Call.get("/api/audit/stats");
            Http.Answer answer = http.exchange(stats);
            found.key = switch (answer.status()) {
                case 200 -> KeyState.ACCEPTED;
                case 401 -> KeyState.REFUSED;
                case 403 -> KeyState.LACKS_PERMISSION;
                default -> KeyState.UNKNOWN;
            };
            if (found.key != KeyState.ACCEPTED) {
                found.chainNote = "not checked: the API key is " + found.key.words();
                return;
            }
        }
        ChainVerification chain = RemoteJson.chain(http.json(Http.Call.get("/api/audit/verify")));
        found.chain = chain;
    }

    /** What the check found so far. */
    private static final class Partial {
        String problem;
        String version;
        String versionNote;
        String health;
        Double uptime;
        final List<Component> components = new ArrayList<>();
        Exposure openRoutes = Exposure.UNKNOWN;
        Exposure noUsers = Exposure.UNKNOWN;
        KeyState key = KeyState.UNKNOWN;
        ChainVerification chain;
        String chainNote;
    }
}
