package io.secretdesk.cli;

import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.Target;
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
        return HealthOutput.print(context(), report, json);
    }
}
