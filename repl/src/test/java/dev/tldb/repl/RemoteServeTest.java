package dev.tldb.repl;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.ProgramOutput;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code target remote} against tldb's own stub ({@code tldb serve --once} on a sample core):
 * every thread's TLS, read by tldb as an RSP client through the stub, is what the program
 * printed about itself in the run that dumped the core.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RemoteServeTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"x86_64-glibc-pie, GCORE", "x86_64-musl-static, KERNEL"})
    void tlsThroughTldbServeIsWhatTheProgramPrinted(String variant, CoreKind kind) throws Exception {
        SampleCore core = SampleCores.core(variant, kind);
        String exe = core.variant().executable().toString();
        InProcessServe serve = InProcessServe.start(core);
        String where = serve.where();
        CompletableFuture<Integer> served = serve.exit();

        ProgramOutput truth = core.output();
        List<String> exprs = truth.expressions();
        List<String> commands = new ArrayList<>();
        exprs.forEach(e -> commands.add("tls --json " + e));
        commands.add("detach");
        Run r = Run.batch(List.of("--remote", where, "--file", exe), commands.toArray(new String[0]));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.outLines().get(0)).isEqualTo("Remote debugging using " + where);
        int checked = 0;
        for (Map<String, String> row : JsonLines.parse(r.out())) {
            ThreadReport t = truth.byLwp(Long.parseLong(row.get("lwp")));
            String expr = row.get("expr");
            if (t.isUntouched(expr)) {
                assertThat(row).as("%s in LWP %d", expr, t.lwp()).doesNotContainKey("value");
            } else {
                assertThat(row.get("value")).as("%s in LWP %d", expr, t.lwp()).isEqualTo(t.value(expr).orElseThrow());
            }
            checked++;
        }
        assertThat(checked).isEqualTo(exprs.size() * truth.threads().size());
        assertThat(served.get(60, TimeUnit.SECONDS)).as("serve --once exits after tldb detached").isZero();
    }
}
