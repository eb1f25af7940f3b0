package io.secretdesk.cli;

import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.TakesEffect;
import io.secretdesk.core.target.Target;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code config list|get|set|delete}: provider configs in SimpleTuner's {@code provider_config} table (jobs.db). */
@Command(mixinStandardHelpOptions = true, name = "config", description = {
        "Read or write a provider's config (webhook, cost limit, hardware pricing) in SimpleTuner's jobs.db, as JSON.",
        "SimpleTuner's server reads provider configs on every request: a change is used at once (pricing within 5 "
                + "minutes)."},
        subcommands = {ConfigCommand.ListProviders.class, ConfigCommand.Get.class, ConfigCommand.Set.class,
                ConfigCommand.Delete.class})
final class ConfigCommand extends VerbGroup {

    abstract static class Verb extends StoreVerb {
        @ParentCommand
        ConfigCommand group;

        @Override
        CliContext context() {
            return group.context();
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "list", description = "List the providers that have a stored config.",
            footer = {"", "Example:", "  secretdesk config list"})
    static final class ListProviders extends Verb implements ActsOnTarget {
        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                Target target = target(store);
                List<String> providers = target.providers();
                if (providers.isEmpty()) {
                    context().err().println("no provider has a stored config in " + target.location());
                }
                providers.forEach(context().out()::println);
            }
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "get", description = "Print PROVIDER's config as a JSON object ({} when it has none).",
            footer = {"", "Example:", "  secretdesk config get replicate"})
    static final class Get extends Verb implements ActsOnTarget {
        @Parameters(index = "0", paramLabel = "PROVIDER")
        String provider;

        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                context().out().println(json().writeValueAsString(target(store).providerConfig(provider)));
            }
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "set", description = {
            "Replace PROVIDER's config with the JSON object on standard input; with --merge, set only the top-level keys "
                    + "given (a key given as null is removed) and keep the rest, including changes SimpleTuner made "
                    + "meanwhile. Invalid input changes nothing (exit 2).",
            "Values must be what SimpleTuner's routes accept (cost_limit_action: warn or block; cost_limit_period: "
                    + "daily, weekly or monthly)."},
            footer = {"", "Examples:", "  echo '{\"cost_limit_amount\": 50}' | secretdesk config set replicate --merge",
                    "  echo '{\"webhook_url\": null}' | secretdesk config set replicate --merge"})
    static final class Set extends Verb implements ActsOnTarget {
        @Parameters(index = "0", paramLabel = "PROVIDER")
        String provider;

        @Option(names = "--merge", description = "Merge the given keys into the stored config instead of replacing it.")
        boolean merge;

        @Option(names = "--replace-unreadable", description = "Replace a stored config that is not valid JSON (it is "
                + "refused otherwise, so nothing is lost by accident).")
        boolean replaceUnreadable;

        @Override
        int run() throws Exception {
            if (merge && replaceUnreadable) {
                throw new CliException(Cli.USAGE, "--replace-unreadable replaces the whole config: it does not go with --merge");
            }
            Map<String, Object> config = readJsonObject("a JSON object");
            if (onServer()) {
                if (!merge) {
                    throw new CliException(Cli.USAGE, "SimpleTuner's API cannot replace a whole config (it only sets the "
                            + "keys given): use --merge");
                }
                try (ConsoleStore store = openStore()) {
                    Target target = target(store);
                    target.mergeProviderConfig(provider, config);
                    context().out().println("updated the config of " + provider + " on " + target.name() + " ("
                            + config.size() + (config.size() == 1 ? " key)" : " keys)"));
                    context().out().println(target.takesEffect(Target.Setting.PROVIDER_CONFIG).sentence());
                }
                return Cli.OK;
            }
            try (ConsoleStore store = openStore()) {
                new HardwareInfo(store.configs()); // its validator guards replicate's hardware_info
                if (merge) {
                    store.configs().updateProviderConfig(provider, config);
                } else {
                    store.configs().saveProviderConfig(provider, config, replaceUnreadable);
                }
                context().out().println((merge ? "updated" : "saved") + " the config of " + provider + " in "
                        + store.files().jobsDb() + " (" + config.size() + (config.size() == 1 ? " key)" : " keys)"));
            }
            boolean pricing = HardwareInfo.PROVIDER.equals(provider) && config.containsKey(HardwareInfo.CONFIG_KEY);
            context().out().println(TakesEffect.of(pricing ? Target.Setting.HARDWARE_PRICING
                    : Target.Setting.PROVIDER_CONFIG).sentence());
            return Cli.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "delete", description = "Delete PROVIDER's stored config (SimpleTuner's "
            + "defaults apply again). Exit 1 when it has none.", footer = {"", "Example:", "  secretdesk config delete runpod"})
    static final class Delete extends Verb {
        @Parameters(index = "0", paramLabel = "PROVIDER")
        String provider;

        @Override
        int run() throws Exception {
            try (ConsoleStore store = openStore()) {
                if (!store.configs().deleteProviderConfig(provider)) {
                    context().err().println("secretdesk: " + provider + " has no stored config; nothing was changed");
                    return Cli.NOT_FOUND;
                }
            }
            context().out().println("deleted the config of " + provider);
            return Cli.OK;
        }
    }
}
