package dev.tldb.core;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Registers;
import dev.tldb.elf.Elf;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

import static dev.tldb.core.SyntheticCore.prpsinfo;
import static dev.tldb.core.SyntheticCore.prstatus;
import static dev.tldb.core.SyntheticCore.words;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Note decoding for each architecture's layout, on cores written from the kernel's structure
 * definitions ({@code elfcore.h}, {@code ptrace.h}); the x86-64 and aarch64 layouts are also
 * checked against real cores and gdb in {@code SampleCoreTest}.
 */
class CoreNotesTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    /** Words 0x1000 + i, so that every slot is told apart. */
    private static long[] distinct(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0x1000 + i;
        }
        return v;
    }

    private static long reg(Registers r, String name) {
        return r.get(name).orElseThrow(() -> new AssertionError(name + " unavailable"));
    }

    @Test
    void x86_64KernelOrderStartsWithR15AndHasFsBase() {
        long[] g = distinct(27);
        CoreFile core = SyntheticCore.x86_64()
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 11, 4242, words(true, LE, g)))
                .note("CORE", Elf.NT_PRPSINFO, prpsinfo(true, LE, 4242, "prog", "./prog -x"))
                .open();
        assertThat(core.threads()).hasSize(1);
        CoreThread t = core.threads().get(0);
        assertThat(t.lwp()).isEqualTo(4242);
        assertThat(t.status().signal()).isEqualTo(11);
        Registers r = t.registers();
        assertThat(reg(r, "r15")).isEqualTo(0x1000);
        assertThat(reg(r, "rax")).isEqualTo(0x100a);
        assertThat(reg(r, "orig_rax")).isEqualTo(0x100f);
        assertThat(reg(r, "rip")).isEqualTo(0x1010);
        assertThat(reg(r, "eflags")).isEqualTo(0x1012);
        assertThat(reg(r, "rsp")).isEqualTo(0x1013);
        assertThat(reg(r, "fs_base")).isEqualTo(0x1015);
        assertThat(reg(r, "gs_base")).isEqualTo(0x1016);
        assertThat(reg(r, "gs")).isEqualTo(0x101a);
        assertThat(Arch.X86_64.threadPointer(r)).contains(0x1015L);
        assertThat(r.get("xmm0")).as("no FP note: FP registers unavailable").isEmpty();
        assertThat(core.processInfo()).get().satisfies(ps -> {
            assertThat(ps.pid()).isEqualTo(4242);
            assertThat(ps.uid()).isEqualTo(1000);
            assertThat(ps.gid()).isEqualTo(100);
            assertThat(ps.state()).isEqualTo("S");
            assertThat(ps.fileName()).isEqualTo("prog");
            assertThat(ps.arguments()).isEqualTo("./prog -x");
        });
    }

    @Test
    void i386Elf32LayoutAndGsBaseFromTheGdtEntryNamedByTheSelector() {
        long[] g = distinct(17);
        g[10] = (12 << 3) | 3; // gs: GDT entry 12, RPL 3 (what glibc's i386 TLS uses)
        g[9] = 0; // fs: null selector
        ByteBuffer tls = ByteBuffer.allocate(48).order(LE);
        tls.putInt(0, 12).putInt(4, 0xf7d8e700).putInt(8, 0xfffff).putInt(12, 0x51);
        tls.putInt(16, 13).putInt(20, 0x1234).putInt(32, 14);
        CoreFile core = new SyntheticCore(false, LE, Elf.EM_386)
                .note("CORE", Elf.NT_PRSTATUS, prstatus(false, LE, 6, 300, words(false, LE, g)))
                .note("LINUX", Elf.NT_386_TLS, tls.array())
                .note("CORE", Elf.NT_PRPSINFO, prpsinfo(false, LE, 300, "i386prog", "i386prog"))
                .note("CORE", Elf.NT_AUXV, words(false, LE, Elf.AT_ENTRY, 0x8049000, Elf.AT_NULL, 0))
                .load(0x8050000, new byte[] {1, 2, 3, 4})
                .open();
        assertThat(core.arch()).isEqualTo(Arch.I386);
        Registers r = core.threads().get(0).registers();
        assertThat(reg(r, "ebx")).isEqualTo(0x1000);
        assertThat(reg(r, "eax")).isEqualTo(0x1006);
        assertThat(reg(r, "eip")).isEqualTo(0x100c);
        assertThat(reg(r, "esp")).isEqualTo(0x100f);
        assertThat(reg(r, "gs_base")).isEqualTo(0xf7d8e700L);
        assertThat(r.get("fs_base")).as("fs is the null selector").isEmpty();
        assertThat(Arch.I386.threadPointer(r)).contains(0xf7d8e700L);
        assertThat(core.threads().get(0).status().signal()).isEqualTo(6);
        assertThat(core.processInfo()).get().satisfies(ps -> {
            assertThat(ps.pid()).isEqualTo(300);
            assertThat(ps.uid()).isEqualTo(1000);
            assertThat(ps.fileName()).isEqualTo("i386prog");
        });
        assertThat(core.auxv().entry()).hasValue(0x8049000);
        byte[] buf = new byte[4];
        assertThat(core.memory().read(0x8050000, buf, 0, 4)).isEqualTo(4);
        assertThat(buf).containsExactly(1, 2, 3, 4);
    }

    @Test
    void riscv64GregsetPutsPcWhereX0WouldBe() {
        long[] g = distinct(32);
        CoreFile core = new SyntheticCore(true, LE, Elf.EM_RISCV)
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 5, 77, words(true, LE, g)))
                .open();
        Registers r = core.threads().get(0).registers();
        assertThat(reg(r, "pc")).isEqualTo(0x1000);
        assertThat(reg(r, "zero")).isZero();
        assertThat(reg(r, "ra")).isEqualTo(0x1001);
        assertThat(reg(r, "sp")).isEqualTo(0x1002);
        assertThat(reg(r, "tp")).isEqualTo(0x1004);
        assertThat(reg(r, "fp")).isEqualTo(0x1008);
        assertThat(reg(r, "a0")).isEqualTo(0x100a);
        assertThat(reg(r, "t6")).isEqualTo(0x101f);
        assertThat(Arch.RISCV64.threadPointer(r)).contains(0x1004L);
    }

    @Test
    void s390xBigEndianPswGprsAndAccessRegisters() {
        SyntheticCore.Buf regs = new SyntheticCore.Buf(BE);
        regs.u64(0x0705200180000000L).u64(0x1000400); // psw mask, addr
        for (int i = 0; i < 16; i++) {
            regs.u64(0x2000 + i);
        }
        regs.u32(0x3ff).u32(0xf7ff0000L);
        for (int i = 2; i < 16; i++) {
            regs.u32(0);
        }
        regs.u64(0); // orig_gpr2
        CoreFile core = new SyntheticCore(true, BE, Elf.EM_S390)
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, BE, 11, 9, regs.toArray()))
                .open();
        assertThat(core.arch()).isEqualTo(Arch.S390X);
        Registers r = core.threads().get(0).registers();
        assertThat(reg(r, "pswm")).isEqualTo(0x0705200180000000L);
        assertThat(reg(r, "pswa")).isEqualTo(0x1000400);
        assertThat(reg(r, "r15")).isEqualTo(0x200f);
        assertThat(reg(r, "acr1")).isEqualTo(0xf7ff0000L);
        assertThat(Arch.S390X.threadPointer(r)).contains(0x3fff7ff0000L);
        assertThat(core.threads().get(0).lwp()).isEqualTo(9);
    }

    @Test
    void ppc64lePtRegsOrder() {
        long[] g = distinct(48);
        CoreFile core = new SyntheticCore(true, LE, Elf.EM_PPC64)
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 11, 5, words(true, LE, g)))
                .open();
        Registers r = core.threads().get(0).registers();
        assertThat(reg(r, "r13")).isEqualTo(0x100d);
        assertThat(reg(r, "pc")).isEqualTo(0x1020);
        assertThat(reg(r, "msr")).isEqualTo(0x1021);
        assertThat(reg(r, "ctr")).isEqualTo(0x1023);
        assertThat(reg(r, "lr")).isEqualTo(0x1024);
        assertThat(reg(r, "xer")).isEqualTo(0x1025);
        assertThat(reg(r, "cr")).isEqualTo(0x1026);
    }

    @Test
    void aarch64TpidrFromNtArmTlsAndVectorsFromNtPrfpreg() {
        long[] g = distinct(34);
        ByteBuffer fp = ByteBuffer.allocate(528).order(LE);
        for (int i = 0; i < 32; i++) {
            fp.putLong(16 * i, 0x100 + i).putLong(16 * i + 8, 0x200 + i);
        }
        fp.putInt(512, 0x10).putInt(516, 0x3000000);
        CoreFile core = new SyntheticCore(true, LE, Elf.EM_AARCH64)
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 5, 21, words(true, LE, g)))
                .note("CORE", Elf.NT_PRFPREG, fp.array())
                .note("LINUX", Elf.NT_ARM_TLS, words(true, LE, 0x7f00001000L, 0))
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 5, 22, words(true, LE, g)))
                .open();
        Registers r = core.threads().get(0).registers();
        assertThat(reg(r, "x0")).isEqualTo(0x1000);
        assertThat(reg(r, "x30")).isEqualTo(0x101e);
        assertThat(reg(r, "sp")).isEqualTo(0x101f);
        assertThat(reg(r, "pc")).isEqualTo(0x1020);
        assertThat(reg(r, "cpsr")).isEqualTo(0x1021);
        assertThat(reg(r, "tpidr")).isEqualTo(0x7f00001000L);
        assertThat(reg(r, "fpsr")).isEqualTo(0x10);
        assertThat(reg(r, "fpcr")).isEqualTo(0x3000000);
        byte[] v31 = r.raw(r.layout().indexOf("v31").orElseThrow()).orElseThrow();
        assertThat(ByteBuffer.wrap(v31).order(LE).getLong(0)).isEqualTo(0x11f);
        assertThat(ByteBuffer.wrap(v31).order(LE).getLong(8)).isEqualTo(0x21f);
        // The second thread has no notes of its own: its TLS register is unknown, not borrowed.
        Registers second = core.threads().get(1).registers();
        assertThat(second.get("tpidr")).isEmpty();
        assertThat(second.get("v0")).isEmpty();
        assertThat(core.threads().get(0).notes()).containsExactly("NT_PRSTATUS", "NT_FPREGSET", "NT_ARM_TLS");
    }

    @Test
    void fxsaveTagWordIsRebuiltFromTheAbridgedTagAndTheRegisters() {
        ByteBuffer fx = ByteBuffer.allocate(512).order(LE);
        fx.putShort(0, (short) 0x37f); // fctrl
        int top = 6;
        fx.putShort(2, (short) (top << 11)); // fstat: TOP = 6
        fx.put(4, (byte) 0b1110_0000); // physical registers 5, 6, 7 in use
        fx.putShort(6, (short) 0xffff); // fop: only 11 bits survive
        fx.putInt(24, 0x1f80); // mxcsr
        // ST(0) = physical 6: 1.0 (valid); ST(1) = physical 7: +0 (zero); ST(7) = physical 5: NaN (special)
        fx.putLong(32, 0x8000000000000000L).putShort(40, (short) 0x3fff);
        fx.putLong(48, 0).putShort(56, (short) 0);
        fx.putLong(32 + 7 * 16, 0xc000000000000000L).putShort(32 + 7 * 16 + 8, (short) 0x7fff);
        fx.putLong(160 + 15 * 16, 0x1122334455667788L);
        long[] g = distinct(27);
        CoreFile core = SyntheticCore.x86_64()
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 4, 1, words(true, LE, g)))
                .note("CORE", Elf.NT_PRFPREG, fx.array())
                .open();
        Registers r = core.threads().get(0).registers();
        // tags, physical 7..0: 1 (zero), 0 (valid), 2 (special), then 3 (empty) x5
        assertThat(reg(r, "ftag")).isEqualTo(0b01_00_10_11_11_11_11_11);
        assertThat(reg(r, "fctrl")).isEqualTo(0x37f);
        assertThat(reg(r, "fstat")).isEqualTo(top << 11);
        assertThat(reg(r, "fop")).isEqualTo(0x7ff);
        assertThat(reg(r, "mxcsr")).isEqualTo(0x1f80);
        assertThat(r.raw(r.layout().indexOf("st0").orElseThrow()).orElseThrow())
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f);
        assertThat(reg(r, "xmm15")).isEqualTo(0x1122334455667788L);
    }

    @Test
    void aPrstatusTooShortForTheArchitectureLeavesRegistersUnavailableWithAWarning() {
        // gdb 13's gcore of a riscv64 guest writes the host's 336-byte x86-64 prstatus.
        long[] g = distinct(27);
        CoreFile core = new SyntheticCore(true, LE, Elf.EM_RISCV)
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 5, 15821, words(true, LE, g)))
                .open();
        assertThat(core.threads()).hasSize(1);
        assertThat(core.threads().get(0).lwp()).isEqualTo(15821);
        Registers r = core.threads().get(0).registers();
        assertThat(r.availability().isEmpty()).isTrue();
        assertThat(core.warnings()).singleElement().asString()
                .contains("NT_PRSTATUS of LWP 15821", "336 bytes", "riscv:rv64 needs 376", "unavailable");
    }

    @Test
    void threadsComeInNoteOrderAndEachKeepsItsOwnFollowingNotes() {
        long[] a = distinct(27), b = distinct(27);
        a[21] = 0x7000; // fs_base
        b[21] = 0x8000;
        CoreFile core = SyntheticCore.x86_64()
                .note("CORE", Elf.NT_PRPSINFO, prpsinfo(true, LE, 500, "p", "p"))
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 4, 503, words(true, LE, a)))
                .note("CORE", Elf.NT_SIGINFO, words(true, LE, 4 /* signo 4, errno 0 */, 2 /* si_code */, 0xdead))
                .note("CORE", Elf.NT_PRSTATUS, prstatus(true, LE, 0, 500, words(true, LE, b)))
                .open();
        assertThat(core.threads()).extracting(CoreThread::number, CoreThread::lwp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 503L),
                        org.assertj.core.groups.Tuple.tuple(2, 500L));
        assertThat(core.threads().get(0).registers().get("fs_base")).contains(0x7000L);
        assertThat(core.threads().get(1).registers().get("fs_base")).contains(0x8000L);
        assertThat(core.pid()).as("NT_PRPSINFO's pid, not the first thread's").isEqualTo(500);
        assertThat(core.threads().get(0).signalInfo()).get().satisfies(si -> {
            assertThat(si.signal()).isEqualTo(4);
            assertThat(si.code()).isEqualTo(2);
            assertThat(si.faultAddress()).hasValue(0xdead);
        });
        assertThat(core.threads().get(1).signalInfo()).isEmpty();
    }

    @Test
    void ntFileMappingsWithOffsetsInBytesAndABogusCountIsIgnored() {
        byte[] files = SyntheticCore.fileNote(true, LE, 4096,
                new long[][] {{0x400000, 0x401000, 0}, {0x401000, 0x403000, 1}, {0x7f0000, 0x7f1000, 5}},
                "/bin/prog", "/bin/prog", "/lib/libc.so.6");
        CoreFile core = SyntheticCore.x86_64().note("CORE", Elf.NT_FILE, files).open();
        assertThat(core.fileMappings()).containsExactly(
                new FileMapping(0x400000, 0x401000, 0, "/bin/prog"),
                new FileMapping(0x401000, 0x403000, 4096, "/bin/prog"),
                new FileMapping(0x7f0000, 0x7f1000, 5 * 4096, "/lib/libc.so.6"));
        assertThat(core.fileMappingPageSize()).isEqualTo(4096);
        assertThat(core.mappingAt(0x402fff)).map(FileMapping::fileOffset).contains(4096L);
        assertThat(core.libcHint()).contains(dev.tldb.abi.Libc.GLIBC);

        ByteBuffer bogus = ByteBuffer.wrap(files.clone()).order(LE);
        bogus.putLong(0, 1L << 40);
        CoreFile bad = SyntheticCore.x86_64().note("CORE", Elf.NT_FILE, bogus.array()).open();
        assertThat(bad.fileMappings()).isEmpty();
        assertThat(bad.warnings()).anyMatch(w -> w.contains("NT_FILE") && w.contains("claims 1099511627776"));
    }

    @Test
    void aCoreWithoutThreadsSaysSo() {
        CoreFile core = SyntheticCore.x86_64().open();
        assertThat(core.threads()).isEmpty();
        assertThat(core.warnings()).anyMatch(w -> w.contains("no NT_PRSTATUS"));
        CoreTarget target = new CoreTarget(core);
        assertThat(target.threads()).hasSize(1);
        assertThat(target.registers(target.threads().get(0)).availability().isEmpty()).isTrue();
    }

    @Test
    void unknownNotesAreNamedByOwnerAndType() {
        CoreFile core = SyntheticCore.x86_64().note("XYZ", 0x77, new byte[4]).open();
        assertThat(core.noteNames()).isEqualTo(List.of("XYZ 0x77"));
        assertThat(Optional.of(core.auxv().isEmpty())).contains(true);
    }
}
