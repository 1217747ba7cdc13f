package dev.tldb.repl;

import org.jline.terminal.impl.DumbTerminal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The REPL on JLine's dumb terminal over piped streams (the idea of JLine's own
 * {@code ReaderTestSupport}): the lines are typed, then the input ends (Ctrl-D), and everything
 * the terminal showed is returned, prompts and echoed input included.
 *
 * @param exit   the REPL's exit code
 * @param screen what the terminal received
 */
record DumbRepl(int exit, String screen, List<String> lines) {

    static DumbRepl run(Startup.TargetChoice target, Path history, String... lines) {
        String input = String.join("\n", lines) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("TLDB_HISTORY", history.toString());
        Startup startup = new Startup(target, Targets.defaults(), List.of(), false, env);
        try (DumbTerminal terminal = new DumbTerminal("tldb-test", "dumb",
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            int exit = Repl.run(terminal, startup);
            terminal.flush();
            return new DumbRepl(exit, out.toString(StandardCharsets.UTF_8), List.of(lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The output of the command typed on {@code line} (its first occurrence). A dumb terminal
     * fed from a pipe does not echo what is typed, so the screen is the banner, then per line a
     * prompt followed by that line's output.
     */
    String outputOf(String line) {
        int k = lines.indexOf(line);
        if (k < 0) {
            throw new AssertionError("no line `" + line + "' was typed");
        }
        String[] segments = screen.split(java.util.regex.Pattern.quote(Repl.PROMPT), -1);
        if (segments.length < k + 2) {
            throw new AssertionError("the screen has no output for line " + (k + 1) + " (`" + line + "'):\n" + screen);
        }
        return segments[k + 1];
    }

    /** What was shown before the first prompt. */
    String banner() {
        return screen.substring(0, Math.max(0, screen.indexOf(Repl.PROMPT)));
    }
}
