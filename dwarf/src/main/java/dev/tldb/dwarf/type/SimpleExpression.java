package dev.tldb.dwarf.type;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.FormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

/**
 * The member-offset expressions of DWARF 2/3 producers ({@code DW_OP_plus_uconst N}, or a constant
 * followed by {@code DW_OP_plus}): enough to lay out a struct without the evaluator. Anything
 * else (virtual base offsets) is not static and yields empty.
 */
final class SimpleExpression {
    private static final int DW_OP_CONST1U = 0x08;
    private static final int DW_OP_CONST2U = 0x0a;
    private static final int DW_OP_CONST4U = 0x0c;
    private static final int DW_OP_CONST8U = 0x0e;
    private static final int DW_OP_CONSTU = 0x10;
    private static final int DW_OP_PLUS = 0x22;
    private static final int DW_OP_PLUS_UCONST = 0x23;

    private SimpleExpression() {}

    static OptionalLong memberOffset(byte[] expr, ByteOrder order) {
        ByteReader r = new ByteReader(ByteBuffer.wrap(expr).order(order), "member location", 0);
        try {
            int op = r.u8();
            long v;
            switch (op) {
                case DW_OP_PLUS_UCONST -> v = r.uleb128();
                case DW_OP_CONSTU -> v = r.uleb128();
                case DW_OP_CONST1U -> v = r.u8();
                case DW_OP_CONST2U -> v = r.u16();
                case DW_OP_CONST4U -> v = r.u32();
                case DW_OP_CONST8U -> v = r.u64();
                default -> {
                    return OptionalLong.empty();
                }
            }
            if (op != DW_OP_PLUS_UCONST) {
                if (!r.hasRemaining() || r.u8() != DW_OP_PLUS) {
                    return OptionalLong.empty();
                }
            }
            return r.hasRemaining() ? OptionalLong.empty() : OptionalLong.of(v);
        } catch (FormatException e) {
            return OptionalLong.empty();
        }
    }
}
