package dev.tldb.threaddb;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The thread layer over memory laid out by hand from TLS-FACTS.md section 2 (the table is encoded
 * here independently of {@link Abi}): for each architecture and C library, a thread pointer in the
 * register gdb reads it from, a DTV pointer where the table says, DTV entries in the libc's
 * format, and two modules, one allocated and one not.
 */
class SyntheticTlsTest {

    /** One row of TLS-FACTS section 2, as the test's own data. */
    record Row(Arch arch, Libc libc, Map<String, Long> tpRegisters, long tp, long dtvPointerAt, int entrySize,
               long dtpOffset) {}

    private static final long TP = 0x7f00_0000_1000L;
    private static final long TP32 = 0x4000_1000L;

    static Stream<Arguments> rows() {
        return Stream.of(
                // arch, libc, registers holding the TP, TP, DTV pointer address, DTV entry size, DTP offset
                new Row(Arch.X86_64, Libc.GLIBC, Map.of("fs_base", TP), TP, TP + 8, 16, 0),
                new Row(Arch.X86_64, Libc.MUSL, Map.of("fs_base", TP), TP, TP + 8, 8, 0),
                new Row(Arch.I386, Libc.GLIBC, Map.of("gs_base", TP32), TP32, TP32 + 4, 8, 0),
                new Row(Arch.I386, Libc.MUSL, Map.of("gs_base", TP32), TP32, TP32 + 4, 4, 0),
                new Row(Arch.AARCH64, Libc.GLIBC, Map.of("tpidr", TP), TP, TP, 16, 0),
                new Row(Arch.AARCH64, Libc.MUSL, Map.of("tpidr", TP), TP, TP - 8, 8, 0),
                // riscv64 glibc: DTV entries are plain block starts (elf/dl-tls.c stores
                // dtv[modid].pointer.val = dest); TLS_DTV_OFFSET 0x800 is added to the GOT offset
                // by __tls_get_addr (sysdeps/riscv/dl-tls.h GET_ADDR_OFFSET), never stored. musl
                // stores dtv[i] = block + DTP_OFFSET (__copy_tls). TLS-FACTS section 2 says glibc's
                // entries are biased; the sources and the riscv64 samples say they are not.
                new Row(Arch.RISCV64, Libc.GLIBC, Map.of("tp", TP), TP, TP - 16, 16, 0),
                new Row(Arch.RISCV64, Libc.MUSL, Map.of("tp", TP), TP, TP - 8, 8, 0x800),
                new Row(Arch.PPC64LE, Libc.GLIBC, Map.of("r13", TP), TP, TP - 0x7000 - 8, 16, 0),
                new Row(Arch.PPC64LE, Libc.MUSL, Map.of("r13", TP), TP, TP - 0x7000 - 8, 8, 0x8000),
                // s390x: the TP is (acr0 << 32) | acr1
                new Row(Arch.S390X, Libc.GLIBC, Map.of("acr0", TP >>> 32, "acr1", TP & 0xffff_ffffL), TP, TP + 8, 16, 0),
                new Row(Arch.S390X, Libc.MUSL, Map.of("acr0", TP >>> 32, "acr1", TP & 0xffff_ffffL), TP, TP + 8, 8, 0))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void resolvesAllocatedBlocksAndReportsUnallocatedOnes(Row row) {
        Abi abi = new Abi(row.arch(), row.libc());
        SyntheticProcess proc = new SyntheticProcess(abi);

        // Memory around the TP (covers the DTV pointer slot on either side) and a DTV elsewhere.
        long tpArea = row.tp() - 0x8000;
        ByteBuffer tpMem = proc.map(tpArea, 0x10000);
        long dtvArea = row.tp() + 0x20000;
        ByteBuffer dtvMem = proc.map(dtvArea, 0x1000);
        long dtv = dtvArea + 0x100; // glibc's TCB points at dtv+1 of the array: dtv[-1] is readable below

        long block1 = row.tp() + 0x40000; // module 1's block
        proc.putPointer(tpMem, tpArea, row.dtvPointerAt(), dtv);
        if (row.libc() == Libc.GLIBC) {
            proc.putPointer(dtvMem, dtvArea, dtv - row.entrySize(), 2); // dtv[-1].counter: length
            proc.putPointer(dtvMem, dtvArea, dtv, 1); // dtv[0].counter: generation
            proc.putPointer(dtvMem, dtvArea, dtv + row.entrySize(), block1); // dtv[1].val
            proc.putPointer(dtvMem, dtvArea, dtv + 2L * row.entrySize(), -1L); // dtv[2]: TLS_DTV_UNALLOCATED
        } else {
            proc.putPointer(dtvMem, dtvArea, dtv, 1); // dtv[0]: one module installed in this thread
            proc.putPointer(dtvMem, dtvArea, dtv + row.entrySize(), block1 + row.dtpOffset());
        }
        ThreadInfo thread = proc.addThread(4242, row.tpRegisters());
        proc.addModule(new Module("/bin/prog", 0, 0, 0, OptionalLong.of(1), Optional.empty(), true));
        proc.addModule(new Module("/lib/libplugin.so", 0x5000_0000L, 0x6000_0000L, 0, OptionalLong.of(2),
                Optional.empty(), false));

        TargetStack stack = new TargetStack().push(proc).push(new ThreadDbLayer());
        Module prog = stack.modules().get(0), plugin = stack.modules().get(1);

        assertThat(stack.tlsAddress(thread, prog, 0x10)).isEqualTo(block1 + 0x10);
        assertThatThrownBy(() -> stack.tlsAddress(thread, plugin, 0))
                .isInstanceOfSatisfying(TlsException.class, e -> {
                    assertThat(e.error()).isEqualTo(TdError.TD_NOTALLOC);
                    assertThat(e.getMessage()).contains("libplugin.so").contains("LWP 4242");
                });
        assertThat(stack.capability(TlsInspector.class).orElseThrow().dtvAddress(thread)).isEqualTo(dtv);
    }
}
