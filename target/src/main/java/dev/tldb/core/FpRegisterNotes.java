package dev.tldb.core;

import dev.tldb.abi.Registers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Floating-point and vector registers from a thread's FP note, for the layouts tldb decodes:
 * the x86 FXSAVE area (x86-64 NT_PRFPREG, i386 NT_PRXFPREG: {@code struct user_i387_struct} /
 * {@code user_fxsr_struct}) and aarch64's {@code struct user_fpsimd_state} (NT_PRFPREG). Other
 * architectures' FP registers stay unavailable.
 */
final class FpRegisterNotes {
    /** Size of the legacy FXSAVE area. */
    static final int FXSAVE_SIZE = 512;
    /** {@code struct user_fpsimd_state}: 32 x 128-bit, fpsr, fpcr, 8 reserved bytes. */
    static final int FPSIMD_SIZE = 528;

    private FpRegisterNotes() {}

    /**
     * x87 and SSE registers from an FXSAVE image, as gdb's {@code i387_supply_fxsave} presents
     * them: the 16-bit control words zero-extended, {@code fop} cut to its 11 bits, and the full
     * i387 tag word rebuilt from FXSAVE's one-bit-per-register abridged form and the registers.
     */
    static void supplyFxsave(ByteBuffer area, Registers regs, int xmmCount) {
        ByteBuffer a = area.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int fstat = a.getShort(2) & 0xffff;
        set(regs, "fctrl", a.getShort(0) & 0xffff);
        set(regs, "fstat", fstat);
        set(regs, "ftag", fullTagWord(a, a.get(4) & 0xff, (fstat >> 11) & 7));
        set(regs, "fop", a.getShort(6) & 0x7ff);
        set(regs, "fioff", a.getInt(8) & 0xffff_ffffL);
        set(regs, "fiseg", a.getShort(12) & 0xffff);
        set(regs, "fooff", a.getInt(16) & 0xffff_ffffL);
        set(regs, "foseg", a.getShort(20) & 0xffff);
        set(regs, "mxcsr", a.getInt(24) & 0xffff_ffffL);
        for (int i = 0; i < 8; i++) {
            setRaw(regs, "st" + i, a, 32 + 16 * i, 10);
        }
        for (int i = 0; i < xmmCount; i++) {
            setRaw(regs, "xmm" + i, a, 160 + 16 * i, 16);
        }
    }

    /**
     * The i387 tag word (two bits per physical register: 0 valid, 1 zero, 2 special, 3 empty)
     * from FXSAVE's abridged tag (one bit per physical register: in use or empty). The stack
     * slots are stored from ST(0), and physical register r is ST((r - top) mod 8).
     */
    static int fullTagWord(ByteBuffer a, int abridged, int top) {
        int tag = 0;
        for (int r = 0; r < 8; r++) {
            int t;
            if ((abridged & (1 << r)) == 0) {
                t = 3;
            } else {
                int st = (r - top) & 7;
                t = classify(a, 32 + 16 * st);
            }
            tag |= t << (2 * r);
        }
        return tag;
    }

    /** The tag of one 80-bit register: exponent all ones or an unnormal is special; all zero is zero or denormal. */
    private static int classify(ByteBuffer a, int at) {
        long mantissa = a.getLong(at);
        int exponent = a.getShort(at + 8) & 0x7fff;
        boolean integerBit = mantissa < 0;
        if (exponent == 0x7fff) {
            return 2;
        }
        if (exponent == 0) {
            return mantissa == 0 ? 1 : 2;
        }
        return integerBit ? 0 : 2;
    }

    /** aarch64: v0-v31, fpsr, fpcr. */
    static void supplyFpsimd(ByteBuffer area, Registers regs) {
        ByteBuffer a = area.duplicate().order(regs.order());
        for (int i = 0; i < 32; i++) {
            setRaw(regs, "v" + i, a, 16 * i, 16);
        }
        set(regs, "fpsr", a.getInt(512) & 0xffff_ffffL);
        set(regs, "fpcr", a.getInt(516) & 0xffff_ffffL);
    }

    private static void set(Registers regs, String name, long value) {
        regs.layout().indexOf(name).ifPresent(i -> regs.set(i, value));
    }

    private static void setRaw(Registers regs, String name, ByteBuffer a, int at, int size) {
        regs.layout().indexOf(name).ifPresent(i -> {
            if (regs.layout().get(i).byteSize() == size) {
                byte[] v = new byte[size];
                a.get(at, v);
                regs.setRaw(i, v);
            }
        });
    }
}
