package dev.tldb.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** gdb's batch mode: -ex and -x in order, no prompt, and the exit codes 0, 1 and 2. */
class BatchTest {
    @Test
    void commandsRunInOrderWithoutAPrompt(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("two.tldb");
        Files.writeString(f, "# a comment\n\necho two\\n\n");
        Run r = Run.of("-batch", "-ex", "echo one\\n", "-x", f.toString(), "-ex", "echo three\\n");
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).isEqualTo("one\ntwo\nthree\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theDemoIsTheDefaultTargetAndNoDemoOpensNothing() {
        assertThat(Run.batch(List.of(), "p tls_counter").out()).isEqualTo("$1 = 0\n");
        Run none = Run.batch(List.of("--no-demo"), "p tls_counter", "sim demo", "p tls_counter");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).endsWith("$1 = 0\n");
        assertThat(none.err()).startsWith("No target.").hasLineCount(1);
    }

    @Test
    void aFailingCommandMakesTheExitCodeOne() {
        Run r = Run.batch(List.of(), "p tls_counter", "frobnicate", "p 1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("$1 = 0\n$2 = 1\n");
        assertThat(r.err()).isEqualTo("Undefined command: \"frobnicate\".  Try \"help\".\n");
    }

    @Test
    void eachKindOfBadInputIsOneLine() {
        for (String bad : List.of("p 1 +", "p nothing_here", "thread 42", "thread apply 7 p 1", "x/3q 0", "info nosuch",
                "set nosuch 1", "sim /no/such/file.tldbsim", "core /no/such/core", "ptype struct nosuch",
                "target remote nowhere", "x/2xw 0")) {
            Run r = Run.batch(List.of(), bad);
            assertThat(r.exit()).as(bad).isEqualTo(1);
            assertThat(r.err().lines().count()).as(bad + ": " + r.err()).isEqualTo(1);
        }
    }

    @Test
    void threadApplyStopsAtAnErrorUnlessToldToGoOnAsGdbDoes() {
        Run stop = Run.batch(List.of(), "c", "c", "thread apply all p demo_plugin_tls");
        assertThat(stop.exit()).isEqualTo(1);
        assertThat(stop.out()).contains("Thread 5 (").contains("Thread 4 (").doesNotContain("Thread 3 (");
        assertThat(stop.err()).contains("thread 4 (LWP 4245)").hasLineCount(1);

        Run go = Run.batch(List.of(), "c", "c", "thread apply all -c p demo_plugin_tls");
        assertThat(go.exit()).isZero();
        assertThat(go.out()).contains("Thread 1 (").contains("$3 = 500");
        assertThat(go.err()).hasLineCount(2);

        Run silent = Run.batch(List.of(), "c", "c", "thread apply all -s p demo_plugin_tls");
        assertThat(silent.exit()).isZero();
        assertThat(silent.out()).contains("Thread 5 (").contains("Thread 3 (").contains("Thread 1 (")
                .doesNotContain("Thread 4 (").doesNotContain("Thread 2 (");
        assertThat(silent.err()).isEmpty();
    }

    @Test
    void usageErrorsExitWithTwo() {
        Run r = Run.of("-batch", "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(Run.of("-batch", "--core", "a", "--scenario", "b").exit()).isEqualTo(2);
    }

    @Test
    void quitEndsTheRunWithItsCode() {
        Run r = Run.batch(List.of(), "echo a\\n", "quit 3", "echo b\\n");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("a\n");
    }

    @Test
    void versionAndHelpOnEveryLevel() {
        assertThat(Run.of("--version").out()).startsWith("tldb ");
        assertThat(Run.of("--help").out()).contains("-batch").contains("-ex").contains("repl").contains("completion");
        assertThat(Run.of("repl", "--help").out()).contains("--scenario").contains("--remote");
        assertThat(Run.of("completion", "--help").exit()).isZero();
        assertThat(Run.of("print", "--help").exit()).isZero();
        // and inside a session: help for a command, with its options
        assertThat(Run.batch(List.of(), "help tls").out()).contains("--json").contains("every thread");
    }

    @Test
    void jsonLinesForMachines() {
        Run r = Run.batch(List.of(), "c", "c", "print --json tls_counter", "info threads --json", "tls --json tls_name",
                "info tls --json all");
        List<String> json = r.out().lines().filter(l -> l.startsWith("{")).toList();
        assertThat(json).hasSize(1 + 5 + 5 + 5);
        assertThat(json.get(0)).isEqualTo("{\"thread\":1,\"lwp\":4242,\"expr\":\"tls_counter\",\"history\":1,\"value\":\"10\"}");
        assertThat(JsonLines.object(json.get(1))).containsEntry("id", "1").containsEntry("current", "true");
        assertThat(JsonLines.object(json.get(15))).containsEntry("thread", "5").containsEntry("variant", "II")
                .containsKey("blocks");
    }
}
