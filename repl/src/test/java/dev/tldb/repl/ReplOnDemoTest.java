package dev.tldb.repl;

import dev.tldb.testkit.ProgramOutput;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REPL on JLine's dumb terminal (piped streams), on the built-in demo: {@code tls VAR}
 * agrees with what the real demo program printed about itself (thread i of the simulation is
 * thread index i - 1 of the program: both create main, alpha, beta, gamma, delta in that order),
 * {@code info tls} names the right blocks, and bad input costs one line, not the session.
 */
class ReplOnDemoTest {
    @TempDir
    Path tmp;

    private DumbRepl demo(String... lines) {
        return DumbRepl.run(new Startup.TargetChoice.Demo(), tmp.resolve("history"), lines);
    }

    @Test
    void tlsShowsInEveryThreadWhatTheRealProgramPrinted() {
        ProgramOutput truth = DemoProgram.output();
        DumbRepl r = demo("continue", "continue", "tls --json tls_counter", "tls --json tls_name",
                "tls --json demo_plugin_tls");
        for (String variable : List.of("tls_counter", "tls_name", "demo_plugin_tls")) {
            List<Map<String, String>> rows = JsonLines.parse(r.outputOf("tls --json " + variable));
            assertThat(rows).as(variable).hasSize(truth.threads().size());
            for (Map<String, String> row : rows) {
                ThreadReport t = truth.thread(Integer.parseInt(row.get("thread")) - 1);
                if (t.isUntouched(variable)) {
                    assertThat(row).as("%s in thread %s", variable, row.get("thread"))
                            .containsEntry("reason", "not-allocated").doesNotContainKey("value");
                } else {
                    assertThat(row.get("value")).as("%s in thread %s", variable, row.get("thread"))
                            .isEqualTo(t.value(variable).orElseThrow());
                }
            }
        }
        assertThat(r.exit()).isZero();
    }

    @Test
    void tlsTableMarksTheSelectedThreadAndSaysWhyAValueIsMissing() {
        DumbRepl r = demo("c", "c", "thread 2", "tls demo_plugin_tls");
        List<String> table = r.outputOf("tls demo_plugin_tls").lines().toList();
        assertThat(table.get(0)).matches("  Id +LWP +Name +Address +Value");
        assertThat(table.get(1)).matches("  1 +4242 +main +0x[0-9a-f]+ +500");
        assertThat(table.get(2)).matches("\\* 2 +4243 +alpha +- +<not allocated yet: the thread has not used libdemo-plugin\\.so.s TLS>");
        assertThat(table.get(6)).isEqualTo("5 threads: 3 with a value, 2 not allocated yet.");
    }

    @Test
    void infoTlsDrawsTheBlocksAtTheAddressesThePrintsUse() {
        DumbRepl r = demo("c", "c", "thread 4", "info tls", "p &tls_counter", "p &tls_name");
        String drawing = r.outputOf("info tls");
        assertThat(drawing).startsWith("Thread 4 \"gamma\" (LWP 4245): ");
        assertThat(drawing).contains("TLS variant II").containsPattern("TP +0x[0-9a-f]{16}  fs_base")
                .containsPattern("DTV +0x[0-9a-f]{16}  generation \\d+");
        String exe = drawing.lines().filter(l -> l.contains("] demo ")).findFirst().orElseThrow();
        assertThat(exe).contains("static");
        java.util.regex.Matcher range = java.util.regex.Pattern.compile(" 0x([0-9a-f]{16})-0x([0-9a-f]{16}) ").matcher(exe);
        assertThat(range.find()).as(exe).isTrue();
        long start = Long.parseUnsignedLong(range.group(1), 16);
        long end = Long.parseUnsignedLong(range.group(2), 16);
        for (String p : List.of("p &tls_counter", "p &tls_name")) {
            long a = Long.parseUnsignedLong(r.outputOf(p).replaceAll("(?s).*0x([0-9a-f]+).*", "$1"), 16);
            assertThat(a).as(p).isBetween(start, end - 1);
        }
        assertThat(drawing).containsPattern("\\[3\\] libdemo-plugin\\.so +dynamic +4 B +not allocated yet");
    }

    @Test
    void badInputCostsOneLineAndTheSessionGoesOn() {
        DumbRepl r = demo("frobnicate", "p 1 +", "p no_such_variable", "thread 9", "thread x", "detach",
                "p tls_counter", "sim demo", "p tls_counter + 1");
        assertThat(r.outputOf("frobnicate")).isEqualTo("Undefined command: \"frobnicate\".  Try \"help\".\n");
        assertThat(r.outputOf("p 1 +")).hasLineCount(1).startsWith("A syntax error in expression");
        assertThat(r.outputOf("p no_such_variable")).isEqualTo("No symbol \"no_such_variable\" in current context.\n");
        assertThat(r.outputOf("thread 9")).isEqualTo("Unknown thread 9.\n");
        assertThat(r.outputOf("thread x")).isEqualTo("Invalid thread ID: x\n");
        assertThat(r.outputOf("p tls_counter")).hasLineCount(1).startsWith("No target.");
        assertThat(r.outputOf("p tls_counter + 1")).isEqualTo("$1 = 1\n");
        assertThat(r.exit()).isZero();
    }

    @Test
    void abbreviationsAndInfoThreadsInGdbsLayout() {
        DumbRepl r = demo("c", "c", "t 3", "i thr", "th", "i thr 2 5");
        List<String> lines = r.outputOf("i thr").lines().toList();
        assertThat(lines.get(0)).matches("  Id   Target Id +Frame ");
        assertThat(lines).hasSize(6);
        assertThat(lines.get(3)).matches("\\* 3    Thread 0x[0-9a-f]+ \\(LWP 4244\\) \"beta\" +0x[0-9a-f]{16} in worker \\(\\).*");
        // The Frame column starts at the same place on every line.
        int frame = lines.get(0).indexOf("Frame");
        for (String l : lines.subList(1, lines.size())) {
            assertThat(l.substring(frame)).startsWith("0x");
        }
        assertThat(r.outputOf("th")).startsWith("[Current thread is 3 (Thread 0x");
        assertThat(r.outputOf("i thr 2 5").lines()).hasSize(3);
    }

    @Test
    void ctrlDQuitsAndTheHistoryIsKept() throws Exception {
        DumbRepl r = demo("p 6 * 7");
        assertThat(r.outputOf("p 6 * 7")).startsWith("$1 = 42\n");
        assertThat(r.screen()).endsWith(Repl.PROMPT + "quit\n");
        assertThat(Files.readString(tmp.resolve("history"))).contains("p 6 * 7");
    }
}
