package io.secretdesk.cli;

import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditQuery;
import io.secretdesk.core.store.AuditStats;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.ConsoleStore;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code audit}: SimpleTuner's audit log (its entries and SecretDesk's), filtered; its figures; a check of its chain. */
@Command(mixinStandardHelpOptions = true, name = "audit", description = {
        "Show SimpleTuner's audit log (<state>/audit.db): its own entries and SecretDesk's, newest last.",
        "--verify checks the whole chain as SimpleTuner does, plus SecretDesk's high-water mark (exit 5 when an entry "
                + "was edited or deleted; nothing is ever repaired). --stats counts entries per event type."},
        footer = {"", "Examples:", "  secretdesk audit --event provider.configured --since 2026-12-01",
                "  secretdesk audit --verify --json"})
final class AuditCommand extends StoreVerb implements ActsOnTarget {

    @ParentCommand
    RootCommand root;

    @Option(names = "--verify", description = "Check every entry's hash and link instead of listing entries.")
    boolean verify;

    @Option(names = "--stats", description = "Count entries per event type.")
    boolean stats;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50", description = "How many entries to show (default 50).")
    int limit;

    @Option(names = "--event", paramLabel = "TYPE", description = "Only this event type (provider.configured, config.changed, "
            + "credential.created, credential.deleted, auth.login.success, ...).")
    String eventType;

    @Option(names = "--actor", paramLabel = "NAME", description = "Only entries by this user name.")
    String actor;

    @Option(names = "--target", paramLabel = "TYPE[:ID]", description = "Only entries about this target (provider, "
            + "provider:replicate, secret:HF_TOKEN, ...).")
    String target;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only entries at or after this time (2026-12-01 or "
            + "2026-12-01T10:00:00Z).")
    String since;

    @Option(names = "--json", description = "Print JSON for scripts, with SimpleTuner's field names.")
    boolean json;

    @Option(names = "--accept-current", description = "After restoring or replacing audit.db on purpose: make the log "
            + "as it is now the new high-water mark (recorded as an audit entry), so --verify stops reporting the entries "
            + "it no longer has.")
    boolean acceptCurrent;

    @Override
    CliContext context() {
        return root.context();
    }

    @Override
    int run() throws Exception {
        if (acceptCurrent && (verify || json || stats)) {
            throw new CliException(Cli.USAGE, "--accept-current goes alone");
        }
        if (verify && stats) {
            throw new CliException(Cli.USAGE, "choose --verify or --stats");
        }
        AuditQuery query = new AuditQuery(eventType, actor, target, since == null ? null : parseSince(since), limit);
        PrintStream out = context().out();
        try (ConsoleStore store = openStore()) {
            if (acceptCurrent) {
                if (onServer()) {
                    throw new CliException(Cli.USAGE, "--accept-current moves this machine's high-water mark; it does not "
                            + "go with --server");
                }
                AuditEntry reset = store.audit().acceptCurrentLog();
                out.println("the audit log as it is now (up to entry " + reset.id() + ", the reset itself) is the new "
                        + "high-water mark; run 'secretdesk audit --verify' to check the chain");
                return Cli.OK;
            }
            if (verify) {
                return printVerification(target(store).verifyAudit(), out);
            }
            if (stats) {
                printStats(target(store).auditStats(), out);
                return Cli.OK;
            }
            printEntries(target(store).audit(query), out);
        }
        return Cli.OK;
    }

    private int printVerification(ChainVerification chain, PrintStream out) throws Exception {
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("valid", chain.intact());
            result.put("entries_checked", chain.entriesChecked());
            List<Map<String, Object>> links = new ArrayList<>();
            chain.brokenLinks().forEach(link -> links.add(Map.of("id", link.id(), "error", link.problem())));
            result.put("broken_links", links);
            result.put("first_id", chain.entriesChecked() == 0 ? null : chain.firstId());
            result.put("last_id", chain.entriesChecked() == 0 ? null : chain.lastId());
            result.put("mark_problem", chain.markProblem().isEmpty() ? null : chain.markProblem());
            out.println(json().writeValueAsString(result));
        } else if (chain.intact()) {
            out.println("audit chain intact: " + chain.entriesChecked() + " entr" + (chain.entriesChecked() == 1 ? "y" : "ies")
                    + " verified");
        } else {
            context().err().println("secretdesk: audit chain BROKEN: " + chain.problem());
        }
        return chain.intact() ? Cli.OK : ExitCode.CHECK_FAILED.code();
    }

    private void printStats(AuditStats figures, PrintStream out) throws Exception {
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("total_entries", figures.total());
            result.put("by_event_type", figures.byEventType());
            result.put("first_entry", figures.first().orElse(null));
            result.put("last_entry", figures.last().orElse(null));
            out.println(json().writeValueAsString(result));
            return;
        }
        out.println(figures.total() + " entries" + figures.first().map(first -> " from " + first + " to "
                + figures.last().orElse("?")).orElse(""));
        figures.byEventType().forEach((type, count) -> out.printf("%8d  %s%n", count, type));
    }

    private void printEntries(List<AuditEntry> entries, PrintStream out) throws Exception {
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (AuditEntry entry : entries) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", entry.id());
                row.put("timestamp", entry.timestamp());
                row.put("event_type", entry.eventType());
                row.put("actor_id", entry.actorId());
                row.put("actor_username", entry.actorUsername());
                row.put("target_type", entry.targetType());
                row.put("target_id", entry.targetId());
                row.put("action", entry.action());
                row.put("details", readDetails(entry.details()));
                row.put("entry_hash", entry.hash());
                rows.add(row);
            }
            out.println(json().writeValueAsString(rows));
        } else if (entries.isEmpty()) {
            context().err().println("no audit entries" + (eventType != null || actor != null || target != null || since != null
                    ? " match" : " yet"));
        } else {
            for (AuditEntry entry : entries) {
                out.printf("%6d  %s  %-20s  %-12s  %-24s  %s  %s%n", entry.id(), entry.at() == null ? entry.timestamp()
                        : CredentialsCommand.seconds(entry.at()), entry.eventType(), entry.actor(), entry.action(),
                        entry.target(), entry.details());
            }
        }
    }

    private static Object readDetails(String details) {
        try {
            return json().readTree(details);
        } catch (Exception e) {
            return details; // SimpleTuner wrote something that is not JSON: show it as it is
        }
    }

    static Instant parseSince(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new CliException(Cli.USAGE, "--since must be a date (2026-12-01) or a time with its offset "
                    + "(2026-12-01T10:00:00Z)");
        }
    }
}
