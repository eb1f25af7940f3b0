package io.secretdesk.cli;

import io.secretdesk.core.remote.ApiKey;
import io.secretdesk.core.remote.ConfigFields;
import io.secretdesk.core.remote.Fleet;
import io.secretdesk.core.remote.RemoteTarget;
import io.secretdesk.core.remote.ServerSettings;
import io.secretdesk.core.remote.ServerStatus;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.ServerStore.RestartNotice;
import io.secretdesk.core.target.HealthReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code servers add|list|remove|check|diff|apply}: the remote SimpleTuner servers SecretDesk manages. */
@Command(mixinStandardHelpOptions = true, name = "servers", description = "Manage remote SimpleTuner servers (reached "
        + "over SimpleTuner's HTTP API; their API keys are kept encrypted in the console database).",
        subcommands = {ServersCommand.Add.class, ServersCommand.ListServers.class, ServersCommand.Remove.class,
            ServersCommand.Check.class, ServersCommand.Diff.class, ServersCommand.Apply.class},
        footer = {"", "Example:", "  secretdesk servers add gpu1 https://gpu1.example.com:8001 && secretdesk servers check"})
final class ServersCommand extends VerbGroup {

    abstract static class Verb extends StoreVerb {
        @ParentCommand
        ServersCommand group;

        @Override
        CliContext context() {
            return group.context();
        }

        /** Daemon threads: a stuck server never keeps the CLI alive after its timeout. */
        static ExecutorService fanOut() {
            return Executors.newCachedThreadPool(work -> {
                Thread thread = new Thread(work, "secretdesk-cli-servers");
                thread.setDaemon(true);
                return thread;
            });
        }

        /** The named servers (all when none are named), each must exist. */
        static List<RemoteTarget> targets(Servers servers, List<String> names) {
            List<String> chosen = names == null || names.isEmpty()
                    ? servers.list().stream().map(ServerSettings::name).toList() : names;
            return chosen.stream().map(servers::target).toList();
        }

        /** Red on a terminal, plain otherwise. */
        String red(String text) {
            return context().interactive() ? "\u001b[31m" + text + "\u001b[0m" : text;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "add", description = {"Add a server, or change one with --replace. "
            + "The API key is read from the terminal (not shown) or standard input, never from the command line.",
            "A SimpleTuner API key looks like st_ and 32 letters and digits (SimpleTuner: Users > API keys)."},
            footer = {"", "Examples:", "  secretdesk servers add gpu1 https://gpu1.example.com:8001",
                "  echo \"$ST_KEY\" | secretdesk servers add gpu2 http://127.0.0.1:18001 --replace"})
    static final class Add extends Verb {
        @Parameters(index = "0", paramLabel = "NAME", description = "A short name (letters, digits, . _ -).")
        String name;

        @Parameters(index = "1", paramLabel = "URL", description = "The server's base URL (https://host:8001).")
        String url;

        @Option(names = "--ca-file", paramLabel = "PEM", description = "Also trust the CA certificates in this PEM file.")
        Path caFile;

        @Option(names = "--allow-plain-http", description = "Allow http:// to a host that is not this machine (the key and "
                + "every config then travel in clear).")
        boolean allowPlainHttp;

        @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "5", description = "Default 5.")
        double connectTimeout;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15", description = "Longest wait for an "
                + "answer (default 15).")
        double timeout;

        @Option(names = "--no-key", description = "Store no API key (audit and user-credential routes then need none).")
        boolean noKey;

        @Option(names = "--replace", description = "Change an existing server (keeps its key unless a new one is given).")
        boolean replace;

        @Option(names = "--no-check", description = "Do not check the server after storing it.")
        boolean noCheck;

        @Override
        int run() throws Exception {
            ServerSettings settings = new ServerSettings(name, ServerSettings.parseUrl(url), caFile, allowPlainHttp,
                    seconds(connectTimeout, "--connect-timeout"), seconds(timeout, "--timeout"));
            ApiKey key = null;
            if (!noKey) {
                String typed = readValue("API key of " + name);
                if (typed.isBlank() && replace) {
                    key = null;
                } else {
                    key = ApiKey.of(typed);
                    if (!key.looksLikeSimpleTuners()) {
                        context().err().println("secretdesk: note: the key does not look like SimpleTuner's (st_ and 32 "
                                + "letters and digits); stored anyway");
                    }
                }
            }
            PrintStream out = context().out();
            try (ConsoleStore store = openStore()) {
                if (key != null) {
                    requirePersistent(store.credentialSecret());
                }
                Servers servers = TargetChoice.servers(store);
                boolean created = servers.add(settings, key, replace);
                out.println((created ? "added " : "changed ") + name + " at " + settings.location()
                        + (key != null ? " (API key stored encrypted)" : noKey ? " (no API key)" : " (API key kept)"));
                if (!settings.tls() && !settings.loopback()) {
                    context().err().println("secretdesk: warning: " + name + " is plain http:// to another host: the API "
                            + "key and configs travel in clear");
                }
                if (!noCheck) {
                    ServerStatus status = servers.target(name).check();
                    Check.print(this, status, servers.followRestart(status), out);
                }
            }
            return Cli.OK;
        }

        private static Duration seconds(double value, String option) {
            if (!(value > 0) || value > 300) {
                throw new CliException(Cli.USAGE, option + " must be between 0 and 300 seconds");
            }
            return Duration.ofMillis((long) (value * 1000));
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "List the servers: name, URL, key, options.",
            footer = {"", "Example:", "  secretdesk servers list --json"})
    static final class ListServers extends Verb {
        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        int run() throws Exception {
            PrintStream out = context().out();
            try (ConsoleStore store = openStore()) {
                Servers servers = TargetChoice.servers(store);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ServerSettings s : servers.list()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", s.name());
                    row.put("url", s.location());
                    row.put("api_key", servers.hasKey(s.name()) ? "stored" : "none");
                    row.put("ca_file", s.caFile() == null ? null : s.caFile().toString());
                    row.put("allow_plain_http", s.allowPlainHttp());
                    row.put("connect_timeout_s", s.connectTimeout().toMillis() / 1000.0);
                    row.put("timeout_s", s.requestTimeout().toMillis() / 1000.0);
                    row.put("restart_needed", servers.restartNotice(s.name()).map(RestartNotice::reason).orElse(null));
                    rows.add(row);
                }
                if (json) {
                    out.println(json().writeValueAsString(rows));
                } else if (rows.isEmpty()) {
                    context().err().println("no servers yet: add one with 'secretdesk servers add NAME URL'");
                } else {
                    for (Map<String, Object> row : rows) {
                        out.printf("%-16s %-40s key %-6s%s%s%n", row.get("name"), row.get("url"), row.get("api_key"),
                                row.get("ca_file") == null ? "" : "  CA " + row.get("ca_file"),
                                row.get("restart_needed") == null ? "" : "  RESTART NEEDED: " + row.get("restart_needed"));
                    }
                }
            }
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "remove", description = "Remove a server and its stored API key "
            + "(exit 1 when there is none).", footer = {"", "Example:", "  secretdesk servers remove gpu1"})
    static final class Remove extends Verb {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                if (!TargetChoice.servers(store).remove(name)) {
                    context().err().println("secretdesk: no server named " + name + "; nothing was removed");
                    return Cli.NOT_FOUND;
                }
            }
            context().out().println("removed " + name + " and its API key");
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "check", description = {"Check servers (all when none are named) at "
            + "once: reachable, version, health and its secrets check, who gets in without a key, the API key, the audit "
            + "chain, restarts still needed.",
            "Exit 3 when a server cannot be reached, else 5 when a check failed (an OPEN server counts)."},
            footer = {"", "Example:", "  secretdesk servers check gpu1 gpu2 --json"})
    static final class Check extends Verb {
        @Parameters(paramLabel = "NAME", arity = "0..*")
        List<String> names;

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Override
        int run() throws Exception {
            PrintStream out = context().out();
            boolean allGood = true;
            boolean allReached = true;
            try (ConsoleStore store = openStore()) {
                Servers servers = TargetChoice.servers(store);
                List<RemoteTarget> targets = targets(servers, names);
                if (targets.isEmpty()) {
                    context().err().println("no servers yet: add one with 'secretdesk servers add NAME URL'");
                    return Cli.OK;
                }
                ExecutorService pool = fanOut();
                List<ServerStatus> statuses;
                try {
                    statuses = Fleet.checkAll(targets, pool);
                } finally {
                    pool.shutdownNow();
                }
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ServerStatus status : statuses) {
                    Optional<RestartNotice> restart = servers.followRestart(status);
                    allGood &= status.toReport().overall() != HealthReport.State.FAILED;
                    allReached &= status.reachable();
                    if (json) {
                        rows.add(toJson(status, restart));
                    } else {
                        print(this, status, restart, out);
                    }
                }
                if (json) {
                    out.println(json().writeValueAsString(rows));
                }
            }
            return !allReached ? ExitCode.UNAVAILABLE.code() : allGood ? Cli.OK : ExitCode.CHECK_FAILED.code();
        }

        static void print(Verb verb, ServerStatus status, Optional<RestartNotice> restart, PrintStream out) {
            out.println(status.server() + "  " + status.location());
            for (HealthReport.Check check : status.toReport().checks()) {
                String line = String.format("  %-8s %-12s %s", check.state(), check.name(), check.detail());
                out.println(check.state() == HealthReport.State.FAILED ? verb.red(line) : line);
            }
            restart.ifPresent(notice -> out.println(verb.red("  RESTART  needed since " + notice.since() + ": "
                    + notice.reason() + " (cleared when the server's uptime shows a restart)")));
        }

        private static Map<String, Object> toJson(ServerStatus status, Optional<RestartNotice> restart) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", status.server());
            row.put("url", status.location());
            row.put("reachable", status.reachable());
            row.put("problem", status.problem());
            row.put("version", status.version());
            row.put("version_note", status.versionNote());
            row.put("health", status.health());
            row.put("uptime_seconds", status.uptimeSeconds());
            row.put("secrets", status.secrets().map(ServerStatus.Component::message).orElse(null));
            row.put("open", status.open());
            row.put("open_warning", status.openWarning().orElse(null));
            row.put("api_key", status.key().name().toLowerCase(java.util.Locale.ROOT));
            row.put("audit_chain_intact", status.chain().map(c -> c.intact()).orElse(null));
            row.put("restart_needed", restart.map(RestartNotice::reason).orElse(null));
            return row;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "diff", description = {"Show what differs between servers (all when "
            + "none are named): provider configs and the effective hardware prices.",
            "Exit 3 when a server could not be read (left out), else 5 when the servers differ."},
            footer = {"", "Example:", "  secretdesk servers diff gpu1 gpu2 --provider replicate"})
    static final class Diff extends Verb {
        @Parameters(paramLabel = "NAME", arity = "0..*")
        List<String> names;

        @Option(names = "--provider", paramLabel = "PROVIDER", description = "Only this provider (default: replicate and "
                + "simpletuner_io).")
        List<String> providers;

        @Override
        int run() throws Exception {
            PrintStream out = context().out();
            try (ConsoleStore store = openStore()) {
                List<RemoteTarget> targets = targets(TargetChoice.servers(store), names);
                if (targets.size() < 2) {
                    throw new CliException(Cli.USAGE, "name at least two servers to compare (or add them first)");
                }
                ExecutorService pool = fanOut();
                List<Fleet.Snapshot> snapshots;
                try {
                    snapshots = Fleet.snapshots(targets, providers == null || providers.isEmpty()
                            ? RemoteTarget.KNOWN_PROVIDERS : providers, pool);
                } finally {
                    pool.shutdownNow();
                }
                snapshots.stream().filter(s -> !s.read()).forEach(s -> context().err().println("secretdesk: "
                        + s.problem() + " (left out of the comparison)"));
                List<Fleet.Drift> drift = Fleet.drift(snapshots);
                if (drift.isEmpty()) {
                    out.println("no differences between " + snapshots.stream().filter(Fleet.Snapshot::read)
                            .map(Fleet.Snapshot::server).toList());
                }
                for (Fleet.Drift row : drift) {
                    out.println(row.section() + " " + row.key() + ":");
                    row.values().forEach((server, value) -> out.println("  " + server + " = " + Fleet.show(row.key(), value)));
                }
                return !snapshots.stream().allMatch(Fleet.Snapshot::read) ? ExitCode.UNAVAILABLE.code()
                        : drift.isEmpty() ? Cli.OK : ExitCode.CHECK_FAILED.code();
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "apply", description = {"Copy provider-config keys from one server "
            + "to others: one PUT per server, applied whole or not at all, each with its own result and audit entry.",
            "Keys SimpleTuner's API cannot set are refused before anything is sent. Exit 4 when a server did not take "
            + "the change (its line says why)."},
            footer = {"", "Example:", "  secretdesk servers apply --from gpu1 --provider replicate --key hardware_info gpu2 gpu3"})
    static final class Apply extends Verb {
        @Option(names = "--from", paramLabel = "NAME", required = true, description = "The server whose values are copied.")
        String from;

        @Option(names = "--provider", paramLabel = "PROVIDER", required = true)
        String provider;

        @Option(names = "--key", paramLabel = "KEY", description = "A key to copy (repeatable; default: every key the API "
                + "can set).")
        List<String> keys;

        @Parameters(paramLabel = "NAME", arity = "1..*", description = "The servers to change.")
        List<String> to;

        @Override
        int run() throws Exception {
            PrintStream out = context().out();
            try (ConsoleStore store = openStore()) {
                Servers servers = TargetChoice.servers(store);
                Map<String, Object> source = servers.target(from).providerConfig(provider);
                Map<String, Object> changes = new LinkedHashMap<>();
                if (keys == null || keys.isEmpty()) {
                    source.forEach((key, value) -> {
                        if (ConfigFields.SETTABLE.contains(key)) {
                            changes.put(key, value);
                        }
                    });
                    List<String> skipped = ConfigFields.notSettable(source);
                    if (!skipped.isEmpty()) {
                        context().err().println("secretdesk: not copied (SimpleTuner's API cannot set them): "
                                + String.join(", ", skipped));
                    }
                } else {
                    keys.forEach(key -> changes.put(key, source.get(key)));
                }
                if (changes.isEmpty()) {
                    throw new CliException(Cli.USAGE, from + " has nothing to copy for " + provider);
                }
                List<RemoteTarget> targets = to.stream().map(servers::target).toList();
                ExecutorService pool = fanOut();
                List<Fleet.Applied> results;
                try {
                    results = Fleet.apply(provider, changes, targets, pool, result -> servers.audit(result.server(),
                            "provider_config.remote_apply", Map.of("provider", provider, "keys", List.copyOf(changes.keySet()),
                                    "from", from, "applied", result.applied())));
                } finally {
                    pool.shutdownNow();
                }
                for (Fleet.Applied result : results) {
                    out.println((result.applied() ? "OK      " : red("FAILED  ")) + result.server() + ": " + result.message());
                }
                return results.stream().allMatch(Fleet.Applied::applied) ? Cli.OK : ExitCode.REFUSED.code();
            }
        }
    }
}
