package dev.tldb.repl;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.ProgramOutput;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.ThreadReport;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target commands typed at the REPL (dumb terminal, piped streams, no target at start):
 * {@code file} then {@code core} on a sample core, {@code file} then {@code target remote} to
 * {@code tldb serve} on that core and to stock gdbserver attached to the running demo, and
 * {@code detach} from each. What {@code tls} then shows in every thread (value and address) is
 * what the program printed about itself; {@code core} stops main at the sample's TRAP-LINE.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReplTargetCommandsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern GDBSERVER_PORT = Pattern.compile("Listening on port (\\d+)");

    @TempDir
    Path tmp;

    private DumbRepl repl(String... lines) {
        return DumbRepl.run(new Startup.TargetChoice.None(), tmp.resolve("history"), lines);
    }

    /** Every {@code tls --json} row of every expression: the program's value, and its address where it printed one. */
    private static int checkTls(DumbRepl r, List<String> exprs, ProgramOutput truth) {
        int checked = 0;
        for (String expr : exprs) {
            List<Map<String, String>> rows = JsonLines.parse(r.outputOf("tls --json " + expr));
            assertThat(rows).as("tls %s\n%s", expr, r.screen()).hasSize(truth.threads().size());
            for (Map<String, String> row : rows) {
                ThreadReport t = truth.byLwp(Long.parseLong(row.get("lwp")));
                assertThat(row).containsEntry("expr", expr);
                if (t.isUntouched(expr)) {
                    assertThat(row).as("%s in LWP %d", expr, t.lwp()).doesNotContainKey("value");
                } else {
                    assertThat(row.get("value")).as("%s in LWP %d", expr, t.lwp()).isEqualTo(t.value(expr).orElseThrow());
                    t.address(expr).ifPresent(a -> assertThat(Long.parseUnsignedLong(row.get("address").substring(2), 16))
                            .as("&%s in LWP %d", expr, t.lwp()).isEqualTo(a));
                }
                checked++;
            }
        }
        return checked;
    }

    private static List<String> tlsLines(List<String> exprs) {
        return exprs.stream().map(e -> "tls --json " + e).toList();
    }

    @Test
    void fileThenCoreOpensTheCore() {
        SampleCore core = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        ProgramOutput truth = core.output();
        String exe = core.variant().executable().toString();
        List<String> lines = new ArrayList<>(List.of("file " + exe, "p global_array", "core " + core.core(),
                "info threads"));
        lines.addAll(tlsLines(truth.expressions()));
        lines.add("detach");
        lines.add("info threads");
        lines.add("p global_array[3]");
        DumbRepl r = repl(lines.toArray(new String[0]));

        assertThat(r.outputOf("file " + exe)).isEqualTo("Reading symbols from " + exe + "...\n");
        // The file alone: its data as the source initialises it (samples/src/tls-sample.c).
        assertThat(r.outputOf("p global_array")).isEqualTo("$1 = {0, 11, 22, 33, 44, 55, 66, 77}\n");
        List<String> opened = r.outputOf("core " + core.core()).lines().toList();
        assertThat(opened).hasSize(2);
        assertThat(opened.get(1)).matches("#0  0x[0-9a-f]+ in main \\(\\) at .*tls-sample\\.c:" + Samples.trapLine());
        String threads = r.outputOf("info threads");
        for (long lwp : truth.lwps()) {
            assertThat(threads).as("the program's thread %d", lwp).contains("(LWP " + lwp + ")");
        }
        assertThat(threads.lines().filter(l -> l.matches("[* ] +\\d+ .*"))).hasSize(truth.threads().size());
        assertThat(checkTls(r, truth.expressions(), truth)).isEqualTo(truth.expressions().size() * truth.threads().size());
        assertThat(r.outputOf("detach")).isEqualTo("No core file now.\n");
        // The second info threads (after detach) shows no thread of the core any more.
        String after = r.screen().substring(r.screen().lastIndexOf("No core file now."));
        assertThat(after).doesNotContain("(LWP " + truth.main().lwp() + ")");
        // As in gdb, the program named with file stays loaded after the core is gone.
        assertThat(r.outputOf("p global_array[3]")).matches("\\$\\d+ = 33\n");
        assertThat(r.exit()).isZero();
    }

    @Test
    void fileThenTargetRemoteToTldbServe() throws Exception {
        SampleCore core = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        String exe = core.variant().executable().toString();
        InProcessServe serve = InProcessServe.start(core);
        String where = serve.where();
        CompletableFuture<Integer> served = serve.exit();

        ProgramOutput truth = core.output();
        List<String> lines = new ArrayList<>(List.of("file " + exe, "target remote " + where));
        lines.addAll(tlsLines(truth.expressions()));
        lines.add("detach");
        DumbRepl r = repl(lines.toArray(new String[0]));

        assertThat(r.outputOf("target remote " + where)).startsWith("Remote debugging using " + where + "\n");
        assertThat(checkTls(r, truth.expressions(), truth)).isEqualTo(truth.expressions().size() * truth.threads().size());
        // The process id is the main thread's LWP.
        assertThat(r.outputOf("detach")).isEqualTo("[Inferior 1 (process " + truth.main().lwp() + ") detached]\n");
        assertThat(served.get(60, TimeUnit.SECONDS)).as("serve --once exits after tldb detached").isZero();
        assertThat(r.exit()).isZero();
    }

    @Test
    void fileThenTargetRemoteToGdbserverAttachedToTheDemo() {
        Tools.require("gdbserver", "apt-get install gdbserver");
        Path demo = Samples.demoProgram();
        try (LiveProcess program = LiveProcess.start(List.of(demo.toString()))) {
            program.awaitLine("READY"::equals, WAIT);
            ProgramOutput truth = ProgramOutput.parse(program.output());
            try (LiveProcess gdbserver = LiveProcess.start(List.of("gdbserver", "--once", "--attach", "127.0.0.1:0",
                    Long.toString(program.pid())))) {
                Matcher m = GDBSERVER_PORT.matcher(gdbserver.awaitLine(l -> GDBSERVER_PORT.matcher(l).find(), WAIT));
                assertThat(m.find()).isTrue();
                String where = "127.0.0.1:" + m.group(1);
                List<String> exprs = List.of("tls_counter", "tls_name", "demo_plugin_tls");
                List<String> lines = new ArrayList<>(List.of("file " + demo, "target remote " + where));
                lines.addAll(tlsLines(exprs));
                lines.add("detach");
                DumbRepl r = repl(lines.toArray(new String[0]));

                assertThat(r.outputOf("file " + demo)).isEqualTo("Reading symbols from " + demo + "...\n");
                assertThat(r.outputOf("target remote " + where)).startsWith("Remote debugging using " + where + "\n");
                assertThat(checkTls(r, exprs, truth)).isEqualTo(exprs.size() * truth.threads().size());
                assertThat(r.outputOf("detach")).isEqualTo("[Inferior 1 (process " + program.pid() + ") detached]\n");
                assertThat(r.exit()).isZero();
            }
        }
    }
}
