package dev.tldb.abi;

import java.nio.ByteOrder;

/**
 * An architecture × C library: where a thread's DTV pointer is relative to its thread pointer, how
 * DTV entries are laid out, the DTP offset to subtract from an entry, and where static TLS blocks
 * sit. This is what {@code tls_get_addr} needs beyond memory. Facts from TLS-FACTS.md section 2
 * (glibc {@code sysdeps/.../nptl/tls.h}, musl {@code arch/.../pthread_arch.h}).
 */
public record Abi(Arch arch, Libc libc) {

    public int pointerSize() {
        return arch.pointerSize();
    }

    public ByteOrder order() {
        return arch.order();
    }

    public TlsVariant tlsVariant() {
        return arch.tlsVariant();
    }

    /**
     * The thread pointer's bias: ppc64 points r13 0x7000 bytes past the end of the TCB (so that
     * signed 16-bit displacements reach 64 KiB of TLS); everyone else points at the TCB.
     */
    public long tpBias() {
        return arch == Arch.PPC64LE ? 0x7000 : 0;
    }

    /** Where the thread's DTV pointer is stored, given the thread pointer. */
    public long dtvPointerAddress(long tp) {
        int p = pointerSize();
        return switch (arch) {
            case X86_64, I386, S390X -> tp + p; // tcbhead_t / struct pthread: {self, dtv, ...}
            case AARCH64 -> libc == Libc.GLIBC ? tp : tp - p; // glibc tcbhead_t {dtv, private} at TP; musl: last word of struct pthread
            case RISCV64 -> libc == Libc.GLIBC ? tp - 2L * p : tp - p; // glibc tcbhead_t ends at TP
            case PPC64LE -> tp - tpBias() - p;
        };
    }

    /**
     * Size of one DTV entry: glibc's {@code dtv_t} is {@code {void *val; void *to_free}} (two
     * words); musl's is one word.
     */
    public int dtvEntrySize() {
        return libc == Libc.GLIBC ? 2 * pointerSize() : pointerSize();
    }

    /** Address of DTV entry {@code index} (glibc: 0 is the generation; musl: 0 is the entry count). */
    public long dtvEntryAddress(long dtv, long index) {
        return dtv + index * dtvEntrySize();
    }

    /**
     * What to subtract from a DTV entry to get the block start: musl stores entries biased by
     * DTP_OFFSET (0x800 on riscv, 0x8000 on ppc64), glibc stores plain block addresses.
     */
    public long dtpOffset() {
        if (libc == Libc.GLIBC) {
            return 0;
        }
        return switch (arch) {
            case RISCV64 -> 0x800;
            case PPC64LE -> 0x8000;
            default -> 0;
        };
    }

    /**
     * The block of a module with static TLS at {@code l_tls_offset}: variant II counts down from
     * the thread pointer, variant I counts up from the end of the TCB (glibc's
     * {@code td_thr_tlsbase}: {@code tp - offset} or {@code pd + offset + TLS_PRE_TCB_SIZE}).
     */
    public long staticTlsBlock(long tp, long tlsOffset) {
        return tlsVariant() == TlsVariant.II ? tp - tlsOffset : tp - tpBias() + tlsOffset;
    }

    /**
     * glibc's {@code NO_TLS_OFFSET}, the {@code l_tls_offset} of a module without static TLS: -1
     * where offset 0 is a real place, the first static block (riscv and powerpc, whose
     * {@code TLS_TCB_SIZE} is 0), else 0 (include/link.h's default; aarch64's first block starts
     * after its 16-byte TCB, variant II counts down from the TP).
     */
    public long glibcNoTlsOffset() {
        return arch == Arch.RISCV64 || arch == Arch.PPC64LE ? -1 : 0;
    }

    /** glibc's {@code FORCED_DYNAMIC_TLS_OFFSET}: -1, or -2 where {@link #glibcNoTlsOffset} is -1. */
    public long glibcForcedDynamicTlsOffset() {
        return glibcNoTlsOffset() == 0 ? -1 : -2;
    }

    /** {@code x86-64 glibc}. */
    public String describe() {
        return arch.gdbName() + " " + libc.displayName();
    }
}
