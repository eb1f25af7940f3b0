package io.secretdesk.cli;

import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.pricing.HardwareInfo.Hardware;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.Target;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hardware [--json]} and {@code hardware set}: the hardware pricing table. */
@Command(mixinStandardHelpOptions = true, name = "hardware", description = "Show the hardware pricing table (Replicate's configured one, else the defaults).",
        subcommands = {HardwareCommand.Set.class})
final class HardwareCommand extends StoreVerb implements ActsOnTarget {

    @ParentCommand
    RootCommand root;

    @Option(names = "--json", description = "Print the table in the seed's JSON shape for scripts.")
    boolean json;

    @Override
    CliContext context() {
        return root.context();
    }

    @Override
    int run() throws Exception {
        Map<String, Hardware> table;
        boolean configured;
        try (ConsoleStore store = openStore()) {
            Target target = target(store);
            table = target.hardwarePricing();
            configured = target.hardwarePricingConfigured();
        }
        PrintStream out = context().out();
        if (json) {
            out.println(json().writeValueAsString(HardwareInfo.toSeedMap(table)));
            return Cli.OK;
        }
        int idWidth = Math.max(2, table.keySet().stream().mapToInt(String::length).max().orElse(2));
        int nameWidth = Math.max(4, table.values().stream().mapToInt(h -> h.name().length()).max().orElse(4));
        out.printf(Locale.ROOT, "%-" + idWidth + "s  %-" + nameWidth + "s  %12s  %9s%n", "ID", "NAME", "$/SECOND", "$/HOUR");
        for (Hardware hardware : table.values()) {
            // Every digit of the price: SimpleTuner's 0.000972222 must not show as 0.000972.
            java.math.BigDecimal perSecond = java.math.BigDecimal.valueOf(hardware.costPerSecond()).stripTrailingZeros();
            String shown = perSecond.scale() < 6 ? perSecond.setScale(6).toPlainString() : perSecond.toPlainString();
            out.printf(Locale.ROOT, "%-" + idWidth + "s  %-" + nameWidth + "s  %12s  %9.2f%n", hardware.id(), hardware.name(),
                    shown, hardware.costPerHour());
        }
        context().err().println(configured ? "(from the config of " + HardwareInfo.PROVIDER + ")" : "(defaults: "
                + HardwareInfo.PROVIDER + " has no " + HardwareInfo.CONFIG_KEY + ")");
        return Cli.OK;
    }

    @Command(mixinStandardHelpOptions = true, name = "set", description = "Replace the pricing table with the JSON object on standard input, e.g. "
            + "{\"gpu-l40s\": {\"name\": \"L40S (48GB)\", \"cost_per_second\": 0.000975}}. Invalid prices change nothing (exit 2).")
    static final class Set extends StoreVerb implements ActsOnTarget {
        @ParentCommand
        HardwareCommand group;

        @Override
        CliContext context() {
            return group.context();
        }

        @Override
        int run() throws Exception {
            Map<String, Object> table = readJsonObject("a JSON object of hardware types");
            try (ConsoleStore store = openStore()) {
                target(store).setHardwarePricing(HardwareInfo.parse(table));
            }
            context().out().println("saved " + table.size() + " hardware type" + (table.size() == 1 ? "" : "s"));
            return Cli.OK;
        }
    }
}
