package dev.tldb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Callable;

/** The root {@code tldb} command; {@link Main} registers its subcommands ({@link #SUBCOMMANDS}). */
@Command(name = "tldb",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A thread-local-storage-aware debugger backend: reads __thread variables of every thread "
                + "in core files and simulated processes, and serves them to stock gdb.")
public final class TldbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Every subcommand, in the order usage help lists them. */
    static final List<Supplier<Object>> SUBCOMMANDS = List.of(PrintCommand::new, ThreadsCommand::new,
            InfoCommand::new, DwarfCommand::new, IndexCacheCommand::new);

    /** The environment the command line runs in: the process's, or one a test gives. */
    private final Map<String, String> environment;

    public TldbCommand() {
        this(System.getenv());
    }

    public TldbCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The environment of the command line {@code spec} belongs to. */
    static Map<String, String> environment(CommandSpec spec) {
        Object root = spec.root().userObject();
        return root instanceof TldbCommand t ? t.environment : System.getenv();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
