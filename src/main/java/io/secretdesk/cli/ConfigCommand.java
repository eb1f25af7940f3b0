package io.secretdesk.cli;

import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.store.ConsoleStore;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code config get|set PROVIDER}: a provider's config (webhook, cost limits, hardware pricing) as JSON. */
@Command(mixinStandardHelpOptions = true, name = "config", description = "Read or write a provider's config as JSON.",
        subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class})
final class ConfigCommand extends VerbGroup {

    abstract static class Verb extends StoreVerb {
        @ParentCommand
        ConfigCommand group;

        @Parameters(index = "0", paramLabel = "PROVIDER")
        String provider;

        @Override
        CliContext context() {
            return group.context();
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "get", description = "Print PROVIDER's config as a JSON object ({} when it has none).")
    static final class Get extends Verb {
        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                context().out().println(JSON.writeValueAsString(store.configs().getProviderConfig(provider)));
            }
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "set", description = "Replace PROVIDER's config with the JSON object on standard input "
            + "(with --merge, only the top-level keys given are replaced). Invalid input changes nothing (exit 2).")
    static final class Set extends Verb {
        @Option(names = "--merge", description = "Merge the given keys into the existing config instead of replacing it.")
        boolean merge;

        @Override
        int run() throws Exception {
            Map<String, Object> config = readJsonObject("a JSON object");
            try (ConsoleStore store = openStore()) {
                new HardwareInfo(store.configs()); // its validator guards replicate's hardware_info
                if (merge) {
                    store.configs().updateProviderConfig(provider, config);
                } else {
                    store.configs().saveProviderConfig(provider, config);
                }
            }
            context().out().println((merge ? "updated" : "saved") + " the config of " + provider + " ("
                    + config.size() + (config.size() == 1 ? " key)" : " keys)"));
            return Cli.OK;
        }
    }
}
