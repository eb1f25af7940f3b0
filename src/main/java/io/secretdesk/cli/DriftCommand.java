package io.secretdesk.cli;

import io.secretdesk.core.secrets.edit.Drift;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code drift [--json]}: keys whose values differ between sources, or that a source lacks. */
@Command(footer = {"%nExample:", "  secretdesk drift --json"}, name = "drift", mixinStandardHelpOptions = true, description = "Show keys whose values differ between sources (env,"
        + " file, AWS, Vault) and keys a source lacks. Values are compared by digest and never shown: sources with the same"
        + " letter hold the same value; - is missing, ? could not answer. Exit 5 when any key drifts.")
final class DriftCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--all", description = "List every key, not only those that drift.")
    boolean all;

    @Override
    public Integer call() {
        CliContext context = root.context();
        return EditSession.run(context, session -> {
            Drift drift = session.edits().drift();
            List<Drift.Row> rows = all ? drift.rows() : drift.drifted();
            PrintStream out = context.out();
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("sources", drift.sources());
                document.put("keys", rows.stream().map(r -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("key", r.key());
                    row.put("drifted", r.drifted());
                    row.put("sources", r.cells());
                    return row;
                }).toList());
                try {
                    out.println(StoreVerb.json().writeValueAsString(document));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (rows.isEmpty()) {
                out.println("no drift: every key holds the same value in each of " + String.join(", ", drift.sources())
                        + " that has it (" + drift.rows().size() + " keys)");
            } else {
                int width = Math.max(3, rows.stream().mapToInt(r -> r.key().length()).max().orElse(3));
                StringBuilder header = new StringBuilder(String.format("%-" + width + "s", "KEY"));
                drift.sources().forEach(s -> header.append(String.format("  %-5s", s)));
                out.println(header);
                for (Drift.Row row : rows) {
                    StringBuilder line = new StringBuilder(String.format("%-" + width + "s", row.key()));
                    drift.sources().forEach(s -> line.append(String.format("  %-5s", row.cells().getOrDefault(s, ""))));
                    out.println(line.append(row.drifted() ? "  drift" : "").toString().stripTrailing());
                }
                out.println("same letter = same value; - missing; ? could not answer");
            }
            return drift.drifted().isEmpty() ? Cli.OK : ExitCode.CHECK_FAILED.code();
        });
    }
}
