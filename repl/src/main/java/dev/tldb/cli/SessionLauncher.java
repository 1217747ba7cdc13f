package dev.tldb.cli;

import dev.tldb.error.TldbException;
import dev.tldb.repl.Batch;
import dev.tldb.repl.Repl;
import dev.tldb.repl.Startup;
import dev.tldb.repl.Targets;
import dev.tldb.sim.scenario.Simulation;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Starts a session from {@code tldb} or {@code tldb repl}: batch on picocli's streams, or the REPL on the terminal. */
final class SessionLauncher {
    private SessionLauncher() {}

    static int launch(CommandSpec spec, ReplOptions options) {
        Map<String, String> env = TldbCommand.environment(spec);
        Startup startup = options.startup(spec.commandLine().getParseResult(), env, options.batch);
        if (options.batch) {
            Charset cs = Charset.defaultCharset();
            return Batch.run(startup, spec.commandLine().getOut(), spec.commandLine().getErr(),
                    cs.equals(StandardCharsets.UTF_8));
        }
        return repl(startup, SessionLauncher::systemTerminal);
    }

    /** {@code tldb} with no arguments: the REPL on the built-in demo, demo and terminal from the given sources. */
    static int replOnDemo(Map<String, String> env, Supplier<Simulation> demo, Supplier<Terminal> terminal) {
        Startup startup = new Startup(new Startup.TargetChoice.Demo(), new Targets(List.of(), List.of(), demo),
                List.of(), false, env);
        dev.tldb.repl.Interpreter.warmUp();
        try {
            return repl(startup, terminal);
        } catch (TldbException e) {
            System.err.println("tldb: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private static int repl(Startup startup, Supplier<Terminal> terminals) {
        try (Terminal terminal = terminals.get()) {
            return Repl.run(terminal, startup);
        } catch (IOException e) {
            throw new TldbException("cannot close the terminal: " + e.getMessage());
        }
    }

    /** The terminal tldb runs in (a dumb one when input or output is not a terminal). */
    static Terminal systemTerminal() {
        try {
            return TerminalBuilder.builder().name("tldb").system(true).build();
        } catch (IOException e) {
            throw new TldbException("cannot open the terminal: " + e.getMessage());
        }
    }
}
