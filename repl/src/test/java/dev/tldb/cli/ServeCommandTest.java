package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tldb serve} end to end: the printed lines, a stock gdb session, {@code --once}, user errors. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("Listening on (127\\.0\\.0\\.1:\\d+)");

    private static String awaitListening(RunningCli run) throws InterruptedException {
        return run.await("'Listening on' line", out -> {
            Matcher m = LISTENING.matcher(out);
            return m.find() && out.contains("Connect with: ") ? Optional.of(m.group(1)) : Optional.empty();
        });
    }

    @Test
    void servesACoreToGdbAndExitsAfterItLeavesWithOnce() throws Exception {
        SampleCore sample = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        String exe = sample.variant().executable().toString();
        RunningCli run = Cli.start("serve", "--listen", "127.0.0.1:0", "--once", "--core",
                sample.core().toString(), "--exe", exe);
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
        RunningCli both = Cli.start("serve", "--listen", "127.0.0.1:0", "--core", "/x", "--scenario", "/y");
        assertThat(both.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(both.err().toString()).isEqualTo("tldb: give --core or --scenario, not both" + System.lineSeparator());

        RunningCli allocateCore = Cli.start("serve", "--listen", "127.0.0.1:0", "--core", "/x",
                "--tls-unallocated=allocate");
        assertThat(allocateCore.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(allocateCore.err().toString()).startsWith("tldb: --tls-unallocated=allocate needs a simulated process")
                .hasLineCount(1);

        RunningCli missing = Cli.start("serve", "--listen", "127.0.0.1:0", "--core", "/nonexistent/core");
        assertThat(missing.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err().toString()).startsWith("tldb: ").contains("/nonexistent/core").hasLineCount(1);

        RunningCli badListen = Cli.start("serve", "--listen", "localhost:http", "--core", "/x");
        assertThat(badListen.exit().get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        assertThat(badListen.err().toString()).startsWith("tldb: --listen localhost:http: expected HOST:PORT")
                .hasLineCount(1);
    }
}
