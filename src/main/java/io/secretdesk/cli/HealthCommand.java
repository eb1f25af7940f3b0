package io.secretdesk.cli;

import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code health}: how this machine's SimpleTuner files are, or a server ({@code --server}), check by check. */
@Command(mixinStandardHelpOptions = true, name = "health", description = {"Check SimpleTuner's state on this machine, "
        + "or a server with --server: each check with what to do when it fails.", "Exit 5 when a check failed."},
        footer = {"", "Example:", "  secretdesk health --server gpu1 --json"})
final class HealthCommand extends StoreVerb implements ActsOnTarget {

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
            Target target = target(store);
            report = target.health();
        }
        if (json) {
            List<Map<String, Object>> checks = new ArrayList<>();
            report.checks().forEach(check -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", check.name());
                row.put("state", check.state().name().toLowerCase(Locale.ROOT));
                row.put("detail", check.detail());
                checks.add(row);
            });
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("target", report.target());
            result.put("overall", report.overall().name().toLowerCase(Locale.ROOT));
            result.put("checks", checks);
            context().out().println(JSON.writeValueAsString(result));
        } else {
            context().out().println(report.target() + ": " + report.overall());
            report.checks().forEach(check -> context().out().printf("  %-8s %-14s %s%n", check.state(), check.name(),
                    check.detail()));
        }
        return report.overall() == HealthReport.State.FAILED ? ExitCode.CHECK_FAILED.code() : Cli.OK;
    }
}
