package io.secretdesk.core.remote;

import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.HealthReport.Check;
import io.secretdesk.core.target.HealthReport.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one check of a server found: whether it answered, its version and health, who can reach what without a key,
 * whether SecretDesk's key works, and the audit chain. Every part is filled in as far as the server answered;
 * {@code problem} says why the rest is missing. Holds no key and no config value.
 *
 * @param problem     one line when the server could not be reached (everything after is then unknown), else null
 * @param version     SimpleTuner's version ({@code GET /api/version}), or null when unknown
 * @param versionNote a warning about the version (another major version, no version route), or null
 * @param health      {@code healthy}, {@code degraded} or {@code unhealthy}, or null when unknown
 * @param uptimeSeconds the server's uptime (counted from its first health call after a start), or null
 * @param openRoutes  whether provider config and token routes answer without a key
 * @param noUsers     whether the audit routes answer without a key (no users: everyone is admin)
 * @param key         how the stored API key fared on {@code /api/audit/stats}
 * @param chain       the audit chain check, when the key may read it
 * @param chainNote   why there is no chain check (no permission, an error), or null
 */
public record ServerStatus(String server, String location, Instant checkedAt, String problem, String version,
                           String versionNote, String health, Double uptimeSeconds, List<Component> components,
                           Exposure openRoutes, Exposure noUsers, KeyState key, Optional<ChainVerification> chain,
                           String chainNote, boolean loopback) {

    public ServerStatus {
        components = List.copyOf(components);
    }

    /** One of SimpleTuner's health components ({@code database}, {@code secrets}, ...). */
    public record Component(String name, String status, String message) {
    }

    /** Whether something answers without a key. */
    public enum Exposure { GUARDED, OPEN, UNKNOWN }

    /** How SimpleTuner took the API key SecretDesk holds. */
    public enum KeyState {
        ACCEPTED("accepted, with admin.audit"),
        REFUSED("refused (401): wrong, revoked or expired"),
        LACKS_PERMISSION("valid, but its user lacks admin.audit (403)"),
        NOT_STORED("none stored"),
        NOT_NEEDED("not checked: the server lets everyone in"),
        UNKNOWN("unknown");

        private final String words;

        KeyState(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** Whether the server answered at all. */
    public boolean reachable() {
        return problem == null;
    }

    /** SimpleTuner's {@code secrets} component (its Replicate token check), if it reported one. */
    public Optional<Component> secrets() {
        return components.stream().filter(c -> c.name().equals("secrets")).findFirst();
    }

    /** Whether anyone who reaches the port can change provider configs or the token, or is admin. */
    public boolean open() {
        return openRoutes == Exposure.OPEN || noUsers == Exposure.OPEN;
    }

    /**
     * Whether the openness is a failure: no users, or open routes over a network (over loopback they may be fine: the
     * server may listen on 127.0.0.1 only).
     */
    public boolean openToOthers() {
        return noUsers == Exposure.OPEN || (openRoutes == Exposure.OPEN && !loopback);
    }

    /** One sentence on the open routes, with what to do, or empty when the server is guarded or unknown. */
    public Optional<String> openWarning() {
        if (noUsers == Exposure.OPEN) {
            return Optional.of("OPEN: the server has no users, so anyone who reaches " + location + " is its admin, with "
                    + "or without a key (audit log, user credentials, provider configs, the Replicate token). Create an "
                    + "admin user in SimpleTuner and an API key for SecretDesk, and keep the port off public networks.");
        }
        if (openRoutes == Exposure.OPEN) {
            return Optional.of("OPEN: SimpleTuner answers provider-config and Replicate-token routes without a key: anyone "
                    + "who reaches " + location + " can read and change provider configs and replace the token. "
                    + (loopback ? "Reached over loopback: fine if it listens on 127.0.0.1 only (simpletuner server --host "
                            + "127.0.0.1); otherwise "
                            : "")
                    + "keep it on 127.0.0.1 and use an SSH tunnel, or put an authenticating reverse proxy in front.");
        }
        return Optional.empty();
    }

    /** Uptime for people ("3 h 12 min"), or "unknown". */
    public String uptime() {
        if (uptimeSeconds == null) {
            return "unknown";
        }
        long seconds = uptimeSeconds.longValue();
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h " + minutes % 60 + " min" : hours / 24 + " d " + hours % 24 + " h";
    }

    /** The same findings as checks, in the order people read them. */
    public HealthReport toReport() {
        List<Check> checks = new ArrayList<>();
        if (!reachable()) {
            checks.add(new Check("server", State.FAILED, problem));
            return new HealthReport(server, checks);
        }
        checks.add(new Check("server", State.OK, location + " answered"));
        checks.add(new Check("version", versionNote == null ? State.OK : State.WARNING,
                (version == null ? "unknown" : "SimpleTuner " + version) + (versionNote == null ? "" : ": " + versionNote)));
        if (health != null) {
            checks.add(new Check("health", switch (health) {
                case "healthy" -> State.OK;
                case "degraded" -> State.WARNING;
                default -> State.FAILED;
            }, health + ", up " + uptime()));
        }
        for (Component component : components) {
            checks.add(new Check(component.name(), switch (component.status().toLowerCase(Locale.ROOT)) {
                case "healthy" -> State.OK;
                case "degraded" -> State.WARNING;
                default -> State.FAILED;
            }, component.message()));
        }
        openWarning().ifPresentOrElse(warning -> checks.add(new Check("access", loopback && noUsers != Exposure.OPEN
                        ? State.WARNING : State.FAILED, warning)),
                () -> checks.add(new Check("access", openRoutes == Exposure.UNKNOWN ? State.WARNING : State.OK,
                        openRoutes == Exposure.UNKNOWN ? "unknown (the probe failed)" : "routes need credentials")));
        checks.add(new Check("API key", key == KeyState.ACCEPTED || key == KeyState.NOT_NEEDED ? State.OK
                : State.WARNING, key.words()));
        chain.ifPresentOrElse(c -> checks.add(new Check("audit chain", c.intact() ? State.OK : State.FAILED,
                        c.intact() ? c.entriesChecked() + " entries verified by the server" : c.problem())),
                () -> checks.add(new Check("audit chain", State.WARNING, chainNote == null ? "not checked" : chainNote)));
        return new HealthReport(server, checks);
    }
}
