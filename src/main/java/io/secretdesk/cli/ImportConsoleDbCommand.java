package io.secretdesk.cli;

import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.store.ConsoleDbImport;
import io.secretdesk.core.store.ConsoleStore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code import-console-db}: move provider configs an earlier SecretDesk kept in console.db into SimpleTuner's jobs.db. */
@Command(mixinStandardHelpOptions = true, name = "import-console-db", description = {
        "Move the provider configs an earlier SecretDesk kept in its own console.db (which SimpleTuner never read) into "
                + "SimpleTuner's jobs.db. Without --apply it only says what it would do.",
        "A provider SimpleTuner has no config for is imported; one it has a different config for is kept unless you "
                + "name it with --replace (or drop the old copy with --discard). Each import is audited."},
        footer = {"", "Examples:", "  secretdesk import-console-db", "  secretdesk import-console-db --apply --replace runpod"})
final class ImportConsoleDbCommand extends StoreVerb {

    @ParentCommand
    RootCommand root;

    @Option(names = "--apply", description = "Do it (default: only show the plan).")
    boolean apply;

    @Option(names = "--replace", paramLabel = "PROVIDER", description = "Replace SimpleTuner's config of PROVIDER with "
            + "the console.db copy (repeatable).")
    List<String> replace = List.of();

    @Option(names = "--discard", paramLabel = "PROVIDER", description = "Drop the console.db copy of PROVIDER without "
            + "importing it (repeatable).")
    List<String> discard = List.of();

    @Override
    CliContext context() {
        return root.context();
    }

    @Override
    int run() throws Exception {
        if (!apply && (!replace.isEmpty() || !discard.isEmpty())) {
            throw new CliException(Cli.USAGE, "--replace and --discard take effect with --apply");
        }
        Set<String> both = new LinkedHashSet<>(replace);
        both.retainAll(discard);
        if (!both.isEmpty()) {
            throw new CliException(Cli.USAGE, "a provider cannot be both replaced and discarded: " + both);
        }
        try (ConsoleStore store = openStore()) {
            new HardwareInfo(store.configs()); // its validator guards replicate's hardware_info
            ConsoleDbImport importer = new ConsoleDbImport(store);
            List<ConsoleDbImport.Item> plan = importer.plan();
            if (plan.isEmpty()) {
                context().out().println("console.db holds no provider configs: nothing to import");
                return Cli.OK;
            }
            if (!apply) {
                for (ConsoleDbImport.Item item : plan) {
                    context().out().println(describe(item));
                }
                context().out().println("run again with --apply to import (nothing was changed)");
                return Cli.OK;
            }
            ConsoleDbImport.Result result = importer.apply(new LinkedHashSet<>(replace), new LinkedHashSet<>(discard));
            result.imported().forEach(p -> context().out().println("imported " + p + " into " + store.files().jobsDb()));
            result.replaced().forEach(p -> context().out().println("replaced SimpleTuner's config of " + p));
            result.dropped().forEach(p -> context().out().println("dropped console.db's copy of " + p));
            result.left().forEach(item -> context().out().println("left: " + describe(item)));
            return result.left().isEmpty() ? Cli.OK : ExitCode.REFUSED.code();
        }
    }

    private static String describe(ConsoleDbImport.Item item) {
        return switch (item.status()) {
            case NEW -> item.provider() + ": would be imported (SimpleTuner has no config for it)";
            case SAME -> item.provider() + ": SimpleTuner has the same config; the console.db copy would be dropped";
            case CONFLICT -> item.provider() + ": SimpleTuner has another config (updated " + item.simpleTunerUpdatedAt()
                    + "; console.db's copy updated " + item.consoleUpdatedAt() + "): kept unless --replace "
                    + item.provider() + " or --discard " + item.provider();
            case UNREADABLE -> item.provider() + ": the console.db copy is not valid JSON; only --discard "
                    + item.provider() + " removes it";
        };
    }
}
