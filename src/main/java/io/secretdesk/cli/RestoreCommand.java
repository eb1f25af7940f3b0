package io.secretdesk.cli;

import io.secretdesk.core.secrets.edit.SecretEdits;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code restore KEY VERSION [--source S]}: writes an old value as a new version. */
@Command(footer = {"%nExample:", "  secretdesk restore HF_TOKEN 6 --source vault"}, name = "restore", mixinStandardHelpOptions = true, description = "Write the value KEY had in VERSION (see"
        + " 'history') as a new version of the same source: later versions stay. A version without KEY removes it.")
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "VERSION")
    String version;

    @Option(names = "--source", paramLabel = "SOURCE", description = "file, aws or vault (default: the source that supplies KEY).")
    String source;

    @Option(names = "--yes", description = "Write to a Vault KV v1 mount (no versions) without asking.")
    boolean yes;

    @Override
    public Integer call() {
        CliContext context = root.context();
        return EditSession.run(context, session -> {
            SecretEdits edits = session.edits();
            String target = source != null ? source : edits.defaultTarget(edits.chain().resolve(key));
            SecretEdits.WriteResult result = EditSession.write(context, yes, confirmed -> edits.restore(key, target, version, confirmed));
            context.out().println("restored " + key + " in " + target + " to the value of version " + version
                    + " as version " + result.written().toVersion());
            result.overriddenBy().ifPresent(winner -> context.err().println("warning: " + key + " is also supplied by "
                    + winner.provider() + ", which takes priority"));
            return Cli.OK;
        });
    }
}
