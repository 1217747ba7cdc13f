package dev.tldb.dwarf.expr;

import java.util.StringJoiner;
import java.util.function.IntFunction;

/** Text renderings of expressions: llvm-dwarfdump-like (the default) and exactly as readelf prints them. */
final class ExpressionFormat {
    private ExpressionFormat() {
    }

    /** {@code DW_OP_const8u 0x10; DW_OP_form_tls_address}: hex for unsigned operands, signed decimal otherwise. */
    static String dwarfdump(Expression e) {
        StringJoiner out = new StringJoiner("; ");
        for (Expression.Op op : e.ops()) {
            out.add(dwarfdump(op.operation()));
        }
        return out.toString();
    }

    private static String dwarfdump(Operation operation) {
        String name = operation.name();
        if (operation instanceof Operation.Address a) {
            return name + " " + hex(a.address());
        } else if (operation instanceof Operation.Deref d) {
            return switch (d.opcode()) {
                case DwOp.DW_OP_deref, DwOp.DW_OP_xderef -> name;
                case DwOp.DW_OP_deref_size, DwOp.DW_OP_xderef_size -> name + " " + hex(d.size());
                default -> name + " " + hex(d.size()) + " " + die(d.baseType());
            };
        } else if (operation instanceof Operation.Constant c) {
            if (c.opcode() >= DwOp.DW_OP_lit0 && c.opcode() <= DwOp.DW_OP_lit31) {
                return name;
            }
            return name + " " + (c.signed() ? Long.toString(c.value()) : hex(c.value()));
        } else if (operation instanceof Operation.Pick p) {
            return p.opcode() == DwOp.DW_OP_pick ? name + " " + hex(p.index()) : name;
        } else if (operation instanceof Operation.PlusConstant p) {
            return name + " " + hex(p.value());
        } else if (operation instanceof Operation.Skip s) {
            return name + " " + signed(s.delta());
        } else if (operation instanceof Operation.Branch b) {
            return name + " " + signed(b.delta());
        } else if (operation instanceof Operation.Register r) {
            return r.opcode() == DwOp.DW_OP_regx ? name + " " + hex(r.register()) : name;
        } else if (operation instanceof Operation.RegisterOffset r) {
            return r.opcode() == DwOp.DW_OP_bregx ? name + " " + hex(r.register()) + " " + signed(r.offset())
                    : name + " " + signed(r.offset());
        } else if (operation instanceof Operation.RegisterValue r) {
            return name + " " + hex(r.register()) + " " + die(r.baseType());
        } else if (operation instanceof Operation.FrameOffset f) {
            return name + " " + f.offset();
        } else if (operation instanceof Operation.Call c) {
            return name + " " + die(c.target().offset());
        } else if (operation instanceof Operation.VariableValue v) {
            return name + " " + die(v.infoOffset());
        } else if (operation instanceof Operation.Piece p) {
            return p.bitOffset().isPresent()
                    ? name + " " + hex(p.sizeInBits()) + " " + hex(p.bitOffset().getAsLong())
                    : name + " " + hex(p.sizeInBits() / 8);
        } else if (operation instanceof Operation.ImplicitValue v) {
            return name + " " + hex(v.value().length) + bytes(v.value());
        } else if (operation instanceof Operation.ImplicitPointer p) {
            return name + " " + die(p.infoOffset()) + " " + signed(p.byteOffset());
        } else if (operation instanceof Operation.AddressIndex a) {
            return name + " " + hex(a.index());
        } else if (operation instanceof Operation.ConstantIndex c) {
            return name + " " + hex(c.index());
        } else if (operation instanceof Operation.EntryValue ev) {
            return name + "(" + dwarfdump(ev.expression()) + ")";
        } else if (operation instanceof Operation.ParameterRef p) {
            return name + " " + die(p.unitOffset());
        } else if (operation instanceof Operation.TypedConstant t) {
            return name + " " + die(t.baseType()) + " " + hex(t.value().length) + bytes(t.value());
        } else if (operation instanceof Operation.Convert c) {
            return name + " " + die(c.baseType());
        } else if (operation instanceof Operation.Reinterpret r) {
            return name + " " + die(r.baseType());
        } else if (operation instanceof Operation.EncodedAddress a) {
            return name + " " + String.format("0x%02x", a.encoding()) + " " + hex(a.value());
        } else if (operation instanceof Operation.WasmLocation w) {
            return name + " " + hex(w.kind()) + " " + hex(w.index());
        }
        return name; // no operands
    }

    /**
     * What readelf 2.40 prints inside the parentheses after a location block. DIE operands that are
     * unit-relative are shown, as readelf does, as section offsets ({@code unitOffset} + operand).
     */
    static String readelf(Expression e, long unitOffset, IntFunction<String> registerName) {
        StringJoiner out = new StringJoiner("; ");
        for (Expression.Op op : e.ops()) {
            out.add(readelf(op.operation(), e.encoding().addressSize(), unitOffset, registerName));
        }
        return out.toString();
    }

    private static String readelf(Operation operation, int addressSize, long unit, IntFunction<String> regs) {
        String name = operation.name();
        if (operation instanceof Operation.Address a) {
            return name + ": " + Long.toHexString(a.address());
        } else if (operation instanceof Operation.Deref d) {
            return switch (d.opcode()) {
                case DwOp.DW_OP_deref, DwOp.DW_OP_xderef -> name;
                case DwOp.DW_OP_deref_size, DwOp.DW_OP_xderef_size -> name + ": " + d.size();
                default -> name + ": " + d.size() + " " + unitDie(unit, d.baseType());
            };
        } else if (operation instanceof Operation.Constant c) {
            if (c.opcode() >= DwOp.DW_OP_lit0 && c.opcode() <= DwOp.DW_OP_lit31) {
                return name;
            }
            return name + ": " + (c.signed() ? Long.toString(c.value()) : Long.toUnsignedString(c.value()));
        } else if (operation instanceof Operation.Pick p) {
            return p.opcode() == DwOp.DW_OP_pick ? name + ": " + p.index() : name;
        } else if (operation instanceof Operation.PlusConstant p) {
            return name + ": " + Long.toUnsignedString(p.value());
        } else if (operation instanceof Operation.Skip s) {
            return name + ": " + s.delta();
        } else if (operation instanceof Operation.Branch b) {
            return name + ": " + b.delta();
        } else if (operation instanceof Operation.Register r) {
            return r.opcode() == DwOp.DW_OP_regx
                    ? name + ": " + r.register() + register(regs, r.register())
                    : name + register(regs, r.register());
        } else if (operation instanceof Operation.RegisterOffset r) {
            return r.opcode() == DwOp.DW_OP_bregx
                    ? name + ": " + r.register() + register(regs, r.register()) + " " + r.offset()
                    : name + register(regs, r.register()) + ": " + r.offset();
        } else if (operation instanceof Operation.RegisterValue r) {
            return name + ": " + r.register() + register(regs, r.register()) + " " + unitDie(unit, r.baseType());
        } else if (operation instanceof Operation.FrameOffset f) {
            return name + ": " + f.offset();
        } else if (operation instanceof Operation.Call c) {
            long offset = c.target() instanceof DieReference.InUnit ? unit + c.target().offset() : c.target().offset();
            return name + ": " + die(offset);
        } else if (operation instanceof Operation.VariableValue v) {
            return name + ": " + die(v.infoOffset());
        } else if (operation instanceof Operation.Piece p) {
            return p.bitOffset().isPresent()
                    ? name + ": size: " + p.sizeInBits() + " offset: " + p.bitOffset().getAsLong() + " "
                    : name + ": " + p.sizeInBits() / 8;
        } else if (operation instanceof Operation.ImplicitValue v) {
            return name + block(v.value());
        } else if (operation instanceof Operation.ImplicitPointer p) {
            return name + ": " + die(p.infoOffset()) + " " + p.byteOffset();
        } else if (operation instanceof Operation.AddressIndex a) {
            return name + " " + die(a.index());
        } else if (operation instanceof Operation.ConstantIndex c) {
            return name + " " + die(c.index());
        } else if (operation instanceof Operation.EntryValue ev) {
            return name + ": (" + readelf(ev.expression(), unit, regs) + ")";
        } else if (operation instanceof Operation.ParameterRef p) {
            return name + ": " + die(unit + p.unitOffset());
        } else if (operation instanceof Operation.TypedConstant t) {
            return name + ": " + die(unit + t.baseType()) + " " + block(t.value());
        } else if (operation instanceof Operation.Convert c) {
            return name + " " + unitDie(unit, c.baseType());
        } else if (operation instanceof Operation.Reinterpret r) {
            return name + " " + unitDie(unit, r.baseType());
        } else if (operation instanceof Operation.TlsAddress && operation.opcode() == DwOp.DW_OP_GNU_push_tls_address) {
            return "DW_OP_GNU_push_tls_address or DW_OP_HP_unknown"; // 0xe0 is also HP's first vendor opcode
        } else if (operation instanceof Operation.EncodedAddress a) {
            return name + String.format(": fmt:%02x addr:%0" + 2 * addressSize + "x", a.encoding(), a.value());
        } else if (operation instanceof Operation.WasmLocation w) {
            return name + ": " + w.kind() + " " + w.index();
        }
        return name;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String signed(long v) {
        return v >= 0 ? "+" + v : Long.toString(v);
    }

    private static String die(long offset) {
        return "<0x" + Long.toHexString(offset) + ">";
    }

    /** A base type operand: 0 (the generic type) stays 0, as readelf prints it. */
    private static String unitDie(long unit, long offset) {
        return offset == 0 ? "<0>" : die(unit + offset);
    }

    private static String register(IntFunction<String> names, int register) {
        String n = names == null ? null : names.apply(register);
        return n == null ? "" : " (" + n + ")";
    }

    private static String bytes(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format(" 0x%02x", b & 0xff));
        }
        return sb.toString();
    }

    /** readelf's " N byte block: b0 b1 ... " (bytes in unpadded hex, each followed by a space). */
    private static String block(byte[] bytes) {
        StringBuilder sb = new StringBuilder(" ").append(bytes.length).append(" byte block: ");
        for (byte b : bytes) {
            sb.append(Integer.toHexString(b & 0xff)).append(' ');
        }
        return sb.toString();
    }
}
