package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exit-status contract {@code tldb print --help} states (0: every thread gave a value, 1: one
 * did not, 2: the command line was wrong), the one-line messages that go with 1 and 2, and that
 * the help text and the README state the same contract.
 */
class ExitCodesTest {
    private static final String CONTRACT = "Exit status: 0 when every thread gave a value, 1 when one did not, 2 on a usage error.";

    private static SampleCore pie() {
        return SampleCores.core("x86_64-glibc-pie", CoreKind.KERNEL);
    }

    private static List<String> print(String expr, String... more) {
        return CoreCases.command(pie(), List.of("print", expr), more);
    }

    /** A failure or usage error says so in exactly one line on stderr, and nothing on stdout. */
    private static void oneLineError(CliResult r, int exit, String prefix) {
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(exit);
        assertThat(r.stdout()).as(r.describe()).isEmpty();
        assertThat(r.stderrLines()).as(r.describe()).singleElement().asString().startsWith(prefix);
    }

    @Test
    void zeroWhenEveryThreadGaveAValue() {
        CliResult r = Cli.run(print("tls_int", "--all-threads"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.lines()).hasSize(pie().output().threads().size())
                .allMatch(l -> l.matches("Thread \\d+ \\(LWP \\d+\\): 10\\d"));
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void oneWhenAThreadHasNotAllocatedTheLibrarysTlsButEveryThreadIsStillPrinted() {
        CliResult r = Cli.run(print("plugin_tls", "--all-threads"));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.lines()).hasSize(pie().output().threads().size());
        for (ThreadReport t : pie().output().threads()) {
            String prefix = "(LWP " + t.lwp() + "): ";
            String line = r.lines().stream().filter(l -> l.contains(prefix)).findFirst().orElseThrow();
            assertThat(line.substring(line.indexOf(prefix) + prefix.length())).as("LWP %d", t.lwp())
                    .isEqualTo(t.isUntouched("plugin_tls")
                            ? "<error: The inferior has not yet allocated storage for thread-local variables in the "
                            + "shared library `libplugin.so' for thread " + line.substring(7, line.indexOf(' ', 7))
                            + " (LWP " + t.lwp() + ") (the thread has not used its TLS yet)>"
                            : t.value("plugin_tls").orElseThrow());
        }
    }

    @Test
    void oneWithTheMessageOnStderrWhenTheOneThreadAskedForHasNotAllocatedIt() {
        long odd = pie().output().thread(1).lwp();
        CliResult r = Cli.run(print("plugin_tls", "--thread", Long.toString(odd)));
        oneLineError(r, 1, "tldb: The inferior has not yet allocated storage for thread-local variables in the shared library `libplugin.so' for thread ");
        assertThat(r.stderr()).contains("(LWP " + odd + ")");
    }

    @Test
    void oneForAnUnknownSymbolInGdbsWords() {
        oneLineError(Cli.run(print("no_such_variable")), 1, "tldb: No symbol \"no_such_variable\" in current context.");
    }

    @Test
    void oneForAThreadTheCoreDoesNotHave() {
        CliResult r = Cli.run(print("tls_int", "--thread", "1"));
        oneLineError(r, 1, "tldb: no thread with LWP 1 (threads: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--thread and --all-threads", "--tls-unallocated=bogus", "--tls-unallocated=allocate",
            "unknown option", "no expression", "non-numeric LWP"})
    void twoForAWrongCommandLineInOneLineThatPointsAtTheHelp(String what) {
        List<String> args = switch (what) {
            case "--thread and --all-threads" -> print("tls_int", "--all-threads", "--thread", "1");
            case "--tls-unallocated=bogus" -> print("tls_int", "--tls-unallocated=bogus");
            // "allocate" is a policy of simulated processes only: a core cannot allocate.
            case "--tls-unallocated=allocate" -> print("tls_int", "--tls-unallocated=allocate");
            case "unknown option" -> print("tls_int", "--no-such-option");
            case "no expression" -> new ArrayList<>(List.of("print", "--core", pie().core().toString()));
            case "non-numeric LWP" -> print("tls_int", "--thread", "main");
            default -> throw new IllegalArgumentException(what);
        };
        CliResult r = Cli.run(args);
        oneLineError(r, 2, "tldb print: ");
        assertThat(r.stderr()).endsWith(" (see 'tldb print --help')\n");
    }

    @Test
    void helpAndReadmeStateTheSameContract() throws IOException {
        CliResult help = Cli.run("print", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout().replaceAll("\\s+", " ")).contains(CONTRACT);
        String readme = Files.readString(Samples.repoRoot().resolve("README.md")).replaceAll("\\s+", " ");
        assertThat(readme).contains(CONTRACT);
    }
}
