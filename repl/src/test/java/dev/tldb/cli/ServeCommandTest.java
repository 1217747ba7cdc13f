package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tldb serve} end to end: the printed lines, a stock gdb session, {@code --once}, user errors. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("Listening on (127\\.0\\.0\\.1:\\d+)");

    private record Run(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {}

    private static Run start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(CompletableFuture.supplyAsync(() -> cmd.execute(args)), out, err);
    }

    private static String awaitListening(Run run) throws InterruptedException {
        for (int i = 0; i < 600 && !run.exit().isDone(); i++) {
            Matcher m = LISTENING.matcher(run.out().toString());
            if (m.find() && run.out().toString().contains("Connect with: ")) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no 'Listening on' line\nout: " + run.out() + "\nerr: " + run.err());
    }

    @Test
    void servesACoreToGdbAndExitsAfterItLeavesWithOnce() throws Exception {
        SampleCore sample = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        String exe = sample.variant().executable().toString();
        Run run = start("serve", "--listen", "127.0.0.1:0", "--once", "--core", sample.core().toString(), "--exe", exe);
        String where = awaitListening(run);
        assertThat(run.out().toString()).contains("Connect with: gdb -ex 'target remote " + where + "' " + exe);

        long lwp = sample.output().main().lwp();
        GdbResult r = Gdb.stock().batchMerged(List.of("target remote " + where, "print tls_int", "print lib_tls",
                "detach"), exe);
        assertThat(r.stdout()).contains("$1 = " + sample.output().main().value("tls_int").orElseThrow())
                .contains("$2 = " + sample.output().main().value("lib_tls").orElseThrow())
                .contains("[Inferior 1 (process " + lwp + ") detached]");
        assertThat(run.exit().get(30, TimeUnit.SECONDS)).as("exit code after the only debugger left").isZero();
        // Its logging must not have closed the process's stderr (where user errors are printed).
        System.err.print("");
        System.err.flush();
        assertThat(System.err.checkError()).as("System.err still usable").isFalse();
    }

    @Test
    void userErrorsAreOneLine() throws Exception {
        Run none = start("serve", "--listen", "127.0.0.1:0");
        assertThat(none.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(none.err().toString()).isEqualTo("tldb: nothing to serve: give --core CORE" + System.lineSeparator());

        Run missing = start("serve", "--listen", "127.0.0.1:0", "--core", "/nonexistent/core");
        assertThat(missing.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err().toString()).startsWith("tldb: ").contains("/nonexistent/core").hasLineCount(1);

        Run badListen = start("serve", "--listen", "localhost:http", "--core", "/x");
        assertThat(badListen.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(badListen.err().toString()).startsWith("tldb: --listen localhost:http: expected HOST:PORT")
                .hasLineCount(1);
    }
}
