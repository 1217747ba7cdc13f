package dev.tldb.core;

import dev.tldb.target.MemoryException;
import dev.tldb.target.Module;
import dev.tldb.target.TargetException;
import dev.tldb.target.ThreadInfo;
import dev.tldb.testkit.CoreKind;
import dev.tldb.testkit.Readelf;
import dev.tldb.testkit.SampleCore;
import dev.tldb.testkit.SampleCores;
import dev.tldb.testkit.Samples;
import dev.tldb.testkit.ThreadReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real cores made wrong: cut short, paired with the wrong program, with a library gone or
 * replaced. Every case ends in one line (an error or warnings) and never in a wrong value
 * presented as right: a byte tldb returns is the byte the process had.
 */
class SampleCoreBadInputTest {
    private static final String PIE = "x86_64-glibc-pie";

    @TempDir
    Path dir;

    private static SampleCore pieCore(CoreKind kind) {
        return SampleCores.core(PIE, kind);
    }

    private Path copy(SampleCore sample) throws IOException {
        return Files.copy(sample.core(), dir.resolve("core"));
    }

    /** Replaces every occurrence of {@code from} by {@code to} (same length) in {@code file}; returns the count. */
    private static int patch(Path file, byte[] from, byte[] to) throws IOException {
        assertThat(to).hasSameSizeAs(from);
        byte[] b = Files.readAllBytes(file);
        int count = 0;
        for (int i = 0; i + from.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, b, i, to.length);
                count++;
            }
        }
        Files.write(file, b);
        return count;
    }

    /** The build-id as {@code readelf -n} shows it. */
    private static byte[] buildId(Path elf) {
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(Readelf.readelf("-n", elf.toString()));
        assertThat(m.find()).as("build-id of %s", elf).isTrue();
        return HexFormat.of().parseHex(m.group(1));
    }

    private static byte[] flipLast(byte[] id) {
        byte[] other = id.clone();
        other[other.length - 1] ^= 0x55;
        return other;
    }

    /** Every value tldb reads for a printed address is the printed value, or unreadable: never different. */
    private static void neverWrong(LoadedCore loaded, SampleCore sample) {
        for (ThreadReport report : sample.output().threads()) {
            for (Map.Entry<String, Long> addr : report.addresses().entrySet()) {
                Optional<byte[]> expected = SampleCoreTest.encode(addr.getKey(),
                        report.value(addr.getKey()).orElseThrow());
                if (expected.isEmpty()) {
                    continue;
                }
                byte[] buf = new byte[expected.get().length];
                int n = loaded.stack().readMemory(addr.getValue(), buf, 0, buf.length);
                assertThat(Arrays.copyOf(buf, n)).as("%s of LWP %d", addr.getKey(), report.lwp())
                        .isEqualTo(Arrays.copyOf(expected.get(), n));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = CoreKind.class, names = {"GCORE", "KERNEL"})
    void aCoreCutShortIsAnErrorOrWarnsAndNeverLies(CoreKind kind) throws IOException {
        SampleCore sample = pieCore(kind);
        byte[] whole = Files.readAllBytes(sample.core());
        CoreOptions whole0 = CoreOptions.of(sample.core()).withExecutable(sample.variant().executable());
        try (LoadedCore reference = CoreLoader.load(whole0)) {
            for (double at : new double[] {0.001, 0.01, 0.05, 0.3, 0.6, 0.9, 0.999}) {
                int cut = (int) (whole.length * at);
                Path p = Files.write(dir.resolve("core-" + cut), Arrays.copyOf(whole, cut));
                CoreOptions o = CoreOptions.of(p).withExecutable(sample.variant().executable());
                LoadedCore loaded;
                try {
                    loaded = CoreLoader.load(o);
                } catch (TargetException e) {
                    assertThat(e.getMessage()).as("cut at %d", cut).startsWith(p.toString())
                            .contains("truncated core dump").doesNotContain("\n");
                    continue;
                }
                try (loaded) {
                    assertThat(kind).as("gcore writes its notes last: any cut loses them").isEqualTo(CoreKind.KERNEL);
                    assertThat(loaded.warnings()).as("cut at %d", cut)
                            .anyMatch(w -> w.startsWith(p + ": core dump truncated at 0x" + Integer.toHexString(cut)));
                    neverWrong(loaded, sample);
                    for (ThreadInfo t : loaded.stack().threads()) {
                        assertThat(loaded.stack().registers(t).block())
                                .isEqualTo(reference.stack().registers(t).block());
                    }
                }
            }
        }
    }

    @Test
    void aCoreGivenWithAnotherProgramOfTheSameArchitectureWarns() {
        SampleCore sample = pieCore(CoreKind.KERNEL);
        Path other = Samples.variant("x86_64-glibc-static").executable();
        try (LoadedCore loaded = CoreLoader.load(CoreOptions.of(sample.core()).withExecutable(other))) {
            assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w)
                    .startsWith(other + " may not match core " + sample.core() + ": AT_ENTRY is 0x")
                    .contains("but " + other + " starts at 0x"));
            assertThat(loaded.executableMismatch()).hasValueSatisfying(m -> assertThat(m).startsWith("AT_ENTRY is 0x"));
            neverWrongForThreadMemory(loaded, sample);
        }
    }

    /** Thread memory (TLS blocks, stacks) is in the core whatever program was given. */
    private static void neverWrongForThreadMemory(LoadedCore loaded, SampleCore sample) {
        neverWrong(loaded, sample);
    }

    @Test
    void aCoreGivenWithAProgramOfAnotherArchitectureIsAnError() {
        SampleCore sample = pieCore(CoreKind.KERNEL);
        Path aarch64 = Samples.variant("aarch64-glibc-static").executable();
        assertThatThrownBy(() -> CoreLoader.load(CoreOptions.of(sample.core()).withExecutable(aarch64)))
                .isInstanceOf(TargetException.class)
                .hasMessage(sample.core() + ": core dump of i386:x86-64, but " + aarch64
                        + " is aarch64: not the program that dumped this core");
    }

    @Test
    void aProgramIsNotACore() {
        Path exe = Samples.variant(PIE).executable();
        assertThatThrownBy(() -> CoreLoader.load(CoreOptions.of(exe))).isInstanceOf(TargetException.class)
                .hasMessage(exe + ": not a core dump: it is an ELF shared object");
    }

    @ParameterizedTest
    @EnumSource(value = CoreKind.class, names = {"GCORE", "KERNEL"})
    void aMissingLibraryIsNamedWithThePathsTried(CoreKind kind) throws IOException {
        SampleCore sample = pieCore(kind);
        Path core = copy(sample);
        // Rename liblinked.so in the link map and in NT_FILE: no such file anywhere.
        assertThat(patch(core, "/liblinked.so".getBytes(), "/libabsent.so".getBytes())).isGreaterThanOrEqualTo(2);
        Path folder = sample.variant().folder();
        CoreOptions o = CoreOptions.of(core).withExecutable(sample.variant().executable())
                .withSysroot(dir.resolve("sysroot")).withSearchDir(folder);
        try (LoadedCore loaded = CoreLoader.load(o)) {
            assertThat(loaded.warnings()).singleElement().asString()
                    .startsWith("libabsent.so: not found: shared library " + folder + "/libabsent.so loaded at 0x")
                    .contains("tried " + folder + "/libabsent.so (not found), " + dir + "/sysroot" + folder
                            + "/libabsent.so (not found)")
                    .endsWith("); its code and symbols are unavailable");
            Module absent = loaded.stack().modules().stream().filter(m -> m.shortName().equals("libabsent.so"))
                    .findFirst().orElseThrow();
            assertThat(absent.elf()).isEmpty();
            assertThat(absent.lmAddress()).isNotZero();
            // Its TLS lives in the threads' memory, which the core has.
            neverWrong(loaded, sample);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CoreKind.class, names = {"GCORE", "KERNEL"})
    void aLibraryWhoseBuildIdDiffersFromTheCoresIsNotUsed(CoreKind kind) throws IOException {
        SampleCore sample = pieCore(kind);
        Path core = copy(sample);
        Path lib = sample.variant().folder().resolve("liblinked.so");
        byte[] id = buildId(lib);
        assertThat(patch(core, id, flipLast(id))).isGreaterThanOrEqualTo(1);
        try (LoadedCore loaded = CoreLoader.load(CoreOptions.of(core).withExecutable(sample.variant().executable()))) {
            assertThat(loaded.warnings()).singleElement().asString()
                    .startsWith("liblinked.so: no matching file for shared library " + lib)
                    .contains(lib + " (build-id " + HexFormat.of().formatHex(id) + ", the core has "
                            + HexFormat.of().formatHex(flipLast(id)) + ")");
            Module linked = loaded.stack().modules().stream().filter(m -> m.shortName().equals("liblinked.so"))
                    .findFirst().orElseThrow();
            assertThat(linked.elf()).isEmpty();
            // Without a matching file, the library's code is only what the core holds (gcore
            // dumps it; the kernel leaves it to the file): the right bytes or none.
            long text;
            try (dev.tldb.elf.ElfFile elf = dev.tldb.elf.ElfFile.open(lib)) {
                text = linked.loadBias() + elf.section(".text").orElseThrow().addr();
            }
            CoreMemory coreOnly = loaded.core().coreFile().memory();
            if (coreOnly.contains(text)) {
                byte[] inCore = new byte[4];
                coreOnly.read(text, inCore, 0, 4);
                assertThat(loaded.stack().readFully(text, 4)).isEqualTo(inCore);
            } else {
                assertThat(kind).isEqualTo(CoreKind.KERNEL);
                assertThatThrownBy(() -> loaded.stack().readFully(text, 4)).isInstanceOf(MemoryException.class);
            }
        }
    }

    @Test
    void anExecutableWhoseBuildIdDiffersIsNotTakenFromTheCoreAndWarnsWhenGiven() throws IOException {
        SampleCore sample = pieCore(CoreKind.KERNEL);
        Path core = copy(sample);
        Path exe = sample.variant().executable();
        byte[] id = buildId(exe);
        assertThat(patch(core, id, flipLast(id))).isGreaterThanOrEqualTo(1);
        String reason = "build-id " + HexFormat.of().formatHex(id) + ", the core has "
                + HexFormat.of().formatHex(flipLast(id));
        try (LoadedCore found = CoreLoader.load(CoreOptions.of(core))) {
            assertThat(found.exec()).isEmpty();
            assertThat(found.executableMismatch()).as("a candidate that does not match is not used").isEmpty();
            assertThat(found.warnings()).anySatisfy(w -> assertThat(w)
                    .startsWith("executable of core " + core + " not found (tried " + exe + " (" + reason + ")")
                    .endsWith("(pass --exe)"));
            assertThat(found.stack().threads()).hasSize(5);
            neverWrong(found, sample);
        }
        try (LoadedCore given = CoreLoader.load(CoreOptions.of(core).withExecutable(exe))) {
            assertThat(given.exec()).isPresent();
            assertThat(given.warnings()).singleElement().asString()
                    .isEqualTo(exe + " may not match core " + core + ": " + reason);
            assertThat(given.executableMismatch()).hasValue(reason);
        }
    }

    @Test
    void randomBytesNamedCoreAreNotACore() throws IOException {
        byte[] junk = new byte[1 << 16];
        new java.util.Random(7).nextBytes(junk);
        Path p = Files.write(dir.resolve("core"), junk);
        assertThatThrownBy(() -> CoreLoader.load(CoreOptions.of(p))).isInstanceOf(TargetException.class)
                .hasMessage(p + ": not a core dump: not an ELF file (bad magic number)");
    }
}
