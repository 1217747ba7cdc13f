package dev.tldb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** The root {@code tldb} command. */
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
                "", "Exit status: 0 success, 1 a command or an expect check failed, 2 usage error."},
        subcommands = {ReplCommand.class, PrintCommand.class, ThreadsCommand.class, InfoCommand.class,
                DwarfCommand.class, ServeCommand.class, CompletionCommand.class})
public final class TldbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ReplOptions options;

    @Override
    public Integer call() {
        return SessionLauncher.launch(spec, options);
    }

    /**
     * The environment the command line runs in (NO_COLOR, HOME, TLDB_HISTORY); tests may give
     * their own through {@link Main#run(Map, String...)}.
     */
    static Map<String, String> environment(CommandSpec spec) {
        Object root = spec.root().userObject();
        return root instanceof TldbCommand t && t.environment != null ? t.environment : System.getenv();
    }

    private Map<String, String> environment;

    TldbCommand withEnvironment(Map<String, String> env) {
        this.environment = Map.copyOf(env);
        return this;
    }
}
