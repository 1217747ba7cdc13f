package dev.tldb.threaddb;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.elf.ElfFile;
import dev.tldb.target.Module;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * glibc's {@code td_thr_tlsbase} on every architecture, over synthetic memory and a synthetic
 * libc that exports {@code _thread_db_*} descriptors: DTV generations, unallocated entries and
 * the fall-back to static TLS through {@code l_tls_offset}, whose placement differs per TLS
 * variant and whose "no offset" markers differ per architecture.
 *
 * <p>Each row is written from glibc's own definitions (sysdeps/ARCH/nptl/tls.h, nptl_db/db_info.c,
 * include/link.h), independently of {@link Abi}: where the thread descriptor {@code pd} is
 * relative to the TP ({@code DB_THREAD_SELF}), {@code TLS_PRE_TCB_SIZE}, the DTV pointer's offset
 * in {@code struct pthread} ({@code _thread_db_pthread_dtvp}), and {@code NO_TLS_OFFSET} (0, or
 * -1 on riscv and powerpc, where offset 0 is the first static block because
 * {@code TLS_TCB_SIZE} is 0) with {@code FORCED_DYNAMIC_TLS_OFFSET} (-1, or -2 there). The
 * expected static block is td_thr_tlsbase's formula: {@code pd - l_tls_offset} with the TCB at
 * the TP, {@code pd + l_tls_offset + TLS_PRE_TCB_SIZE} with the DTV at it.
 */
class SyntheticGlibcTlsTest {

    /**
     * One architecture's glibc layout.
     *
     * @param tpRegisters  the registers that hold a given TP (gdb's names)
     * @param tcbAtTp      TLS_TCB_AT_TP (variant II) rather than TLS_DTV_AT_TP
     * @param pdFromTp     DB_THREAD_SELF: where struct pthread starts, from the TP
     * @param preTcbSize   TLS_PRE_TCB_SIZE (variant I)
     * @param dtvp         _thread_db_pthread_dtvp's offset
     * @param noTlsOffset  NO_TLS_OFFSET
     * @param exeTlsOffset the executable's l_tls_offset (the first static block)
     * @param threadSelf   how the libc tells libthread_db to find pd (a descriptor or constant), applied to the ELF
     */
    record Row(Arch arch, LongFunction<Map<String, Long>> tpRegisters, boolean tcbAtTp, long pdFromTp,
               long preTcbSize, int dtvp, long noTlsOffset, long exeTlsOffset,
               java.util.function.Consumer<SyntheticElf> threadSelf) {
        @Override
        public String toString() {
            return arch.name().toLowerCase(java.util.Locale.ROOT);
        }

        long forcedDynamic() {
            return noTlsOffset == 0 ? -1 : -2; // include/link.h
        }

        /** td_thr_tlsbase's static block. */
        long staticBlock(long tp, long tlsOffset) {
            long pd = tp + pdFromTp;
            return tcbAtTp ? pd - tlsOffset : pd + tlsOffset + preTcbSize;
        }
    }

    private static final long PTHREAD = 0x700; // sizeof (struct pthread), any plausible size
    private static final long PPC_TCB = 0x50;  // sizeof (tcbhead_t) on powerpc64, dtv its last word

    static Stream<Arguments> rows() {
        return Stream.of(
                // x86-64: tcbhead_t {tcb, dtv, self} at the TP = struct pthread; CONST_THREAD_AREA (64, FS)
                new Row(Arch.X86_64, tp -> Map.of("fs_base", tp), true, 0, 0, 8, 0, 0x40,
                        e -> e.constant("const_thread_area", 25)),
                // i386: same header, 4-byte words; the TP comes from the GDT entry of %gs
                new Row(Arch.I386, tp -> Map.of("gs_base", tp), true, 0, 0, 4, 0, 0x20, e -> { }),
                // s390x: the TP is acr0:acr1; REGISTER (64, 64, 18 * 8, 0)
                new Row(Arch.S390X, tp -> Map.of("acr0", tp >>> 32, "acr1", tp & 0xffff_ffffL), true, 0, 0, 8, 0, 0x40,
                        e -> e.descriptor("register64", 64, 0, 18 * 8)),
                // aarch64: tcbhead_t {dtv, private} at the TP, struct pthread just below;
                // CONST_THREAD_AREA (64, sizeof (struct pthread)); TLS_TCB_SIZE 16, so the first block is at 16
                new Row(Arch.AARCH64, tp -> Map.of("tpidr", tp), false, -PTHREAD, PTHREAD, (int) PTHREAD, 0, 16,
                        e -> e.constant("const_thread_area", (int) PTHREAD)),
                // riscv64: tcbhead_t {dtv, private} just below the TP (TLS_TCB_SIZE 0);
                // REGISTER (64, 64, 4 * 8, - TLS_TCB_OFFSET - TLS_PRE_TCB_SIZE); NO_TLS_OFFSET -1
                new Row(Arch.RISCV64, tp -> Map.of("tp", tp), false, -(PTHREAD + 16), PTHREAD + 16, (int) PTHREAD, -1, 0,
                        e -> e.descriptor("register64", 64, (int) -(PTHREAD + 16), 4 * 8)),
                // ppc64: r13 = TCB end + 0x7000 (TLS_TCB_OFFSET), tcbhead_t ends there with dtv;
                // REGISTER (64, 64, PT_THREAD_POINTER * 8, - TLS_TCB_OFFSET - TLS_PRE_TCB_SIZE); NO_TLS_OFFSET -1
                new Row(Arch.PPC64LE, tp -> Map.of("r13", tp), false, -(0x7000 + PTHREAD + PPC_TCB), PTHREAD + PPC_TCB,
                        (int) (PTHREAD + PPC_TCB - 8), -1, 0,
                        e -> e.descriptor("register64", 64, (int) -(0x7000 + PTHREAD + PPC_TCB), 13 * 8)))
                .map(Arguments::of);
    }

    // Addresses below 4 GiB so that the i386 row can use them too.
    private static final long TP_A = 0x4000_1000L, TP_B = 0x4002_1000L;
    private static final long THREADS = 0x3ffe_0000L, DATA = 0x5000_0000L, LIBC_BIAS = 0x6000_0000L;
    private static final long UNALLOCATED = -1; // TLS_DTV_UNALLOCATED

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void followsGenerationsUnallocatedEntriesAndStaticTlsAsTdThrTlsbase(Row row) {
        Abi abi = new Abi(row.arch(), Libc.GLIBC);
        int p = abi.pointerSize();
        SyntheticProcess proc = new SyntheticProcess(abi);
        Memory threads = new Memory(proc, THREADS, 0x60000, p);
        Memory data = new Memory(proc, DATA, 0x4000, p);

        // The libc: layout descriptors (db_info.c) for the structures below, and the slotinfo list head.
        SyntheticElf libcFile = new SyntheticElf(row.arch())
                .descriptor("pthread_dtvp", 8 * p, 1, row.dtvp())
                .descriptor("dtv_dtv", 16 * p, Integer.MAX_VALUE / (2 * p), 0)
                .descriptor("dtv_t_pointer_val", 8 * p, 1, 0)
                .descriptor("dtv_t_counter", 8 * p, 1, 0)
                .descriptor("link_map_l_tls_modid", 8 * p, 1, 4 * p)
                .descriptor("link_map_l_tls_offset", 8 * p, 1, 5 * p)
                .descriptor("dtv_slotinfo_list_len", 8 * p, 1, 0)
                .descriptor("dtv_slotinfo_list_next", 8 * p, 1, p)
                .descriptor("dtv_slotinfo_list_slotinfo", 16 * p, 8, 2 * p)
                .descriptor("dtv_slotinfo_gen", 8 * p, 1, 0)
                .descriptor("dtv_slotinfo_map", 8 * p, 1, p)
                .variable("_dl_tls_dtv_slotinfo_list");
        row.threadSelf().accept(libcFile);
        ElfFile libc = libcFile.build("libc.so.6");
        Memory libcData = new Memory(proc, LIBC_BIAS + SyntheticElf.BASE, 0x1000, p);

        // Four TLS modules: the executable (static TLS), a dlopen'ed library with dynamic TLS, one
        // that got static TLS when dlopen'ed (an initial-exec library), one marked NO_TLS_OFFSET.
        long ieTlsOffset = 0x200;
        long lmExe = DATA + 0x2000, lmDyn = lmExe + 0x100, lmIe = lmDyn + 0x100, lmNone = lmIe + 0x100;
        long[][] maps = {{lmExe, 1, row.exeTlsOffset()}, {lmDyn, 2, row.forcedDynamic()}, {lmIe, 3, ieTlsOffset},
                {lmNone, 4, row.noTlsOffset()}};
        for (long[] m : maps) {
            data.word(m[0] + 4L * p, m[1]);
            data.word(m[0] + 5L * p, m[2]);
        }
        // _dl_tls_dtv_slotinfo_list: one chunk {len, next, slotinfo[] = {gen, map}}; the dlopen'ed
        // libraries came at generations 1 and 2.
        long slotinfo = DATA + 0x1000;
        libcData.word(LIBC_BIAS + libcFile.address("_dl_tls_dtv_slotinfo_list"), slotinfo);
        data.word(slotinfo, 5);
        data.word(slotinfo + p, 0);
        long[][] slots = {{0, 0}, {0, lmExe}, {1, lmDyn}, {2, lmIe}, {2, lmNone}};
        for (int i = 0; i < slots.length; i++) {
            data.word(slotinfo + 2L * p + 2L * p * i, slots[i][0]);
            data.word(slotinfo + 2L * p + 2L * p * i + p, slots[i][1]);
        }

        // Thread A last updated its DTV at generation 1: it has the executable and the dynamic
        // library's (unallocated) slot; its slot 3 is stale garbage that must not be read.
        long exeBlockA = row.staticBlock(TP_A, row.exeTlsOffset());
        long dtvA = dtv(threads, data, DATA + 0x100, TP_A, row, 1, exeBlockA, UNALLOCATED, 0xdead0L, 0xdead0L);
        // Thread B is at generation 2, has the dynamic library allocated, the IE library in its
        // slot, and (as after a failed allocation) the executable's entry unallocated: glibc falls
        // back to the executable's static block, which on riscv and powerpc is at l_tls_offset 0.
        long dynBlockB = THREADS + 0x50000, ieBlockB = row.staticBlock(TP_B, ieTlsOffset);
        dtv(threads, data, DATA + 0x400, TP_B, row, 2, UNALLOCATED, dynBlockB, ieBlockB, UNALLOCATED);

        ThreadInfo a = proc.addThread(101, row.tpRegisters().apply(TP_A));
        ThreadInfo b = proc.addThread(102, row.tpRegisters().apply(TP_B));
        Module exe = new Module("/bin/prog", 0, lmExe, 0, OptionalLong.of(1), Optional.empty(), true);
        Module dyn = new Module("/lib/libdyn.so", 0, lmDyn, 0, OptionalLong.of(2), Optional.empty(), false);
        Module ie = new Module("/lib/libie.so", 0, lmIe, 0, OptionalLong.of(3), Optional.empty(), false);
        Module none = new Module("/lib/libnone.so", 0, lmNone, 0, OptionalLong.of(4), Optional.empty(), false);
        Module libcModule = new Module("/lib/libc.so.6", LIBC_BIAS, DATA + 0x3000, 0, OptionalLong.empty(),
                Optional.of(libc), false);
        for (Module m : new Module[] {exe, dyn, ie, none, libcModule}) {
            proc.addModule(m);
        }
        TargetStack stack = new TargetStack().push(proc).push(new ThreadDbLayer());
        TlsInspector inspector = stack.capability(TlsInspector.class).orElseThrow();

        assertThat(stack.tlsAddress(a, exe, 0x10)).as("A: executable, allocated").isEqualTo(exeBlockA + 0x10);
        assertNotAllocated(stack, a, dyn);
        assertThat(stack.tlsAddress(a, ie, 8)).as("A: DTV older than the module: static block through l_tls_offset")
                .isEqualTo(row.staticBlock(TP_A, ieTlsOffset) + 8);
        assertNotAllocated(stack, a, none);

        assertThat(stack.tlsAddress(b, exe, 0x10)).as("B: executable's entry unallocated: its static block")
                .isEqualTo(row.staticBlock(TP_B, row.exeTlsOffset()) + 0x10);
        assertThat(stack.tlsAddress(b, dyn, 4)).as("B: dynamic library, allocated").isEqualTo(dynBlockB + 4);
        assertThat(stack.tlsAddress(b, ie, 0)).as("B: IE library from its DTV slot").isEqualTo(ieBlockB);

        assertThat(inspector.threadDbDescription()).contains("libc.so.6's _thread_db_* descriptors");
        assertThat(inspector.threadDbWarnings()).as("descriptors and the ABI agree on the DTV pointer").isEmpty();
        assertThat(inspector.dtvAddress(a)).isEqualTo(dtvA);
    }

    /**
     * Writes a thread's DTV ({@code dtv[-1]} = length, {@code dtv[0]} = generation, then entries
     * 1..4) at {@code at} and points the thread's DTV pointer (pd + dtvp) at {@code dtv[0]}.
     */
    private static long dtv(Memory threads, Memory data, long at, long tp, Row row, long generation, long... entries) {
        int p = data.pointerSize;
        long dtv = at + 2L * p;
        data.word(dtv - 2L * p, entries.length);
        data.word(dtv, generation);
        for (int i = 0; i < entries.length; i++) {
            data.word(dtv + 2L * p * (i + 1), entries[i]);
        }
        threads.word(tp + row.pdFromTp() + row.dtvp(), dtv);
        return dtv;
    }

    private static void assertNotAllocated(TargetStack stack, ThreadInfo t, Module m) {
        assertThatThrownBy(() -> stack.tlsAddress(t, m, 0)).as("%s in LWP %d", m.shortName(), t.lwp())
                .isInstanceOfSatisfying(TlsException.class, e -> {
                    assertThat(e.error()).isEqualTo(TdError.TD_NOTALLOC);
                    assertThat(e.getMessage()).contains(m.shortName()).contains("LWP " + t.lwp());
                });
    }

    /** Writable synthetic memory with pointer-sized stores. */
    private static final class Memory {
        final SyntheticProcess proc;
        final long start;
        final ByteBuffer bytes;
        final int pointerSize;

        Memory(SyntheticProcess proc, long start, int size, int pointerSize) {
            this.proc = proc;
            this.start = start;
            this.bytes = proc.map(start, size);
            this.pointerSize = pointerSize;
        }

        void word(long address, long value) {
            proc.putPointer(bytes, start, address, value);
        }
    }
}
