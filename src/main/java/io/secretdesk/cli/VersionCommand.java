package io.secretdesk.cli;

import io.secretdesk.core.secrets.edit.EditableSource.VersionOperation;
import io.secretdesk.core.secrets.edit.KeyVersion;
import io.secretdesk.core.secrets.edit.SecretEdits;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code version delete|undelete|destroy KEY VERSION}: Vault KV v2 operations on a whole version. */
@Command(footer = {"%nExample:", "  secretdesk version destroy HF_TOKEN 3 --yes"}, name = "version", mixinStandardHelpOptions = true, description = "Soft-delete, undelete or destroy one Vault KV v2"
        + " version (all the keys it holds). delete and undelete can be undone; destroy cannot and asks for --yes.")
final class VersionCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", paramLabel = "OPERATION", description = "delete, undelete or destroy")
    String operation;

    @Parameters(index = "1", paramLabel = "KEY", description = "the key you are looking at (named in the audit trail)")
    String key;

    @Parameters(index = "2", paramLabel = "VERSION")
    String version;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "vault", description = "vault (the only source with these operations).")
    String source;

    @Option(names = "--yes", description = "Confirm a destroy: the version's values are gone for good.")
    boolean yes;

    @Override
    public Integer call() {
        CliContext context = root.context();
        VersionOperation op;
        try {
            op = VersionOperation.valueOf(operation.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.USAGE, "OPERATION is delete, undelete or destroy");
        }
        return EditSession.run(context, session -> {
            SecretEdits edits = session.edits();
            if (op == VersionOperation.DESTROY && !yes) {
                KeyVersion v = edits.version(key, source, version);
                throw new CliException(Cli.USAGE, "destroying version " + version + " of " + source + " erases every key it holds"
                        + (v.holdsKey() ? ", " + key + " among them," : "") + " for good; pass --yes to destroy it");
            }
            edits.versionOperation(key, source, op, version);
            context.out().println(op.word() + ": version " + version + " of " + source + " (" + edits.source(source).description() + ")");
            return Cli.OK;
        });
    }
}
