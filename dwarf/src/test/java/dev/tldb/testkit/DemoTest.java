package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The committed demo binaries run from their folder and report in the sample format. */
class DemoTest {
    @Test
    void committedDemoRunsAndReportsItsThreads() throws Exception {
        Path demo = Samples.demoProgram();
        Path plugin = demo.resolveSibling("libdemo-plugin.so");
        assertThat(demo).isRegularFile().isExecutable();
        assertThat(Files.size(demo)).isLessThan(100_000);
        assertThat(Files.size(plugin)).isLessThan(100_000);

        Path dir = SampleRuns.scratchDir("tldb-demo-");
        try {
            ExecResult r = Exec.run(List.of("/bin/sh", "-c", "ulimit -c 0 && exec "
                    + SampleRuns.quote(demo.toString()) + " --trap"), dir, Duration.ofSeconds(60));
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(128 + 4);
            ProgramOutput out = ProgramOutput.parse(r.stdout());
            assertThat(out.ready()).isTrue();
            assertThat(out.threads()).hasSizeGreaterThanOrEqualTo(4);
            for (ThreadReport t : out.threads()) {
                assertThat(t.value("tls_counter")).contains(String.valueOf(10 * (t.index() + 1)));
                assertThat(t.value("tls_name")).isPresent();
                assertThat(t.isUntouched("demo_plugin_tls")).isEqualTo(t.index() % 2 == 1);
                if (t.index() % 2 == 0) {
                    assertThat(t.value("demo_plugin_tls")).contains(String.valueOf(500 + t.index()));
                }
            }
        } finally {
            SampleRuns.deleteTree(dir);
        }
    }
}
