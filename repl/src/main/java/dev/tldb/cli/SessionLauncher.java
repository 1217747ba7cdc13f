package dev.tldb.cli;

import dev.tldb.error.TldbException;
import dev.tldb.repl.Batch;
import dev.tldb.repl.Repl;
import dev.tldb.repl.Startup;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

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
        try (Terminal terminal = TerminalBuilder.builder().name("tldb").system(true).build()) {
            return Repl.run(terminal, startup);
        } catch (IOException e) {
            throw new TldbException("cannot open the terminal: " + e.getMessage());
        }
    }
}
