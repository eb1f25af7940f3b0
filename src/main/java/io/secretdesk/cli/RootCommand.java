package io.secretdesk.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code secretdesk} command: each verb group is a subcommand. */
@Command(name = "secretdesk", mixinStandardHelpOptions = true, versionProvider = RootCommand.Version.class,
        description = "SecretDesk: secrets, caches and credential encryption for SimpleTuner's cloud training.",
        subcommands = {SecretVerbs.Get.class, SecretVerbs.Which.class, SecretVerbs.Set.class,
            SecretVerbs.Delete.class, SecretVerbs.Providers.class, CryptoVerbs.Encrypt.class, CryptoVerbs.Decrypt.class,
            ConfigCommand.class, CredentialsCommand.class, HardwareCommand.class, AuditCommand.class,
            RotateKeyCommand.class, HistoryCommand.class, RestoreCommand.class, DiffCommand.class, DriftCommand.class,
            VersionCommand.class})
public final class RootCommand implements Runnable {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    RootCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
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
