package dev.tldb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        description = {"A thread-local-storage-aware debugger backend: reads __thread variables of every thread "
                + "in core files, simulated processes and remote stubs, and serves them to stock gdb.",
                "",
                "With no command: the interactive session (tldb repl) on the built-in demo or the target given; "
                        + "with -batch, gdb's batch mode: run -ex and -x commands and exit."},
        footer = {"", "Examples:",
                "  tldb                                      the REPL on the built-in demo",
                "  tldb --core core --file prog              the REPL on a core",
                "  tldb -batch -ex 'tls tls_counter'         one command on the demo, no prompt",
                "  tldb -batch -x samples/scripts/demo.tldb  a scripted test (expect checks)",
                "", "Exit status: 0 success, 1 a command or an expect check failed, 2 usage error."})
public final class TldbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ReplOptions options;

    /** Every subcommand, in the order usage help lists them. */
    static final List<Supplier<Object>> SUBCOMMANDS = List.of(ReplCommand::new, PrintCommand::new,
            ThreadsCommand::new, InfoCommand::new, DwarfCommand::new, ServeCommand::new, IndexCacheCommand::new,
            CompletionCommand::new);

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
        return SessionLauncher.launch(spec, options);
    }
}
