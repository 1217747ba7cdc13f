package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.target.Target;
import dev.tldb.target.ThreadInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The TCB → DTV → block walk of TLS-FACTS.md section 2, coded here from the table and nothing
 * else (not through {@code Abi}, not through the thread layer): what gdb 17's built-in TLS lookup
 * does with raw memory reads. Tests compare its answers with the thread layer's.
 */
final class IndependentTlsWalk {
    /** One row of the table: TP register, DTV pointer offset from TP, entry size, DTP offset. */
    record Row(String tpRegister, long dtvPointerOffset, int entrySize, long dtpOffset, boolean glibc) {}

    static Row row(Arch arch, Libc libc) {
        boolean g = libc == Libc.GLIBC;
        return switch (arch) {
            case X86_64 -> new Row("fs_base", 8, g ? 16 : 8, 0, g);
            case AARCH64 -> new Row("tpidr", g ? 0 : -8, g ? 16 : 8, 0, g);
            case RISCV64 -> new Row("tp", g ? -16 : -8, g ? 16 : 8, g ? 0 : 0x800, g);
            default -> throw new IllegalArgumentException(arch.name());
        };
    }

    private final Target process;
    private final Row row;

    IndependentTlsWalk(Target process, Arch arch, Libc libc) {
        this.process = process;
        this.row = row(arch, libc);
    }

    long threadPointer(ThreadInfo t) {
        return process.registers(t).get(row.tpRegister()).orElseThrow();
    }

    long dtv(ThreadInfo t) {
        return process.readPointer(threadPointer(t) + row.dtvPointerOffset());
    }

    /** glibc: {@code dtv[-1].counter}; musl: {@code dtv[0]}. */
    long length(ThreadInfo t) {
        long dtv = dtv(t);
        return row.glibc() ? process.readPointer(dtv - row.entrySize()) : process.readPointer(dtv);
    }

    /** glibc's {@code dtv[0].counter}. */
    long generation(ThreadInfo t) {
        return process.readPointer(dtv(t));
    }

    /** The block of module {@code modid}, or empty when the DTV says it is not allocated (or is too short). */
    OptionalLong block(ThreadInfo t, long modid) {
        long dtv = dtv(t);
        if (modid > length(t)) {
            return OptionalLong.empty();
        }
        long val = process.readPointer(dtv + modid * row.entrySize());
        if (row.glibc() && (val == -1 || val == 0)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(val - row.dtpOffset());
    }

    /**
     * The loaded modules' names in link-map order, walked from the executable's DT_DEBUG through
     * {@code r_debug.r_map} and the public {@code link_map} fields ({@code l_name}, {@code l_next}).
     */
    List<long[]> linkMaps(long dynamicAddress) {
        int ps = 8;
        long rDebug = 0;
        for (long at = dynamicAddress; ; at += 2L * ps) {
            long tag = process.readPointer(at);
            if (tag == 0) {
                break;
            }
            if (tag == 21) { // DT_DEBUG
                rDebug = process.readPointer(at + ps);
            }
        }
        List<long[]> out = new ArrayList<>();
        if (rDebug == 0) {
            return out;
        }
        long lm = process.readPointer(rDebug + ps);
        for (int guard = 0; lm != 0 && guard < 100_000; guard++) {
            out.add(new long[] {lm, process.readPointer(lm), process.readPointer(lm + ps)}); // lm, l_addr, l_name
            lm = process.readPointer(lm + 3L * ps);
        }
        return out;
    }

    String cString(long address) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4096; i++) {
            int c = (int) process.readUnsigned(address + i, 1);
            if (c == 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
