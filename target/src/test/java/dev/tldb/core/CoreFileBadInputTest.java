package dev.tldb.core;

import dev.tldb.elf.Elf;
import dev.tldb.target.TargetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static dev.tldb.core.SyntheticCore.prstatus;
import static dev.tldb.core.SyntheticCore.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files that are not (whole) cores: one-line errors naming the file, or warnings and honest holes. */
class CoreFileBadInputTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @TempDir
    Path dir;

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 7);
        }
        return b;
    }

    /** A kernel-style core: notes first, then 2 memory segments of 0x1000 bytes. */
    private static SyntheticCore kernelStyle() {
        return SyntheticCore.x86_64()
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 11, 100, words(true, LE, new long[27])))
                .note("CORE", Elf.NT_AUXV, words(true, LE, Elf.AT_ENTRY, 0x401000, Elf.AT_NULL, 0))
                .load(0x600000, pattern(0x1000, 1))
                .load(0x7ff000, pattern(0x1000, 2));
    }

    private static void assertOneLine(Throwable t) {
        assertThat(t).isInstanceOf(TargetException.class);
        assertThat(t.getMessage()).doesNotContain("\n");
    }

    @Test
    void randomBytesAreNotACore() throws IOException {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        Path p = Files.write(dir.resolve("junk"), junk);
        assertThatThrownBy(() -> CoreFile.open(p))
                .satisfies(CoreFileBadInputTest::assertOneLine)
                .hasMessage(p + ": not a core dump: not an ELF file (bad magic number)");
    }

    @Test
    void anEmptyFileIsNotACore() throws IOException {
        Path p = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> CoreFile.open(p)).satisfies(CoreFileBadInputTest::assertOneLine)
                .hasMessageStartingWith(p + ": not a core dump: not an ELF file");
    }

    @Test
    void aMissingFileIsNamed() {
        Path p = dir.resolve("nothing-here");
        assertThatThrownBy(() -> CoreFile.open(p)).satisfies(CoreFileBadInputTest::assertOneLine)
                .hasMessageContaining(p.toString()).hasMessageContaining("no such file");
    }

    @Test
    void anExecutableIsNotACore() {
        Path p = SyntheticCore.x86_64().type(Elf.ET_DYN).load(0, new byte[16]).write(dir, "prog");
        assertThatThrownBy(() -> CoreFile.open(p)).satisfies(CoreFileBadInputTest::assertOneLine)
                .hasMessage(p + ": not a core dump: it is an ELF shared object");
    }

    @Test
    void aCoreOfAnArchitectureTldbDoesNotKnowIsAnError() {
        Path p = new SyntheticCore(false, LE, Elf.EM_ARM).write(dir, "arm-core");
        assertThatThrownBy(() -> CoreFile.open(p)).satisfies(CoreFileBadInputTest::assertOneLine)
                .hasMessageContaining(p + ": core dump of an unsupported architecture (arm, ELF32)");
    }

    @Test
    void cutInsideTheHeadersIsATruncatedCore() throws IOException {
        byte[] whole = kernelStyle().build();
        for (int cut : new int[] {20, 63, 64 + 56 + 10}) {
            Path p = Files.write(dir.resolve("core-" + cut), Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> CoreFile.open(p)).as("cut at %d", cut)
                    .satisfies(CoreFileBadInputTest::assertOneLine)
                    .hasMessageStartingWith(p + ": truncated core dump: ");
        }
    }

    @Test
    void cutInsideTheNotesIsAnErrorBecauseThreadsAreLost() throws IOException {
        byte[] whole = kernelStyle().build();
        int notesStart = 64 + 3 * 56;
        Path p = Files.write(dir.resolve("core-notes"), Arrays.copyOf(whole, notesStart + 100));
        assertThatThrownBy(() -> CoreFile.open(p)).satisfies(CoreFileBadInputTest::assertOneLine)
                .hasMessageStartingWith(p + ": truncated core dump: its notes (segment 0 at file offset 0xe8")
                .hasMessageContaining("past the end of the file (0x14c bytes)");
    }

    @Test
    void cutInsideMemoryIsAWarningAndOnlyTheLostBytesAreUnavailable() throws IOException {
        byte[] whole = kernelStyle().build();
        int cut = whole.length - 0x1000 - 0x800; // half of the first segment survives
        Path p = Files.write(dir.resolve("core-mem"), Arrays.copyOf(whole, cut));
        try (CoreFile core = CoreFile.open(p)) {
            assertThat(core.warnings()).singleElement().asString()
                    .startsWith(p + ": core dump truncated at 0x" + Integer.toHexString(cut) + " bytes: 2 memory segments")
                    .contains("missing 0x1800 bytes", "from address 0x600800", "unavailable");
            assertThat(core.threads()).hasSize(1);
            CoreTarget target = new CoreTarget(core);
            byte[] buf = new byte[0x1000];
            assertThat(target.readMemory(0x600000, buf, 0, 0x1000)).isEqualTo(0x800);
            assertThat(Arrays.copyOf(buf, 0x800)).isEqualTo(Arrays.copyOf(pattern(0x1000, 1), 0x800));
            assertThat(target.readMemory(0x7ff000, buf, 0, 16)).isZero();
        }
    }

    @Test
    void everyCutOfAKernelStyleCoreGivesAnErrorOrAWarningAndNeverAWrongByte() throws IOException {
        byte[] whole = kernelStyle().build();
        byte[] seg1 = pattern(0x1000, 1);
        for (int cut = 0; cut < whole.length; cut += 37) {
            Path p = Files.write(dir.resolve("cut"), Arrays.copyOf(whole, cut));
            CoreFile core;
            try {
                core = CoreFile.open(p);
            } catch (TargetException e) {
                assertOneLine(e);
                continue;
            }
            try (core) {
                assertThat(core.warnings()).as("cut at %d", cut).isNotEmpty();
                byte[] buf = new byte[0x1000];
                int n = new CoreTarget(core).readMemory(0x600000, buf, 0, buf.length);
                assertThat(Arrays.copyOf(buf, n)).isEqualTo(Arrays.copyOf(seg1, n));
            }
        }
    }
}
