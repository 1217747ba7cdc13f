package dev.tldb.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code tldb repl}: the interactive session (what {@code tldb} alone starts), on any target. */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = {"Debug interactively, gdb-style, with thread-local commands of its own (tls VAR, info tls).",
                "With no target option: the built-in demo. Type help at the prompt."},
        footer = {"", "Exit status: 0, or 1 when a -batch run had a failing command or expect check; 2 on a usage error."})
public final class ReplCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ReplOptions options;

    @Override
    public Integer call() {
        return SessionLauncher.launch(spec, options);
    }
}
