package dev.tldb.dwarf.expr;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.FormatException;
import dev.tldb.dwarf.Encoding;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Turns expression bytes into {@link Operation}s; every malformed operand is a {@link FormatException}. */
final class OperationDecoder {
    /** DW_OP_entry_value may nest; real producers nest once. The cap keeps Java's stack safe. */
    static final int MAX_NESTING = 8;

    private final ByteReader r;
    private final Encoding enc;
    private final long base;
    private final long outerBase;
    private final int depth;

    private OperationDecoder(ByteReader r, long base, long outerBase, Encoding enc, int depth) {
        this.r = r;
        this.base = base;
        this.outerBase = outerBase;
        this.enc = enc;
        this.depth = depth;
    }

    static Expression decode(ByteBuffer bytes, String source, long base, long outerBase, Encoding enc, int depth) {
        byte[] copy = new byte[bytes.limit()];
        bytes.get(0, copy);
        ByteReader reader = new ByteReader(bytes, source, base);
        List<Expression.Op> ops = new OperationDecoder(reader, base, outerBase, enc, depth).all();
        return new Expression(copy, bytes.order(), enc, ops);
    }

    private List<Expression.Op> all() {
        List<Expression.Op> ops = new ArrayList<>();
        while (r.hasRemaining()) {
            int start = r.position();
            Operation op = one(r.u8(), start);
            ops.add(new Expression.Op(start, r.position() - start, op));
        }
        return ops;
    }

    private Operation one(int op, int start) {
        if (op >= DwOp.DW_OP_lit0 && op <= DwOp.DW_OP_lit31) {
            return new Operation.Constant(op, op - DwOp.DW_OP_lit0);
        }
        if (op >= DwOp.DW_OP_reg0 && op <= DwOp.DW_OP_reg31) {
            return new Operation.Register(op, op - DwOp.DW_OP_reg0);
        }
        if (op >= DwOp.DW_OP_breg0 && op <= DwOp.DW_OP_breg31) {
            return new Operation.RegisterOffset(op, op - DwOp.DW_OP_breg0, sleb(op, start));
        }
        return switch (op) {
            case DwOp.DW_OP_addr -> new Operation.Address(fixed(op, start, enc.addressSize(), false));
            case DwOp.DW_OP_deref -> new Operation.Deref(op, enc.addressSize(), 0, false);
            case DwOp.DW_OP_xderef -> new Operation.Deref(op, enc.addressSize(), 0, true);
            case DwOp.DW_OP_deref_size -> new Operation.Deref(op, u8(op, start), 0, false);
            case DwOp.DW_OP_xderef_size -> new Operation.Deref(op, u8(op, start), 0, true);
            case DwOp.DW_OP_deref_type, DwOp.DW_OP_GNU_deref_type -> {
                int size = u8(op, start);
                yield new Operation.Deref(op, size, uleb(op, start), false);
            }
            case DwOp.DW_OP_xderef_type -> {
                int size = u8(op, start);
                yield new Operation.Deref(op, size, uleb(op, start), true);
            }
            case DwOp.DW_OP_const1u -> new Operation.Constant(op, fixed(op, start, 1, false));
            case DwOp.DW_OP_const1s -> new Operation.Constant(op, fixed(op, start, 1, true));
            case DwOp.DW_OP_const2u -> new Operation.Constant(op, fixed(op, start, 2, false));
            case DwOp.DW_OP_const2s -> new Operation.Constant(op, fixed(op, start, 2, true));
            case DwOp.DW_OP_const4u -> new Operation.Constant(op, fixed(op, start, 4, false));
            case DwOp.DW_OP_const4s -> new Operation.Constant(op, fixed(op, start, 4, true));
            case DwOp.DW_OP_const8u, DwOp.DW_OP_const8s -> new Operation.Constant(op, fixed(op, start, 8, false));
            case DwOp.DW_OP_constu -> new Operation.Constant(op, uleb(op, start));
            case DwOp.DW_OP_consts -> new Operation.Constant(op, sleb(op, start));
            case DwOp.DW_OP_dup -> new Operation.Pick(op, 0);
            case DwOp.DW_OP_over -> new Operation.Pick(op, 1);
            case DwOp.DW_OP_pick -> new Operation.Pick(op, u8(op, start));
            case DwOp.DW_OP_drop -> new Operation.Drop();
            case DwOp.DW_OP_swap -> new Operation.Swap();
            case DwOp.DW_OP_rot -> new Operation.Rotate();
            case DwOp.DW_OP_abs, DwOp.DW_OP_neg, DwOp.DW_OP_not -> new Operation.Unary(op);
            case DwOp.DW_OP_and, DwOp.DW_OP_div, DwOp.DW_OP_minus, DwOp.DW_OP_mod, DwOp.DW_OP_mul,
                 DwOp.DW_OP_or, DwOp.DW_OP_plus, DwOp.DW_OP_shl, DwOp.DW_OP_shr, DwOp.DW_OP_shra,
                 DwOp.DW_OP_xor, DwOp.DW_OP_eq, DwOp.DW_OP_ge, DwOp.DW_OP_gt, DwOp.DW_OP_le,
                 DwOp.DW_OP_lt, DwOp.DW_OP_ne -> new Operation.Binary(op);
            case DwOp.DW_OP_plus_uconst -> new Operation.PlusConstant(uleb(op, start));
            case DwOp.DW_OP_skip -> new Operation.Skip((int) fixed(op, start, 2, true));
            case DwOp.DW_OP_bra -> new Operation.Branch((int) fixed(op, start, 2, true));
            case DwOp.DW_OP_regx -> new Operation.Register(op, register(op, start));
            case DwOp.DW_OP_bregx -> {
                int reg = register(op, start);
                yield new Operation.RegisterOffset(op, reg, sleb(op, start));
            }
            case DwOp.DW_OP_regval_type, DwOp.DW_OP_GNU_regval_type -> {
                int reg = register(op, start);
                yield new Operation.RegisterValue(op, reg, uleb(op, start));
            }
            case DwOp.DW_OP_fbreg -> new Operation.FrameOffset(sleb(op, start));
            case DwOp.DW_OP_piece -> {
                long bytes = uleb(op, start);
                if (bytes < 0 || bytes > Long.MAX_VALUE / 8) {
                    throw fail(start, "DW_OP_piece: size " + Long.toUnsignedString(bytes) + " bytes is absurd");
                }
                yield new Operation.Piece(bytes * 8, OptionalLong.empty());
            }
            case DwOp.DW_OP_bit_piece -> {
                long size = uleb(op, start);
                long offset = uleb(op, start);
                if (size < 0 || offset < 0) {
                    throw fail(start, "DW_OP_bit_piece: size or offset above 2^63 bits");
                }
                yield new Operation.Piece(size, OptionalLong.of(offset));
            }
            case DwOp.DW_OP_nop -> new Operation.Nop();
            case DwOp.DW_OP_push_object_address -> new Operation.PushObjectAddress();
            case DwOp.DW_OP_call2 -> new Operation.Call(op, new DieReference.InUnit(fixed(op, start, 2, false)));
            case DwOp.DW_OP_call4 -> new Operation.Call(op, new DieReference.InUnit(fixed(op, start, 4, false)));
            case DwOp.DW_OP_call_ref -> new Operation.Call(op, new DieReference.InSection(refAddr(op, start)));
            case DwOp.DW_OP_form_tls_address, DwOp.DW_OP_GNU_push_tls_address -> new Operation.TlsAddress(op);
            case DwOp.DW_OP_call_frame_cfa -> new Operation.CallFrameCfa();
            case DwOp.DW_OP_implicit_value -> new Operation.ImplicitValue(block(op, start, uleb(op, start)));
            case DwOp.DW_OP_stack_value -> new Operation.StackValue();
            case DwOp.DW_OP_implicit_pointer, DwOp.DW_OP_GNU_implicit_pointer -> {
                long die = refAddr(op, start);
                yield new Operation.ImplicitPointer(op, die, sleb(op, start));
            }
            case DwOp.DW_OP_addrx, DwOp.DW_OP_GNU_addr_index -> new Operation.AddressIndex(op, uleb(op, start));
            case DwOp.DW_OP_constx, DwOp.DW_OP_GNU_const_index -> new Operation.ConstantIndex(op, uleb(op, start));
            case DwOp.DW_OP_entry_value, DwOp.DW_OP_GNU_entry_value -> new Operation.EntryValue(op, nested(op, start));
            case DwOp.DW_OP_const_type, DwOp.DW_OP_GNU_const_type -> {
                long type = uleb(op, start);
                int size = u8(op, start);
                yield new Operation.TypedConstant(op, type, block(op, start, size));
            }
            case DwOp.DW_OP_convert, DwOp.DW_OP_GNU_convert -> new Operation.Convert(op, uleb(op, start));
            case DwOp.DW_OP_reinterpret, DwOp.DW_OP_GNU_reinterpret -> new Operation.Reinterpret(op, uleb(op, start));
            case DwOp.DW_OP_GNU_parameter_ref -> new Operation.ParameterRef(fixed(op, start, 4, false));
            case DwOp.DW_OP_GNU_variable_value -> new Operation.VariableValue(refAddr(op, start));
            case DwOp.DW_OP_GNU_uninit -> new Operation.Uninitialized();
            case DwOp.DW_OP_GNU_encoded_addr -> encodedAddress(op, start);
            case DwOp.DW_OP_WASM_location -> wasmLocation(op, start);
            default -> throw fail(start, String.format("unknown opcode 0x%02x", op));
        };
    }

    private Operation encodedAddress(int op, int start) {
        int encoding = u8(op, start);
        // DW_EH_PE_*: low nibble is the format; the application bits (pcrel, datarel, ...) need a
        // section address we do not have, and the evaluator rejects them.
        long value = switch (encoding & 0x0f) {
            case 0x00 -> fixed(op, start, enc.addressSize(), false);
            case 0x01 -> uleb(op, start);
            case 0x02 -> fixed(op, start, 2, false);
            case 0x03 -> fixed(op, start, 4, false);
            case 0x04, 0x0c -> fixed(op, start, 8, false);
            case 0x09 -> sleb(op, start);
            case 0x0a -> fixed(op, start, 2, true);
            case 0x0b -> fixed(op, start, 4, true);
            default -> throw fail(start, String.format("DW_OP_GNU_encoded_addr: unsupported pointer encoding 0x%02x",
                    encoding));
        };
        return new Operation.EncodedAddress(encoding, value);
    }

    private Operation wasmLocation(int op, int start) {
        long kind = uleb(op, start);
        long index;
        if (kind == 3) {
            index = fixed(op, start, 4, false); // a global index with a 4-byte relocation
        } else if (kind >= 0 && kind <= 4) {
            index = uleb(op, start);
        } else {
            throw fail(start, "DW_OP_WASM_location: unknown kind " + Long.toUnsignedString(kind));
        }
        return new Operation.WasmLocation((int) kind, index);
    }

    private Expression nested(int op, int start) {
        long length = uleb(op, start);
        if (depth + 1 >= MAX_NESTING) {
            throw fail(start, DwOp.name(op) + ": sub-expressions nested more than " + MAX_NESTING + " deep");
        }
        if (length < 0 || length > r.remaining()) {
            throw fail(start, DwOp.name(op) + ": sub-expression of " + Long.toUnsignedString(length)
                    + " bytes, only " + r.remaining() + " left");
        }
        long subBase = r.sourceOffset();
        ByteBuffer slice = r.slice(length);
        return decode(slice, r.source(), subBase, outerBase, enc, depth + 1);
    }

    // --- operand readers: each failure names the operation and where it starts ---

    private long fixed(int op, int start, int size, boolean signed) {
        if (r.remaining() < size) {
            throw fail(start, DwOp.name(op) + ": operand needs " + size + " bytes, " + r.remaining() + " left");
        }
        return signed ? r.signed(size) : r.unsigned(size);
    }

    private int u8(int op, int start) {
        return (int) fixed(op, start, 1, false);
    }

    private long uleb(int op, int start) {
        try {
            return r.uleb128();
        } catch (FormatException e) {
            throw fail(start, DwOp.name(op) + ": " + reason(e), e);
        }
    }

    private long sleb(int op, int start) {
        try {
            return r.sleb128();
        } catch (FormatException e) {
            throw fail(start, DwOp.name(op) + ": " + reason(e), e);
        }
    }

    private int register(int op, int start) {
        long reg = uleb(op, start);
        if (reg < 0 || reg > Integer.MAX_VALUE) {
            throw fail(start, DwOp.name(op) + ": register number " + Long.toUnsignedString(reg) + " is absurd");
        }
        return (int) reg;
    }

    /** A {@code .debug_info} offset: address-sized in DWARF 2, offset-sized (4 or 8) afterwards. */
    private long refAddr(int op, int start) {
        return fixed(op, start, enc.version() == 2 ? enc.addressSize() : enc.offsetSize(), false);
    }

    private byte[] block(int op, int start, long length) {
        if (length < 0 || length > r.remaining()) {
            throw fail(start, DwOp.name(op) + ": block of " + Long.toUnsignedString(length) + " bytes, only "
                    + r.remaining() + " left");
        }
        return r.bytes((int) length);
    }

    private FormatException fail(int at, String what) {
        return fail(at, what, null);
    }

    private FormatException fail(int at, String what, Throwable cause) {
        long absolute = base + at;
        // With a reader over a whole section, also say where inside the expression the problem is.
        String where = outerBase == 0 ? "" : " (byte 0x" + Long.toHexString(absolute - outerBase) + " of the expression)";
        FormatException located = FormatException.at(r.source(), absolute, what + where);
        if (cause != null) {
            located.initCause(cause);
        }
        return located;
    }

    /** The reader's own message without its "source at 0xN: " prefix (we give our own). */
    private static String reason(FormatException e) {
        return e.getMessage().replaceFirst("^.*? at 0x[0-9a-f]+: ", "");
    }
}
