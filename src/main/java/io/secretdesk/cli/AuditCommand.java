package io.secretdesk.cli;

import io.secretdesk.core.store.AuditLog;
import io.secretdesk.core.store.AuditLog.AuditEntry;
import io.secretdesk.core.store.ConsoleStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code audit [--verify]}: the newest audit entries, and a check of the hash chain. */
@Command(mixinStandardHelpOptions = true, name = "audit", description = "Show the newest audit log entries; with --verify, check the whole hash chain "
        + "and the high-water mark in audit.mark (exit 5 when an entry was edited or deleted).")
final class AuditCommand extends StoreVerb {

    @ParentCommand
    RootCommand root;

    @Option(names = "--verify", description = "Check every entry's MAC and link instead of listing entries.")
    boolean verify;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50", description = "How many entries to show (default 50).")
    int limit;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--accept-current", description = "After restoring or replacing the database on purpose: make the log "
            + "as it is now the new high-water mark in audit.mark (recorded as an audit entry), so --verify stops reporting "
            + "the entries it no longer has.")
    boolean acceptCurrent;

    @Override
    CliContext context() {
        return root.context();
    }

    @Override
    int run() throws Exception {
        PrintStream out = context().out();
        if (acceptCurrent && (verify || json)) {
            throw new CliException(Cli.USAGE, "--accept-current goes alone");
        }
        try (ConsoleStore store = openStore()) {
            if (acceptCurrent) {
                AuditEntry reset = store.audit().acceptCurrentLog();
                out.println("the audit log as it is now (up to entry " + reset.seq() + ", the reset itself) is the new "
                        + "high-water mark; run 'secretdesk audit --verify' to check the chain");
                return Cli.OK;
            }
            if (verify) {
                AuditLog.ChainVerification chain = store.audit().verifyChain();
                if (json) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("intact", chain.intact());
                    result.put("entries_verified", chain.entriesVerified());
                    result.put("first_broken", chain.firstBroken().isPresent() ? chain.firstBroken().getAsLong() : null);
                    result.put("problem", chain.intact() ? null : chain.problem());
                    out.println(JSON.writeValueAsString(result));
                } else if (chain.intact()) {
                    out.println("audit chain intact: " + chain.entriesVerified() + " entr" + (chain.entriesVerified() == 1 ? "y" : "ies") + " verified");
                } else {
                    context().err().println("secretdesk: audit chain BROKEN at entry " + chain.firstBroken().getAsLong() + ": "
                            + chain.problem() + " (" + chain.entriesVerified() + " entries before it verified)");
                }
                return chain.intact() ? Cli.OK : ExitCode.CHECK_FAILED.code();
            }
            if (limit < 1) {
                throw new CliException(Cli.USAGE, "--limit must be at least 1");
            }
            List<AuditEntry> entries = store.audit().recent(limit);
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (AuditEntry entry : entries) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("seq", entry.seq());
                    row.put("at", entry.at().toString());
                    row.put("actor", entry.actor());
                    row.put("action", entry.action());
                    row.put("target", entry.target());
                    row.put("details", JSON.readTree(entry.details()));
                    rows.add(row);
                }
                out.println(JSON.writeValueAsString(rows));
            } else if (entries.isEmpty()) {
                context().err().println("the audit log is empty");
            } else {
                for (AuditEntry entry : entries) {
                    out.printf("%6d  %s  %-10s  %-24s  %s  %s%n", entry.seq(), CredentialsCommand.seconds(entry.at()),
                            entry.actor(), entry.action(), entry.target(), entry.details());
                }
            }
        }
        return Cli.OK;
    }
}
