package dev.tldb.repl;

import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.ProgramOutput;
import dev.tldb.testkit.Samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the real demo program (samples/bin/x86_64/demo, the program the built-in demo simulates)
 * prints about itself when run: the ground truth the demo's values are checked against.
 */
final class DemoProgram {
    private static ProgramOutput output;

    private DemoProgram() {}

    static synchronized ProgramOutput output() {
        if (output == null) {
            Path demo = Samples.demoProgram();
            Path dir;
            try {
                dir = Files.createTempDirectory("tldb-demo-run-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ExecResult r = Exec.run(List.of("/bin/sh", "-c", "ulimit -c 0 && exec '" + demo + "' --trap"), dir,
                    Duration.ofSeconds(60));
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(128 + 4);
            output = ProgramOutput.parse(r.stdout());
            assertThat(output.ready()).isTrue();
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // scratch folder: left for the OS
            }
        }
        return output;
    }
}
