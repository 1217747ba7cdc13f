package dev.tldb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** The root {@code tldb} command. */
@Command(name = "tldb",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A thread-local-storage-aware debugger backend: reads __thread variables of every thread "
                + "in core files and simulated processes, and serves them to stock gdb.",
        subcommands = {PrintCommand.class, ThreadsCommand.class, InfoCommand.class, DwarfCommand.class,
                ServeCommand.class})
public final class TldbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
