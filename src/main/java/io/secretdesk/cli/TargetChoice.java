package io.secretdesk.cli;

import io.secretdesk.core.HostLookup;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.remote.Servers;
import io.secretdesk.core.secrets.edit.SecretEdits;
import io.secretdesk.core.services.Services;
import io.secretdesk.core.services.SecretWrites;
import io.secretdesk.core.target.LocalSecrets;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.target.LocalTarget;
import io.secretdesk.core.target.Target;
import io.secretdesk.core.target.TargetException;
import java.time.Clock;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Which target a verb acts on: the server named by {@code --server NAME} (or {@code SECRETDESK_SERVER}), else this
 * machine's SimpleTuner files. A verb without a remote equivalent refuses {@code --server} and says that
 * {@code SECRETDESK_SERVER} does not apply to it.
 */
final class TargetChoice {

    static final String VARIABLE = "SECRETDESK_SERVER";

    private TargetChoice() {
    }

    /** The server named on the command line, else in {@value #VARIABLE}, else null (this machine). */
    static String serverName(CliContext context, RootCommand root) {
        if (root.server() != null) {
            return root.server();
        }
        String fromEnv = context.env().get(VARIABLE);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
    }

    /** The chosen target over {@code store} (which holds the servers and their encrypted keys). */
    static Target open(CliContext context, RootCommand root, ConsoleStore store) {
        String server = serverName(context, root);
        if (server == null) {
            return local(context, store);
        }
        return servers(store).target(server);
    }

    /** This machine's files, with the secrets chain opened on first use (for the Replicate token). */
    static LocalTarget local(CliContext context, ConsoleStore store) {
        Supplier<LocalSecrets> secrets = () -> {
            // The CLI's chain and the one editing service: history, audit entry and cache drop as for 'set'.
            SecretEdits edits = Services.editsOver(SecretVerbs.chain(context), store);
            return new SecretWrites(() -> edits, "cli").forLocalTarget();
        };
        return new LocalTarget(store, new HardwareInfo(store.configs()), secrets);
    }

    static Servers servers(ConsoleStore store) {
        return new Servers(store.servers(), HostLookup.system(), Clock.systemUTC());
    }

    /**
     * After a write to this machine's secrets file: marks every server on this machine (a loopback URL) as needing a
     * restart, since SimpleTuner reads the file once, at start, and says so on standard error, one line per server.
     * A failure to mark is a warning: the write itself was done.
     */
    static void secretsFileChanged(CliContext context, ConsoleStore store, String reason) {
        try {
            for (String local : servers(store).secretsFileChanged(reason)) {
                context.err().println("secretdesk: server " + local + " (on this machine) needs a restart; "
                        + "'secretdesk servers check' says when it has restarted");
            }
        } catch (TargetException e) {
            context.err().println("secretdesk: warning: " + e.getMessage());
        }
    }

    /**
     * Refuses {@code --server} on a verb that has no remote equivalent (exit 2), and notes on standard error that
     * {@value #VARIABLE} does not apply to it. Called before the verb runs.
     */
    static void checkApplies(CliContext context, CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        Object verb = last.commandSpec().userObject();
        RootCommand root = (RootCommand) parsed.commandSpec().userObject();
        if (verb instanceof ActsOnTarget || last == parsed || last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
            return;
        }
        String name = last.commandSpec().qualifiedName(" ").replaceFirst("^secretdesk ", "");
        if (root.server() != null) {
            throw new CliException(Cli.USAGE, "--server: '" + name + "' acts on this machine only (SimpleTuner's API has "
                    + "no route for it); drop --server. Verbs that take it: config, hardware, audit, user-credentials, "
                    + "replicate-token, health");
        }
        String fromEnv = context.env().get(VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank() && !name.startsWith("servers")) {
            context.err().println("secretdesk: note: " + VARIABLE + " does not apply to '" + name + "': it acts on this "
                    + "machine only");
        }
    }
}
