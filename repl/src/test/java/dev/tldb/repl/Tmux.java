package dev.tldb.repl;

import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * tldb in a real terminal: a tmux server on the test's own socket (never the user's), one
 * session whose pane runs tldb, keys sent with {@code send-keys} and the screen read with
 * {@code capture-pane}. Closing kills that server only.
 */
final class Tmux implements AutoCloseable {
    private static final Duration STEP = Duration.ofSeconds(20);

    private final Path dir;
    private final Path socket;

    private Tmux(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("tmux.sock");
    }

    /** Starts tldb (this JVM's class path) with {@code args} in a 160x50 pane, in {@code env}. */
    static Tmux start(Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.tldb.cli.Main"));
        command.addAll(List.of(args));
        return run(dir, env, command);
    }

    /** Runs {@code command} in a 160x50 pane, in {@code env}. */
    static Tmux run(Path dir, Map<String, String> env, List<String> command) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Tmux t = new Tmux(dir);
        StringBuilder cmd = new StringBuilder("exec env");
        env.forEach((k, v) -> cmd.append(' ').append(k).append('=').append(quote(v)));
        for (String a : command) {
            cmd.append(' ').append(quote(a));
        }
        t.tmux("new-session", "-d", "-s", "tldb", "-x", "160", "-y", "50", cmd.toString());
        return t;
    }

    private ExecResult tmux(String... args) {
        List<String> c = new ArrayList<>(List.of("tmux", "-S", socket.toString(), "-f", "/dev/null"));
        c.addAll(List.of(args));
        ExecResult r = Exec.run(c, dir, STEP);
        if (r.exitCode() != 0) {
            throw new AssertionError("tmux failed: " + r.describe());
        }
        return r;
    }

    /** Sends keys as tmux names them: text, {@code Enter}, {@code Tab}, {@code C-c}, {@code Up}. */
    void keys(String... keys) {
        List<String> a = new ArrayList<>(List.of("send-keys", "-t", "tldb"));
        a.addAll(List.of(keys));
        tmux(a.toArray(new String[0]));
    }

    /** Types text literally (no key names). */
    void type(String text) {
        tmux("send-keys", "-t", "tldb", "-l", text);
    }

    /** The visible screen and the scrollback, as text. */
    String screen() {
        return tmux("capture-pane", "-p", "-J", "-S", "-2000", "-t", "tldb").stdout();
    }

    /** The same with colours as escape sequences. */
    String screenWithEscapes() {
        return tmux("capture-pane", "-p", "-e", "-J", "-S", "-2000", "-t", "tldb").stdout();
    }

    /** Waits until the screen satisfies {@code test}; returns that screen. */
    String await(Predicate<String> test, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        String s = "";
        while (System.nanoTime() < end) {
            s = screen();
            if (test.test(s)) {
                return s;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; the screen:\n" + s);
    }

    /** The last line starting with the prompt. */
    static String promptLine(String screen) {
        List<String> lines = screen.lines().filter(l -> l.startsWith(Repl.PROMPT.strip())).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    /** How many prompts the screen shows. */
    static long prompts(String screen) {
        return screen.lines().filter(l -> l.startsWith(Repl.PROMPT.strip())).count();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public void close() {
        Exec.run(List.of("tmux", "-S", socket.toString(), "kill-server"), dir, STEP);
    }
}
