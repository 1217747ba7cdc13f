package dev.tldb.repl;

import dev.tldb.cli.ExitCodes;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The interactive loop: JLine reads lines (editing, completion, history in
 * {@code ~/.tldb_history}), the {@link Interpreter} runs them. Ctrl-C at the prompt drops the
 * line; while a command runs it interrupts the command (gdb's "Quit") and the prompt comes back;
 * Ctrl-D or {@code quit} leaves.
 */
public final class Repl {
    public static final String PROMPT = "(tldb) ";

    private Repl() {}

    /** Runs the REPL on {@code terminal}; returns the exit code. */
    public static int run(Terminal terminal, Startup startup) {
        Console console = Console.of(terminal, startup.environment());
        try (Debugger dbg = new Debugger(console, startup.environment(), startup.targets())) {
            Interpreter in = new Interpreter(dbg);
            Thread loop = Thread.currentThread();
            // Ctrl-C while a command runs: interrupt it. (While reading a line, JLine has its own handler.)
            terminal.handle(Terminal.Signal.INT, s -> loop.interrupt());

            ProgressBar bar = new ProgressBar(terminal, Duration.ofSeconds(1));
            dbg.setDebugInfoLoader(bar::load);
            Frontend.openTarget(in, startup.target(), true);
            Thread.interrupted();
            Frontend.runSteps(in, startup);
            Thread.interrupted();

            LineReader reader = reader(terminal, in, startup.environment());
            while (!dbg.quitRequested()) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt: a fresh line
                } catch (EndOfFileException e) {
                    console.out().println("quit");
                    break;
                }
                try {
                    in.execute(line);
                } catch (Cancelled e) {
                    Thread.interrupted();
                    in.report("Quit");
                } finally {
                    Thread.interrupted(); // a Ctrl-C that came as the command ended belongs to nothing
                }
            }
            console.flush();
            return dbg.exitCode().orElse(ExitCodes.OK);
        }
    }

    static LineReader reader(Terminal terminal, Interpreter in, Map<String, String> env) {
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(null); // C escapes belong to expressions, not to the line editor
        LineReader reader = LineReaderBuilder.builder()
                .appName("tldb")
                .terminal(terminal)
                .parser(parser)
                .completer(new dev.tldb.repl.complete.TldbCompleter(in))
                .variable(LineReader.HISTORY_FILE, historyFile(env))
                .variable(LineReader.HISTORY_SIZE, 1000)
                .variable(LineReader.HISTORY_FILE_SIZE, 10000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "!" is C's not, not history
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.AUTO_GROUP, true)
                .option(LineReader.Option.GROUP, true)
                .option(LineReader.Option.GROUP_PERSIST, true) // keep "thread-local variables" headed in the menu too
                .build();
        return reader;
    }

    /** {@code $TLDB_HISTORY}, else {@code $HOME/.tldb_history}. */
    static Path historyFile(Map<String, String> env) {
        String explicit = env.get("TLDB_HISTORY");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".tldb_history");
    }
}
