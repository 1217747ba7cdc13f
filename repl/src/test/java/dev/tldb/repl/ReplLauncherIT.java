package dev.tldb.repl;

import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session through the real {@code ./tldb} launcher and the packaged jar (failsafe, after
 * {@code package}, with {@code TLDB_NO_BUILD=1}): the scripted demo test as CI runs it, and the
 * class-data-sharing archive the first interactive run records and later runs use.
 */
class ReplLauncherIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static Path launcher;
    private static Path jar;

    @BeforeAll
    static void jarIsBuilt() {
        launcher = Samples.repoRoot().resolve("tldb");
        jar = Samples.repoRoot().resolve("repl/build/tldb.jar");
        assertThat(jar).as("mvn package builds the jar before integration tests").isRegularFile();
    }

    @Test
    void theScriptedDemoTestPassesThroughTldbBatch() {
        ExecResult r = Exec.run(List.of(launcher.toString(), "-batch", "-x", "samples/scripts/demo.tldb"),
                Samples.repoRoot(), Map.of("TLDB_NO_BUILD", "1", "TLDB_JAVA_OPTS", ""), TIMEOUT);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).as(r.describe()).matches("expect: \\d+ passed, 0 failed\\n");
    }

    @Test
    void theFirstInteractiveRunRecordsTheClassArchiveLaterRunsUseIt(@TempDir Path tmp) throws Exception {
        Tools.require("tmux", "apt-get install tmux");
        Path jsa = jar.resolveSibling("tldb.jsa");
        Files.deleteIfExists(jsa);
        Map<String, String> env = Map.of("TLDB_NO_BUILD", "1", "TLDB_JAVA_OPTS", "", "NO_COLOR", "1",
                "TLDB_HISTORY", tmp.resolve("history").toString(), "TERM", "xterm-256color");
        for (String run : List.of("first", "second")) {
            try (Tmux t = Tmux.run(tmp.resolve(run), env, List.of(launcher.toString()))) {
                String s = t.await(x -> x.stripTrailing().endsWith("(tldb)"), TIMEOUT, "the prompt (" + run + " run)");
                assertThat(s).as(run).contains("the built-in demo").doesNotContain("warning");
                t.type("quit");
                t.keys("Enter");
                if (run.equals("first")) {
                    long end = System.nanoTime() + TIMEOUT.toNanos();
                    while (!Files.exists(jsa) && System.nanoTime() < end) {
                        Thread.sleep(100);
                    }
                }
            }
        }
        assertThat(jsa).as("recorded by the first run").isRegularFile();
        assertThat(Files.getLastModifiedTime(jsa)).isGreaterThan(Files.getLastModifiedTime(jar));
    }
}
