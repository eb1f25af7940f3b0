package io.secretdesk.cli;

import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.edit.KeyVersion;
import io.secretdesk.core.secrets.edit.SecretEdits;
import io.secretdesk.core.secrets.edit.ValueDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code diff KEY [--source A --source B]}: how values compare, never the values. */
@Command(footer = {"%nExample:", "  secretdesk diff HF_TOKEN --source vault@6 --source vault"}, name = "diff", mixinStandardHelpOptions = true, description = "Compare values of KEY without showing them: changed or"
        + " not, same length or not, how many leading characters are kept. A SOURCE may name a version: vault@3, file@2,"
        + " aws@VERSION_ID. With no --source, every source holding KEY is compared with the one that supplies it; with one,"
        + " its value now is compared with the version before.")
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Parameters(paramLabel = "KEY")
    String key;

    @Option(names = "--source", paramLabel = "SOURCE[@VERSION]", description = "env, file, aws or vault, optionally @VERSION.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
        CliContext context = root.context();
        if (sources.size() > 2) {
            throw new CliException(Cli.USAGE, "give at most two --source");
        }
        return EditSession.run(context, session -> {
            SecretEdits edits = session.edits();
            List<SecretEdits.Ref[]> pairs = new ArrayList<>();
            if (sources.size() == 2) {
                pairs.add(new SecretEdits.Ref[] {ref(sources.get(0)), ref(sources.get(1))});
            } else if (sources.size() == 1) {
                SecretEdits.Ref now = ref(sources.get(0));
                List<KeyVersion> versions = edits.history(key, now.source(), 2);
                if (versions.size() < 2) {
                    throw new CliException(Cli.NOT_FOUND, now.source() + " has no version of " + key + " before this one");
                }
                pairs.add(new SecretEdits.Ref[] {new SecretEdits.Ref(now.source(), versions.get(1).id()), now});
            } else {
                Resolution resolution = edits.chain().resolve(key);
                String supplier = resolution.source().orElseThrow(() -> new CliException(Cli.NOT_FOUND, key + " is not set in any source"));
                for (Resolution.Outcome holder : resolution.outcomes()) {
                    if (holder.holds() && !holder.provider().equals(supplier)) {
                        pairs.add(new SecretEdits.Ref[] {new SecretEdits.Ref(supplier, null), new SecretEdits.Ref(holder.provider(), null)});
                    }
                }
                if (pairs.isEmpty()) {
                    context.out().println(key + " is held by " + supplier + " only: nothing to compare");
                    return Cli.OK;
                }
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            boolean differ = false;
            for (SecretEdits.Ref[] pair : pairs) {
                ValueDiff diff = edits.diff(key, pair[0], pair[1]);
                differ |= diff.changed();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("a", pair[0].toString());
                row.put("b", pair[1].toString());
                row.put("changed", diff.changed());
                row.put("same_length", diff.sameLength());
                row.put("prefix_kept", diff.prefix());
                row.put("summary", diff.summary());
                rows.add(row);
                if (!json) {
                    context.out().println(key + ": " + pair[0] + " vs " + pair[1] + ": " + diff.summary());
                }
            }
            if (json) {
                try {
                    context.out().println(StoreVerb.json().writeValueAsString(Map.of("key", key, "comparisons", rows)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return differ ? ExitCode.CHECK_FAILED.code() : Cli.OK;
        });
    }

    private static SecretEdits.Ref ref(String text) {
        int at = text.indexOf('@');
        return at < 0 ? new SecretEdits.Ref(text, null) : new SecretEdits.Ref(text.substring(0, at), text.substring(at + 1));
    }
}
