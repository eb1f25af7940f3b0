package io.secretdesk.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A verb group such as {@code config} or {@code credentials}: alone it is a usage error (its usage on standard
 * error, exit 2); its verbs reach the context through it.
 */
abstract class VerbGroup implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        spec.commandLine().getErr().println("secretdesk " + spec.name() + ": name a verb");
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.USAGE;
    }

    final CliContext context() {
        return root.context();
    }
}
