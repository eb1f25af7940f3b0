package io.secretdesk.cli;

import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.LocalTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code doctor}: whether SecretDesk can work on this host's SimpleTuner files, check by check. */
@Command(mixinStandardHelpOptions = true, name = "doctor", description = {
        "Check SimpleTuner's files on this host: the state folder, jobs.db, audit.db and its chain, the file system "
                + "(SQLite's WAL is unsafe on network file systems). Exit 1 when a check fails."},
        footer = {"", "Example:", "  secretdesk doctor --json"})
final class DoctorCommand extends StoreVerb {

    @ParentCommand
    RootCommand root;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    CliContext context() {
        return root.context();
    }

    @Override
    int run() throws Exception {
        HealthReport report;
        try (ConsoleStore store = openStore()) {
            report = new LocalTarget(store, new HardwareInfo(store.configs())).health();
        }
        if (json) {
            List<Map<String, Object>> checks = new ArrayList<>();
            report.checks().forEach(check -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", check.name());
                row.put("state", check.state().name().toLowerCase(java.util.Locale.ROOT));
                row.put("detail", check.detail());
                checks.add(row);
            });
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("target", report.target());
            out.put("state", report.overall().name().toLowerCase(java.util.Locale.ROOT));
            out.put("checks", checks);
            context().out().println(JSON.writeValueAsString(out));
        } else {
            report.checks().forEach(check -> context().out().printf("%-8s %-15s %s%n", check.state(), check.name(),
                    check.detail()));
        }
        return report.overall() == HealthReport.State.FAILED ? ExitCode.CHECK_FAILED.code() : Cli.OK;
    }
}
