package io.secretdesk.cli;

import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.HealthReport;
import io.secretdesk.core.target.LocalTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code doctor}: whether SecretDesk can work on this host's SimpleTuner files, check by check. */
@Command(mixinStandardHelpOptions = true, name = "doctor", description = {
        "Check SimpleTuner's files on this host: the state folder, jobs.db, audit.db and its chain, the file system "
                + "(SQLite's WAL is unsafe on network file systems). Exit 5 when a check fails."},
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
        return HealthOutput.print(context(), report, json);
    }
}
