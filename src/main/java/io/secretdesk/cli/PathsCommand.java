package io.secretdesk.cli;

import io.secretdesk.core.SimpleTunerFiles;
import io.secretdesk.core.store.AuditKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code paths}: where SimpleTuner's files and SecretDesk's are on this host; opens and creates nothing. */
@Command(mixinStandardHelpOptions = true, name = "paths", description = {
        "Show where SimpleTuner's files are on this host (its state folder, jobs.db, audit.db, audit.key, the secrets "
                + "file, credential.key) and SecretDesk's own, found as SimpleTuner finds them. Reads nothing, creates nothing.",
        "The state folder is SIMPLETUNER_STATE_DIR when set, else the folder 'simpletuner server' uses."},
        footer = {"", "Examples:", "  secretdesk paths", "  SIMPLETUNER_STATE_DIR=/srv/st secretdesk paths --json"})
final class PathsCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliContext context = root.context();
        SimpleTunerFiles files = SimpleTunerFiles.forHome(context.env(), context.home());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"state", files.state().toString(), "SimpleTuner's state folder: " + files.reason()});
        rows.add(new String[] {"jobs_db", files.jobsDb().toString(), "provider configs and hardware pricing"});
        rows.add(new String[] {"auth_db", files.authDb().toString(), "users and per-user credentials"
                + (files.authDb().equals(files.jobsDb()) ? "" : " (" + SimpleTunerFiles.AUTH_DB_PATH + ")")});
        rows.add(new String[] {"audit_db", files.auditDb().toString(), "SimpleTuner's audit log"});
        boolean auditKeyFromEnv = context.env().get(AuditKey.VARIABLE) != null && !context.env().get(AuditKey.VARIABLE).isEmpty();
        rows.add(new String[] {"audit_key", auditKeyFromEnv ? "(" + AuditKey.VARIABLE + ")" : files.auditKey().toString(),
                "the audit log's key (raw bytes)"});
        Path secrets = context.home().secretsFileCandidates().stream().filter(Files::exists).findFirst()
                .orElse(context.home().secretsFileCandidates().get(0));
        rows.add(new String[] {"secrets_file", secrets.toString(), "secrets SimpleTuner reads at start"});
        rows.add(new String[] {"credential_key", context.home().credentialKeyFile().toString(), "SecretDesk's and "
                + "SimpleTuner's credential encryption key"});
        rows.add(new String[] {"console_db", context.home().database(context.env()).toString(), "SecretDesk's own "
                + "encrypted credential store and rotation journal"});
        rows.add(new String[] {"audit_mark", files.auditMark().toString(), "SecretDesk's high-water mark of the audit log"});
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String[] row : rows) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", row[1]);
                entry.put("exists", !row[1].startsWith("(") && Files.exists(Path.of(row[1])));
                out.put(row[0], entry);
            }
            out.put("state_reason", files.reason());
            out.put("notes", files.notes());
            context.out().println(StoreVerb.json().writeValueAsString(out));
            return Cli.OK;
        }
        for (String[] row : rows) {
            boolean exists = !row[1].startsWith("(") && Files.exists(Path.of(row[1]));
            context.out().printf("%-15s %s%s%n%-15s   %s%n", row[0], row[1], exists || row[1].startsWith("(") ? ""
                    : "  (not there yet)", "", row[2]);
        }
        files.notes().forEach(note -> context.out().println("note: " + note));
        return Cli.OK;
    }
}
