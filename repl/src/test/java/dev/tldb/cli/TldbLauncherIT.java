package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Exec;
import dev.tldb.testkit.ExecResult;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.Samples;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real thing: the {@code ./tldb} launcher starting the shaded {@code repl/build/tldb.jar} in
 * its own JVM, as a user runs it. Runs in {@code mvn verify} after {@code package} (failsafe), with
 * {@code TLDB_NO_BUILD=1} so that a stale jar fails the test instead of being rebuilt under the
 * running build. Checks what only a separate process shows: the exit status reaches the shell,
 * stdout is complete when the JVM exits, stderr carries one line per problem.
 */
class TldbLauncherIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static Path launcher;

    @BeforeAll
    static void jarIsBuilt() {
        launcher = Samples.repoRoot().resolve("tldb");
        assertThat(Samples.repoRoot().resolve("repl/build/tldb.jar")).as("mvn package builds the jar before integration tests")
                .isRegularFile();
    }

    private static ExecResult tldb(String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        return Exec.run(cmd, Samples.repoRoot(), Map.of("TLDB_NO_BUILD", "1", "TLDB_JAVA_OPTS", ""), TIMEOUT);
    }

    @Test
    void printsEveryThreadOfACoreAsTheProgramDidAndExitsZero() {
        SampleCore sample = SampleCores.core("x86_64-musl-static", CoreKind.KERNEL);
        ExecResult r = tldb("print", "tls_name", "--core", sample.core().toString(), "--all-threads", "--json");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr()).as(r.describe()).isEmpty();
        List<Map<String, Object>> lines = r.stdout().lines().map(JsonLine::parse).toList();
        assertThat(lines).hasSize(sample.output().threads().size()).allSatisfy(l -> assertThat(l.get("value"))
                .isEqualTo(sample.output().value((Long) l.get("lwp"), "tls_name").orElseThrow()));
    }

    @Test
    void anUnallocatedThreadExitsOneAfterPrintingEveryThread() {
        SampleCore sample = SampleCores.core("x86_64-glibc-pie", CoreKind.GCORE);
        ExecResult r = tldb("print", "plugin_tls", "--core", sample.core().toString(), "--all-threads");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stdout().lines()).hasSize(sample.output().threads().size());
        assertThat(r.stdout().lines().filter(l -> l.contains("<error: The inferior has not yet allocated storage"))).hasSize(2);
    }

    @Test
    void badInputIsOneLineAndExitOneUsageErrorsExitTwo() throws Exception {
        Path notACore = Files.createTempFile("tldb-it", ".txt");
        try {
            Files.writeString(notACore, "plain text, not a core dump\n".repeat(4));
            ExecResult bad = tldb("threads", "--core", notACore.toString());
            assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(1);
            assertThat(bad.stdout()).isEmpty();
            assertThat(bad.stderr()).isEqualTo("tldb: " + notACore + ": not a core dump: not an ELF file (bad magic number)\n");
        } finally {
            Files.deleteIfExists(notACore);
        }
        ExecResult usage = tldb("print", "tls_int", "--thread", "1", "--all-threads");
        assertThat(usage.exitCode()).as(usage.describe()).isEqualTo(2);
        assertThat(usage.stderr()).isEqualTo("tldb print: --thread and --all-threads exclude each other (see 'tldb print --help')\n");
    }

    @Test
    void versionNamesTheBuild() {
        ExecResult r = tldb("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("tldb 0.").contains("Java ");
    }
}
