package dev.tldb.core;

import dev.tldb.elf.Elf;
import dev.tldb.exec.ExecTarget;
import dev.tldb.target.MemoryException;
import dev.tldb.target.TargetStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Optional;

import static dev.tldb.core.SyntheticCore.prstatus;
import static dev.tldb.core.SyntheticCore.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads through the core and the file stratum beneath, as gdb's core target reads: core bytes
 * first, the program file where the core has none, never anything else.
 */
class CoreTargetMemoryTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @TempDir
    Path dir;

    private static byte[] fill(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    /** Program file: 'P' x 0x100 at 0x400000, 'Q' x 0x2000 at 0x5ff000. */
    private static ExecTarget program() {
        return new ExecTarget(SyntheticCore.x86_64().type(Elf.ET_EXEC)
                .load(0x400000, fill(0x100, 'P'))
                .load(0x5ff000, fill(0x2000, 'Q'))
                .elf(), 0, Optional.empty());
    }

    /**
     * Core: 'C' x 0x10 at 0x400000 of a 0x100-byte segment (the rest is the file's, as the
     * kernel leaves text out); 'D' x 0x20 at 0x600000, over the file's 'Q's.
     */
    private static SyntheticCore core() {
        return SyntheticCore.x86_64()
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 11, 7, words(true, LE, new long[27])))
                .load(0x400000, fill(0x10, 'C'), 0x100)
                .load(0x600000, fill(0x20, 'D'));
    }

    private static TargetStack stack(CoreFile core) {
        return new TargetStack().push(program()).push(new CoreTarget(core));
    }

    private static String read(TargetStack s, long address, int length) {
        byte[] buf = new byte[length];
        int n = s.readMemory(address, buf, 0, length);
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void coreBytesFirstThenTheFileWhereTheSegmentHasNoFileBytes() {
        TargetStack s = stack(core().open());
        assertThat(read(s, 0x400000, 0x100)).isEqualTo("C".repeat(0x10) + "P".repeat(0xf0));
    }

    @Test
    void theFileIsAskedOnlyUpToWhereCoreBytesResume() {
        TargetStack s = stack(core().open());
        assertThat(read(s, 0x5ffff0, 0x20)).isEqualTo("Q".repeat(0x10) + "D".repeat(0x10));
        assertThat(read(s, 0x600018, 0x10)).isEqualTo("D".repeat(8) + "Q".repeat(8));
    }

    @Test
    void aReadStopsAtTheFirstByteNeitherHas() {
        TargetStack s = stack(core().open());
        assertThat(read(s, 0x4000f8, 0x20)).isEqualTo("P".repeat(8));
        assertThat(read(s, 0x500000, 8)).isEmpty();
        assertThatThrownBy(() -> s.readFully(0x4000f8, 0x20)).isInstanceOf(MemoryException.class)
                .hasMessage("Cannot access memory at address 0x400100");
    }

    @Test
    void withoutAFileStratumOnlyCoreBytesAreThere() {
        TargetStack s = new TargetStack().push(new CoreTarget(core().open()));
        assertThat(read(s, 0x400000, 0x100)).isEqualTo("C".repeat(0x10));
        assertThat(s.abi().arch()).isEqualTo(dev.tldb.abi.Arch.X86_64);
    }

    @Test
    void writesLandInTheOverlayAndTheCoreFileIsUntouched() throws IOException {
        Path file = core().write(dir, "core");
        FileTime before = FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - 10_000);
        Files.setLastModifiedTime(file, before);
        byte[] bytesBefore = Files.readAllBytes(file);
        try (CoreFile core = CoreFile.open(file)) {
            TargetStack s = stack(core);
            s.writeMemory(0x40000e, "xyz".getBytes(), 0, 3); // across the core/file boundary
            assertThat(read(s, 0x40000c, 6)).isEqualTo("CCxyzP");
            s.writeMemory(0x600000, new byte[] {1}, 0, 1);
            assertThat(s.readFully(0x600000, 2)).containsExactly(1, 'D');
            assertThatThrownBy(() -> s.writeMemory(0x4000ff, new byte[2], 0, 2))
                    .isInstanceOf(MemoryException.class).hasMessage("Cannot access memory at address 0x400100");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(bytesBefore);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(before);
    }

    @Test
    void writtenRegistersAreKeptAndCopiesAreHandedOut() {
        TargetStack s = stack(core().open());
        var t = s.threads().get(0);
        var regs = s.registers(t);
        regs.set("rip", 0x1234);
        assertThat(s.registers(t).get("rip")).as("a copy was changed").contains(0L);
        s.writeRegisters(t, regs);
        assertThat(s.registers(t).get("rip")).contains(0x1234L);
        assertThatThrownBy(() -> s.registers(new dev.tldb.target.ThreadInfo(2, 7, 8)))
                .hasMessageContaining("Unknown thread 2");
    }

    @Test
    void theVsyscallPageAtTheTopOfTheAddressSpaceIsReadable() {
        CoreFile core = SyntheticCore.x86_64().load(0xffffffffff600000L, fill(0x1000, 'V')).open();
        TargetStack s = new TargetStack().push(new CoreTarget(core));
        assertThat(read(s, 0xffffffffff600ff0L, 0x10)).hasSize(0x10);
    }
}
