package io.secretdesk.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code secretdesk} command. Its verbs are listed in {@link #VERBS}, not in the annotation: {@link Cli} adds
 * only the verb a run names, so a run loads and links that verb's classes alone (see docs/performance.md).
 */
@Command(name = "secretdesk", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = "SecretDesk: secrets, caches and credential encryption for SimpleTuner's cloud training.",
        footer = {"%nRun 'secretdesk help VERB' or 'secretdesk VERB --help' for a verb's options and an example."})
public final class RootCommand implements Runnable {

    /**
     * Every verb, in the order --help lists them. A new verb is added here (and gets an example in its footer). A
     * method, not a constant, so that {@code --version} loads none of them.
     */
    static Class<?>[] verbs() {
        return new Class<?>[] {SecretVerbs.Get.class, SecretVerbs.Which.class, SecretVerbs.Set.class,
            SecretVerbs.Delete.class, SecretVerbs.Providers.class, ExportCommand.class, RunCommand.class,
            CryptoVerbs.Encrypt.class, CryptoVerbs.Decrypt.class, ConfigCommand.class, CredentialsCommand.class,
            HardwareCommand.class, AuditCommand.class, RotateKeyCommand.class, HistoryCommand.class, RestoreCommand.class,
            DiffCommand.class, DriftCommand.class, VersionCommand.class, UserCredentialsCommand.class, PathsCommand.class,
            DoctorCommand.class, ImportConsoleDbCommand.class, ServersCommand.class, ReplicateTokenCommand.class,
            HealthCommand.class, CompletionCommand.class};
    }

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "NAME", scope = ScopeType.INHERIT, description = "Act on this SimpleTuner "
            + "server (see 'servers list') instead of this machine's files; also SECRETDESK_SERVER. Taken by config, "
            + "hardware, audit, user-credentials, replicate-token and health.")
    String server;

    RootCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    /** The server named with {@code --server}, or null. */
    String server() {
        return server;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RootCommand.class.getPackage().getImplementationVersion();
            return new String[] {"SecretDesk " + (version == null ? "(development build)" : version)};
        }
    }
}
