package io.secretdesk.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A verb group such as {@code config} or {@code credentials}: alone it prints its usage; its verbs reach the context through it. */
abstract class VerbGroup implements Runnable {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public final void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    final CliContext context() {
        return root.context();
    }
}
