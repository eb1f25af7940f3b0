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

    /**
     * A new instance of the verb named {@code name}, or null for an unknown name. A switch rather than a look-up over
     * {@link #verbs()}' annotations: reading those loads and links every verb class (and, without a class-data
     * archive, what their bytecode verification pulls in, Jackson among it), which cost a cold run more than its verb
     * did. RootCommandTest checks that it agrees with {@link #verbs()} and their names.
     */
    static Object verb(String name) {
        return switch (name) {
            case "get" -> new SecretVerbs.Get();
            case "which" -> new SecretVerbs.Which();
            case "set" -> new SecretVerbs.Set();
            case "delete" -> new SecretVerbs.Delete();
            case "providers" -> new SecretVerbs.Providers();
            case "export" -> new ExportCommand();
            case "run" -> new RunCommand();
            case "encrypt" -> new CryptoVerbs.Encrypt();
            case "decrypt" -> new CryptoVerbs.Decrypt();
            case "config" -> new ConfigCommand();
            case "credentials" -> new CredentialsCommand();
            case "hardware" -> new HardwareCommand();
            case "audit" -> new AuditCommand();
            case "rotate-key" -> new RotateKeyCommand();
            case "history" -> new HistoryCommand();
            case "restore" -> new RestoreCommand();
            case "diff" -> new DiffCommand();
            case "drift" -> new DriftCommand();
            case "version" -> new VersionCommand();
            case "user-credentials" -> new UserCredentialsCommand();
            case "paths" -> new PathsCommand();
            case "doctor" -> new DoctorCommand();
            case "import-console-db" -> new ImportConsoleDbCommand();
            case "servers" -> new ServersCommand();
            case "replicate-token" -> new ReplicateTokenCommand();
            case "health" -> new HealthCommand();
            case "completion" -> new CompletionCommand();
            default -> null;
        };
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
            return new String[] {Cli.versionText()};
        }
    }
}
