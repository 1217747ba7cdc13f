package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.FormatException;

import dev.tldb.elf.Segment;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Recognises the location expression compilers write for a thread-local variable: one constant
 * (the variable's offset in its module's TLS block) followed by {@code DW_OP_form_tls_address}
 * (0x9b) or {@code DW_OP_GNU_push_tls_address} (0xe0). Split DWARF puts the constant in
 * {@code .debug_addr} ({@code DW_OP_GNU_const_index}, {@code DW_OP_constx}, also the addr forms).
 *
 * <p>This decodes exactly two operations so that the name index can flag TLS variables without
 * the expression evaluator (package {@code dev.tldb.dwarf.expr}), which handles everything else.
 */
public final class TlsExpression {
    public static final int DW_OP_FORM_TLS_ADDRESS = 0x9b;
    public static final int DW_OP_GNU_PUSH_TLS_ADDRESS = 0xe0;

    private static final int DW_OP_ADDR = 0x03;
    private static final int DW_OP_CONST1U = 0x08;
    private static final int DW_OP_CONST1S = 0x09;
    private static final int DW_OP_CONST2U = 0x0a;
    private static final int DW_OP_CONST2S = 0x0b;
    private static final int DW_OP_CONST4U = 0x0c;
    private static final int DW_OP_CONST4S = 0x0d;
    private static final int DW_OP_CONST8U = 0x0e;
    private static final int DW_OP_CONST8S = 0x0f;
    private static final int DW_OP_CONSTU = 0x10;
    private static final int DW_OP_CONSTS = 0x11;
    private static final int DW_OP_ADDRX = 0xa1;
    private static final int DW_OP_CONSTX = 0xa2;
    private static final int DW_OP_GNU_ADDR_INDEX = 0xfb;
    private static final int DW_OP_GNU_CONST_INDEX = 0xfc;

    private TlsExpression() {}

    /** Whether the expression has the TLS shape: a constant operation, then a TLS operation, nothing after. */
    public static boolean isTls(byte[] expr) {
        if (expr.length < 2) {
            return false;
        }
        int last = expr[expr.length - 1] & 0xff;
        return (last == DW_OP_FORM_TLS_ADDRESS || last == DW_OP_GNU_PUSH_TLS_ADDRESS) && isConstantOp(expr[0] & 0xff);
    }

    private static boolean isConstantOp(int op) {
        return switch (op) {
            case DW_OP_ADDR, DW_OP_CONST1U, DW_OP_CONST1S, DW_OP_CONST2U, DW_OP_CONST2S, DW_OP_CONST4U,
                    DW_OP_CONST4S, DW_OP_CONST8U, DW_OP_CONST8S, DW_OP_CONSTU, DW_OP_CONSTS, DW_OP_ADDRX,
                    DW_OP_CONSTX, DW_OP_GNU_ADDR_INDEX, DW_OP_GNU_CONST_INDEX -> true;
            default -> false;
        };
    }

    /**
     * The variable's offset in its module's TLS block: {@link #offset} corrected for producers
     * that store the variable's link-time address instead of its offset. gcc 12 does that for split
     * DWARF (the .o relocates the {@code .debug_addr} slot with R_X86_64_64, not DTPOFF64, so the
     * slot holds {@code PT_TLS.p_vaddr + offset}; gdb 13 prints wrong values for such variables),
     * and LLDB reports the same for riscv64 glibc. A value inside {@code [p_vaddr, p_vaddr+memsz)}
     * is taken as an address when that range cannot hold offsets ({@code p_vaddr >= memsz}).
     */
    public static OptionalLong blockOffset(Unit unit, byte[] expr) {
        OptionalLong raw = offset(unit, expr);
        if (raw.isEmpty()) {
            return raw;
        }
        DwarfInfo module = unit.skeleton().map(Unit::dwarf).orElse(unit.dwarf());
        Optional<Segment> tls = module.elf().tlsSegment();
        long v = raw.getAsLong();
        if (tls.isPresent()) {
            long vaddr = tls.get().vaddr();
            long memsz = tls.get().memsz();
            if (vaddr != 0 && Long.compareUnsigned(vaddr, memsz) >= 0 && Long.compareUnsigned(v, vaddr) >= 0
                    && Long.compareUnsigned(v - vaddr, memsz) < 0) {
                return OptionalLong.of(v - vaddr);
            }
        }
        return raw;
    }

    /**
     * The TLS offset operand, when the expression has the TLS shape and its operand fills exactly
     * the bytes before the TLS operation. Index operands are read from the unit's {@code .debug_addr}
     * (for a split unit, the skeleton's). The value is raw: on riscv64 glibc it may be an address
     * inside PT_TLS rather than an offset (see TLS-FACTS section 1); the caller knows the module.
     */
    public static OptionalLong offset(Unit unit, byte[] expr) {
        if (!isTls(expr)) {
            return OptionalLong.empty();
        }
        ByteReader r = new ByteReader(ByteBuffer.wrap(expr, 0, expr.length - 1).slice()
                .order(unit.dwarf().elf().order()), "location expression", 0);
        try {
            int op = r.u8();
            long v = switch (op) {
                case DW_OP_ADDR -> r.unsigned(unit.header().addressSize());
                case DW_OP_CONST1U -> r.u8();
                case DW_OP_CONST1S -> r.s8();
                case DW_OP_CONST2U -> r.u16();
                case DW_OP_CONST2S -> r.s16();
                case DW_OP_CONST4U -> r.u32();
                case DW_OP_CONST4S -> r.s32();
                case DW_OP_CONST8U, DW_OP_CONST8S -> r.u64();
                case DW_OP_CONSTU -> r.uleb128();
                case DW_OP_CONSTS -> r.sleb128();
                default -> unit.addressAt(r.uleb128()); // addrx, constx and their GNU forms
            };
            return r.hasRemaining() ? OptionalLong.empty() : OptionalLong.of(v);
        } catch (FormatException e) {
            return OptionalLong.empty(); // not the two-operation shape after all
        }
    }
}
