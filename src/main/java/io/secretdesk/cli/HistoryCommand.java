package io.secretdesk.cli;

import io.secretdesk.core.secrets.Masking;
import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.edit.FileHistory;
import io.secretdesk.core.secrets.edit.FileSourceEditor;
import io.secretdesk.core.secrets.edit.KeyVersion;
import io.secretdesk.core.secrets.edit.SecretEdits;
import io.secretdesk.core.secrets.edit.ValueDiff;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code history KEY [--source S]}: a key's versions in one source, masked, with time, who and what changed. */
@Command(footer = {"%nExample:", "  secretdesk history HF_TOKEN --source vault"}, name = "history", mixinStandardHelpOptions = true, description = "List the versions of KEY in a source (the one"
        + " that supplies it unless --source): Vault KV v2 versions, AWS versions with their stage labels, or SecretDesk's"
        + " own history of the secrets file. Values are masked; each row says how it differs from the one before."
        + " With --keep (and --keep-days), set how much history of the secrets file is kept instead.")
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Parameters(paramLabel = "KEY", arity = "0..1")
    String key;

    @Option(names = "--source", paramLabel = "SOURCE", description = "file, aws or vault.")
    String source;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20", description = "How many versions (default 20).")
    int limit;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N versions of each key of the secrets file.")
    Integer keep;

    @Option(names = "--keep-days", paramLabel = "DAYS", description = "With --keep: also drop versions older than DAYS"
            + " (0: no age limit); a key's two newest versions always stay.")
    Integer keepDays;

    @Override
    public Integer call() {
        CliContext context = root.context();
        return EditSession.run(context, session -> {
            SecretEdits edits = session.edits();
            if (keep != null || keepDays != null) {
                FileHistory history = ((FileSourceEditor) edits.source(ProviderId.FILE)).history();
                FileHistory.Retention retention = new FileHistory.Retention(keep != null ? keep : history.retention().versions(),
                        keepDays != null ? keepDays : history.retention().days());
                history.setRetention(retention);
                context.out().println("the secrets file's history keeps the newest " + retention.versions() + " versions of each key"
                        + (retention.days() == 0 ? "" : " and nothing older than " + retention.days() + " days"));
                return Cli.OK;
            }
            if (key == null) {
                throw new CliException(Cli.USAGE, "name a KEY (or set the retention with --keep)");
            }
            String from = source != null ? source : edits.defaultTarget(edits.chain().resolve(key));
            List<KeyVersion> versions = edits.history(key, from, Math.max(1, limit) + 1);
            print(context.out(), from, edits.source(from).description(), versions.subList(0, Math.min(versions.size(), Math.max(1, limit))),
                    versions);
            return versions.isEmpty() ? Cli.NOT_FOUND : Cli.OK;
        });
    }

    private void print(PrintStream out, String from, String where, List<KeyVersion> shown, List<KeyVersion> all) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            KeyVersion v = shown.get(i);
            KeyVersion older = i + 1 < all.size() ? all.get(i + 1) : null;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", v.id());
            row.put("state", v.state().name().toLowerCase(Locale.ROOT));
            row.put("created", v.created() == null ? null : v.created().truncatedTo(ChronoUnit.SECONDS).toString());
            row.put("who", v.who());
            row.put("labels", v.labels());
            row.put("holds_key", v.holdsKey());
            row.put("change", older == null || gone(v) || gone(older) ? null : ValueDiff.of(older.value(), v.value()).summary());
            rows.add(row);
        }
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("key", key);
            document.put("source", from);
            document.put("versions", rows);
            try {
                out.println(StoreVerb.json().writeValueAsString(document));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        out.println(key + " in " + from + " (" + where + ")");
        if (shown.isEmpty()) {
            out.println("  no versions");
            return;
        }
        out.printf("  %-36s  %-9s  %-20s  %-12s  %-12s  %s%n", "VERSION", "STATE", "CREATED", "WHO", "VALUE", "CHANGE / LABELS");
        for (int i = 0; i < shown.size(); i++) {
            KeyVersion v = shown.get(i);
            Map<String, Object> row = rows.get(i);
            String value = gone(v) ? "(" + row.get("state") + ")" : v.holdsKey() ? Masking.mask(v.value()) : "(absent)";
            String change = row.get("change") == null ? "" : row.get("change").toString();
            String labels = v.labels().isEmpty() ? "" : "[" + String.join(", ", v.labels()) + "]";
            out.printf("  %-36s  %-9s  %-20s  %-12s  %-12s  %s%n", v.id(), row.get("state"),
                    v.created() == null ? "-" : DateTimeFormatter.ISO_INSTANT.format(v.created().truncatedTo(ChronoUnit.SECONDS)),
                    v.who() == null ? "-" : v.who(), value, (change + " " + labels).strip());
        }
    }

    private static boolean gone(KeyVersion v) {
        return v.state() == KeyVersion.State.DELETED || v.state() == KeyVersion.State.DESTROYED;
    }
}
