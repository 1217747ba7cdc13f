package dev.tldb.repl;

import dev.tldb.testkit.Samples;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REPL in a real terminal (tmux): tab completion, history kept across sessions in the
 * history file, Ctrl-C ending a long command but not the session, and colour (the {@code tls}
 * table and the {@code info tls} drawing) only when allowed.
 */
class TerminalReplTest {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @BeforeEach
    void needsTmux() {
        Tools.require("tmux", "apt-get install tmux");
    }

    private Map<String, String> env(boolean noColor) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.toString());
        env.put("TLDB_HISTORY", tmp.resolve("history").toString());
        env.put("TERM", "xterm-256color");
        env.put("LANG", "C.UTF-8");
        if (noColor) {
            env.put("NO_COLOR", "1");
        }
        return env;
    }

    /** Waits for the {@code count}-th prompt, with nothing typed after it yet. */
    private static String awaitPrompt(Tmux t, long count, Duration timeout) {
        return t.await(s -> Tmux.prompts(s) >= count && s.stripTrailing().endsWith(Repl.PROMPT.strip()),
                timeout, count + " prompts");
    }

    @Test
    void tabCompletesCommandsAndVariablesThreadLocalFirst() {
        try (Tmux t = Tmux.start(tmp, env(true))) {
            awaitPrompt(t, 1, START);
            t.keys("c", "Enter");
            awaitPrompt(t, 2, STEP);
            t.keys("c", "Enter");
            t.await(s -> s.contains("stopped at `ready'"), STEP, "the ready stop");
            awaitPrompt(t, 3, STEP);
            t.type("p tls_cou");
            t.keys("Tab");
            t.await(s -> Tmux.promptLine(s).equals("(tldb) p tls_counter"), STEP, "p tls_counter completed");
            t.keys("Enter");
            t.await(s -> s.contains("$1 = 10"), STEP, "the value");
            t.type("p ");
            t.keys("Tab");
            String list = t.await(s -> s.contains("variables and functions"), STEP, "the list of names");
            String after = list.substring(list.lastIndexOf("(tldb) p"));
            assertThat(after.indexOf("thread-local variables")).as(after).isGreaterThan(0)
                    .isLessThan(after.indexOf("variables and functions"));
            assertThat(after.indexOf("tls_counter")).as(after).isLessThan(after.indexOf("workers_reported"));
            t.keys("C-c");
            t.await(s -> s.stripTrailing().endsWith("(tldb)"), STEP, "a fresh prompt");
            t.type("info thr");
            t.keys("Tab");
            t.await(s -> Tmux.promptLine(s).startsWith("(tldb) info threads"), STEP, "info threads completed");
            t.keys("C-u");
            t.type("thread ");
            t.keys("Tab", "Tab");
            String menu = t.await(s -> s.contains("LWP 4245 \"gamma\""), STEP, "thread numbers offered");
            assertThat(menu).contains("apply");
            t.keys("C-c"); // leave the menu and the line: a fresh prompt
            t.await(s -> s.stripTrailing().endsWith("(tldb)"), STEP, "a fresh prompt");
            Path scenarios = Samples.samplesDir().resolve("scenarios");
            t.type("sim " + scenarios + "/many-thr");
            t.keys("Tab");
            t.await(s -> Tmux.promptLine(s).equals("(tldb) sim " + scenarios + "/many-threads.tldbsim"), STEP,
                    "a file name completed");
        }
    }

    @Test
    void historyIsKeptAcrossSessions() throws Exception {
        Path history = tmp.resolve("history");
        try (Tmux first = Tmux.start(tmp.resolve("first"), env(true))) {
            awaitPrompt(first, 1, START);
            first.type("p 40 + 2");
            first.keys("Enter");
            first.await(s -> s.contains("$1 = 42"), STEP, "the first session's value");
            // JLine appends each line to the file as it is entered.
            long end = System.nanoTime() + STEP.toNanos();
            while (!(java.nio.file.Files.exists(history) && java.nio.file.Files.readString(history).contains("p 40 + 2"))
                    && System.nanoTime() < end) {
                Thread.sleep(100);
            }
        }
        assertThat(java.nio.file.Files.readString(history)).contains("p 40 + 2");
        try (Tmux second = Tmux.start(tmp.resolve("second"), env(true))) {
            awaitPrompt(second, 1, START);
            second.keys("Up");
            second.await(s -> Tmux.promptLine(s).equals("(tldb) p 40 + 2"), STEP, "the first session's command");
            second.keys("Enter");
            second.await(s -> s.contains("$1 = 42"), STEP, "it runs again");
        }
    }

    @Test
    void ctrlCEndsTheRunningCommandNotTheSession() {
        Path scenario = Samples.samplesDir().resolve("scenarios/many-threads.tldbsim");
        try (Tmux t = Tmux.start(tmp, env(true), "--scenario", scenario.toString())) {
            awaitPrompt(t, 1, START);
            t.keys("c", "Enter");
            t.await(s -> s.contains("stopped at `started'"), Duration.ofSeconds(120), "10,000 threads");
            // Ten thousand threads, one print each: far longer than the test waits.
            t.type("thread apply all p tls_counter");
            t.keys("Enter");
            t.await(s -> s.contains("Thread 9990 "), STEP, "the command under way");
            t.keys("C-c");
            String s = t.await(x -> x.contains("Quit") && x.stripTrailing().endsWith("(tldb)"), STEP, "Quit and a prompt");
            assertThat(s).doesNotContain("Thread 1 (");
            t.type("p 1 + 1");
            t.keys("Enter");
            t.await(x -> x.lines().anyMatch(l -> l.matches("\\$\\d+ = 2")), STEP, "the next command");
        }
    }

    @Test
    void colourOnATerminalButNeverWithNoColor() {
        for (boolean noColor : new boolean[] {false, true}) {
            try (Tmux t = Tmux.start(tmp.resolve(noColor ? "plain" : "colour"), env(noColor))) {
                awaitPrompt(t, 1, START);
                t.type("tls tls_counter");
                t.keys("Enter");
                t.await(s -> s.contains("1 thread: 1 with a value."), STEP, "the table");
                String table = t.screenWithEscapes();
                table = table.substring(table.indexOf("(tldb) tls tls_counter"));
                if (noColor) {
                    assertThat(table).as("NO_COLOR").doesNotContain("\u001b[");
                } else {
                    assertThat(table).as("a terminal").contains("\u001b[");
                }
                // info tls: the layout drawing, module names and block ranges in colour.
                t.type("info tls");
                t.keys("Enter");
                t.await(s -> s.contains("fs_base; the TCB is at TP") && s.contains("libc.so.6")
                        && s.stripTrailing().endsWith("(tldb)"), STEP, "the TLS layout");
                String drawing = t.screenWithEscapes();
                drawing = drawing.substring(drawing.indexOf("(tldb) info tls"));
                String demoBlock = drawing.lines().filter(l -> l.contains("[1]")).findFirst().orElseThrow();
                if (noColor) {
                    assertThat(drawing).as("NO_COLOR").doesNotContain("\u001b[");
                } else {
                    assertThat(demoBlock).as("a terminal: the demo's block").contains("\u001b[");
                }
            }
        }
    }
}
