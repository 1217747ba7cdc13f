package dev.tldb.cli;

import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's bad input, through the command line: a core cut short, the wrong program for a core,
 * a library gone, a program of another architecture, something that is not a core, a file that is
 * not there. Each ends in a clear one-line error (exit 1) or in one-line warnings beside values
 * that are all right, never in a wrong value given as right; and no input file is ever written.
 */
class BadInputTest {
    private static final String PIE = "x86_64-glibc-pie";

    @TempDir
    Path dir;

    private static SampleCore pie(CoreKind kind) {
        return SampleCores.core(PIE, kind);
    }

    /** Every input a PIE core is read with: the core, the program and its libraries. */
    private static List<Path> inputs(SampleCore sample, Path core) {
        List<Path> files = new ArrayList<>(List.of(core, sample.variant().executable()));
        files.addAll(sample.variant().libraries());
        return files;
    }

    /** The failure is one {@code tldb: } line on stderr, after any warnings, with nothing on stdout. */
    private static String fails(CliResult r) {
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stdout()).as(r.describe()).isEmpty();
        List<String> err = r.stderrLines();
        assertThat(err).as(r.describe()).isNotEmpty();
        assertThat(err.subList(0, err.size() - 1)).as(r.describe()).allMatch(l -> l.startsWith("warning: "));
        assertThat(err.get(err.size() - 1)).as(r.describe()).startsWith("tldb: ").doesNotContain("internal error");
        return err.get(err.size() - 1);
    }

    /**
     * Every thread's line is the program's own value or an error; stderr holds only one-line
     * warnings or one error; the exit status is 1 exactly when a line is an error.
     */
    private static void neverWrong(SampleCore sample, CliResult r, String expr) {
        assertThat(r.stderrLines()).as(r.describe()).allMatch(l -> l.startsWith("warning: ") || l.startsWith("tldb: "));
        if (r.stdout().isEmpty()) {
            fails(r);
            return;
        }
        boolean anyError = false;
        for (Map<String, Object> line : r.json()) {
            long lwp = (Long) line.get("lwp");
            if (line.containsKey("error")) {
                anyError = true;
            } else {
                assertThat(line.get("value")).as("%s in LWP %d: %s", expr, lwp, r.describe())
                        .isEqualTo(sample.output().value(lwp, expr).orElseThrow());
            }
        }
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(anyError ? 1 : 0);
    }

    /** Replaces every occurrence of {@code from} by {@code to} (same length) in {@code file}; returns the count. */
    private static int patch(Path file, String from, String to) throws IOException {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII), t = to.getBytes(StandardCharsets.US_ASCII);
        assertThat(t).hasSameSizeAs(f);
        byte[] b = Files.readAllBytes(file);
        int count = 0;
        for (int i = 0; i + f.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, b, i, t.length);
                count++;
            }
        }
        Files.write(file, b);
        return count;
    }

    @ParameterizedTest
    @EnumSource(value = CoreKind.class, names = {"GCORE", "KERNEL"})
    void aCoreCutShortFailsInOneLineOrWarnsAndPrintsOnlyTrueValues(CoreKind kind) throws IOException {
        SampleCore sample = pie(kind);
        byte[] whole = Files.readAllBytes(sample.core());
        for (double at : new double[] {0.0005, 0.01, 0.2, 0.5, 0.8, 0.999}) {
            int cut = (int) (whole.length * at);
            Path core = Files.write(dir.resolve("core-" + cut), Arrays.copyOf(whole, cut));
            InputFiles files = InputFiles.watch(inputs(sample, core));
            for (String expr : List.of("tls_int", "tls_name", "lib_tls", "plugin_buf")) {
                List<String> args = new ArrayList<>(List.of("print", expr, "--core", core.toString(),
                        "--exe", sample.variant().executable().toString(), "--all-threads", "--json"));
                CliResult r = Cli.run(args);
                neverWrong(sample, r, expr);
                if (r.exitCode() == 0 || !r.stdout().isEmpty()) {
                    assertThat(kind).as("gcore writes its notes last: any cut loses them").isEqualTo(CoreKind.KERNEL);
                    assertThat(r.stderrLines()).as(r.describe())
                            .anyMatch(l -> l.startsWith("warning: " + core + ": core dump truncated at 0x"));
                } else {
                    assertThat(fails(r)).as(r.describe()).startsWith("tldb: " + core + ": ").contains("truncated");
                }
            }
            files.assertUnchanged();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64-glibc-static", "x86_64-glibc-pie-dwarf4"})
    void anotherProgramGivenForTheCoreIsRefusedBeforeAnyValue(String other) {
        // The static program is plainly another one (entry point, program headers); the DWARF 4
        // build is the same source and even the same TLS layout, but another build-id: nothing
        // says its offsets hold for this core, so it is refused as well.
        SampleCore sample = pie(CoreKind.KERNEL);
        Path exe = Samples.variant(other).executable();
        InputFiles files = InputFiles.watch(sample.core(), exe);
        for (List<String> command : List.of(List.of("print", "tls_int", "--all-threads", "--json"), List.of("threads"))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--core", sample.core().toString(), "--exe", exe.toString()));
            String error = fails(Cli.run(args));
            assertThat(error).startsWith("tldb: " + exe + " is not the program that dumped core " + sample.core() + ": ")
                    .contains(other.equals("x86_64-glibc-static") ? "AT_ENTRY" : "build-id")
                    .endsWith("its symbols would give wrong values (give the program that dumped the core, "
                            + "or leave out --exe to use the one the core names)");
        }
        files.assertUnchanged();
    }

    @Test
    void theRightProgramIsStillFoundWhenTheWrongOneIsLeftOut() {
        SampleCore sample = pie(CoreKind.KERNEL);
        CliResult r = Cli.run("print", "tls_int", "--core", sample.core().toString(), "--all-threads", "--json");
        assertThat(r.stderr()).isEmpty();
        neverWrong(sample, r, "tls_int");
        assertThat(r.exitCode()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = CoreKind.class, names = {"GCORE", "KERNEL"})
    void aMissingLibraryIsAWarningItsVariablesAreUnknownAndTheRestIsRight(CoreKind kind) throws IOException {
        SampleCore sample = pie(kind);
        Path core = Files.copy(sample.core(), dir.resolve("core"));
        // Rename liblinked.so in the core's link map and NT_FILE: no such file anywhere.
        assertThat(patch(core, "/liblinked.so", "/libabsent.so")).isGreaterThanOrEqualTo(2);
        InputFiles files = InputFiles.watch(inputs(sample, core));
        List<String> target = List.of("--core", core.toString(), "--exe", sample.variant().executable().toString(),
                "--all-threads", "--json");
        String missing = "warning: libabsent.so: not found: shared library " + sample.variant().folder() + "/libabsent.so";

        List<String> mine = new ArrayList<>(List.of("print", "tls_int"));
        mine.addAll(target);
        CliResult r = Cli.run(mine);
        assertThat(r.stderrLines()).as(r.describe()).singleElement().asString().startsWith(missing);
        neverWrong(sample, r, "tls_int");
        assertThat(r.exitCode()).isZero();

        List<String> theirs = new ArrayList<>(List.of("print", "lib_tls"));
        theirs.addAll(target);
        r = Cli.run(theirs);
        assertThat(r.stderrLines()).as(r.describe()).singleElement().asString().startsWith(missing);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.json()).hasSize(sample.output().threads().size())
                .allSatisfy(l -> assertThat(l).containsEntry("error", "No symbol \"lib_tls\" in current context."));
        files.assertUnchanged();
    }

    @Test
    void aCrossCoreWithoutItsSysrootSaysWhichLibrariesAreMissingAndWhatTheThreadLayerLacks() {
        // Without --sysroot the aarch64 libc is not found: its _thread_db_* descriptors and
        // thread lists are gone, and qemu's core has no tpidr to fall back on.
        SampleCore sample = SampleCores.core("aarch64-glibc-pie", CoreKind.QEMU);
        CliResult r = Cli.run("print", "tls_int", "--core", sample.core().toString(),
                "--exe", sample.variant().executable().toString(), "--all-threads", "--json");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderrLines()).as(r.describe())
                .anyMatch(l -> l.startsWith("warning: libc.so.6: not found: shared library /lib/libc.so.6"))
                .anyMatch(l -> l.startsWith("warning: glibc's _thread_db_* descriptors were not found"))
                .allMatch(l -> l.startsWith("warning: "));
        assertThat(r.json()).hasSize(sample.output().threads().size()).allSatisfy(l -> assertThat((String) l.get("error"))
                .endsWith("hold no thread pointer and glibc's thread lists do not name it (TD_NOTHR)"));

        CliResult threads = Cli.run("threads", "--core", sample.core().toString(), "--json");
        assertThat(threads.exitCode()).as("threads whose TP is unknown: " + threads.describe()).isEqualTo(1);
        assertThat(threads.json()).hasSize(sample.output().threads().size())
                .allSatisfy(l -> assertThat(l).containsEntry("tp", "?").containsKey("error"));
    }

    @Test
    void aSysrootOrSearchFolderThatIsNotThereIsAWarning() {
        SampleCore sample = pie(CoreKind.KERNEL);
        Path absent = dir.resolve("no-such-root");
        CliResult r = Cli.run("print", "tls_int", "--core", sample.core().toString(), "--sysroot", absent.toString(),
                "--search-dir", absent.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderrLines()).containsExactly("warning: --sysroot " + absent + ": no such directory",
                "warning: --search-dir " + absent + ": no such directory");
    }

    @Test
    void aProgramOfAnotherArchitectureIsAnError() {
        SampleCore aarch64 = SampleCores.core("aarch64-glibc-static", CoreKind.QEMU);
        Path x86 = Samples.variant("x86_64-glibc-static").executable();
        InputFiles files = InputFiles.watch(aarch64.core(), x86);
        String error = fails(Cli.run("print", "tls_int", "--core", aarch64.core().toString(), "--exe", x86.toString(),
                "--all-threads"));
        assertThat(error).isEqualTo("tldb: " + aarch64.core() + ": core dump of aarch64, but " + x86
                + " is i386:x86-64: not the program that dumped this core");
        files.assertUnchanged();
    }

    @Test
    void aProgramIsNotACore() {
        Path exe = Samples.variant(PIE).executable();
        InputFiles files = InputFiles.watch(exe);
        assertThat(fails(Cli.run("print", "tls_int", "--core", exe.toString())))
                .isEqualTo("tldb: " + exe + ": not a core dump: it is an ELF shared object");
        files.assertUnchanged();
    }

    @Test
    void aTextFileIsNotACoreNorAProgram() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a core, just notes\n".repeat(10));
        SampleCore sample = pie(CoreKind.KERNEL);
        InputFiles files = InputFiles.watch(text, sample.core());
        assertThat(fails(Cli.run("print", "tls_int", "--core", text.toString())))
                .isEqualTo("tldb: " + text + ": not a core dump: not an ELF file (bad magic number)");
        assertThat(fails(Cli.run("print", "tls_int", "--core", sample.core().toString(), "--exe", text.toString())))
                .startsWith("tldb: " + text + ": not an executable: ").contains("not an ELF file");
        files.assertUnchanged();
    }

    @Test
    void anEmptyFileAndAFolderAreNotCores() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        assertThat(fails(Cli.run("threads", "--core", empty.toString())))
                .isEqualTo("tldb: " + empty + ": not a core dump: not an ELF file (only 0 bytes)");
        assertThat(fails(Cli.run("threads", "--core", dir.toString())))
                .isEqualTo("tldb: " + dir + ": is a directory, not a file");
    }

    @Test
    void missingFilesAreNamed() {
        Path absent = dir.resolve("absent");
        SampleCore sample = pie(CoreKind.KERNEL);
        assertThat(fails(Cli.run("print", "tls_int", "--core", absent.toString())))
                .isEqualTo("tldb: " + absent + ": no such file");
        assertThat(fails(Cli.run("print", "tls_int", "--core", sample.core().toString(), "--exe", absent.toString())))
                .isEqualTo("tldb: " + absent + ": no such file (the executable given for core " + sample.core() + ")");
        assertThat(fails(Cli.run("print", "tls_int", "--exe", absent.toString())))
                .isEqualTo("tldb: " + absent + ": no such file");
    }
}
