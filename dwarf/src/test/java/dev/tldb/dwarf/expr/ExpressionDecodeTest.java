package dev.tldb.dwarf.expr;

import static dev.tldb.dwarf.expr.Asm.asm;
import static dev.tldb.dwarf.expr.DwOp.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.FormatException;
import dev.tldb.dwarf.Encoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ExpressionDecodeTest {

    private static Operation only(Asm a) {
        return only(a, Asm.DWARF5_64);
    }

    private static Operation only(Asm a, Encoding enc) {
        Expression e = a.expr(enc);
        assertThat(e.size()).isEqualTo(1);
        assertThat(e.op(0).size()).isEqualTo(a.bytes().length);
        return e.op(0).operation();
    }

    @Test
    void constantsKeepTheirOpcodeAndSign() {
        assertThat(only(asm().b(DW_OP_lit0))).isEqualTo(new Operation.Constant(DW_OP_lit0, 0));
        assertThat(only(asm().b(DW_OP_lit31))).isEqualTo(new Operation.Constant(DW_OP_lit31, 31));
        assertThat(only(asm().b(DW_OP_const1u, 0xff))).isEqualTo(new Operation.Constant(DW_OP_const1u, 255));
        assertThat(only(asm().b(DW_OP_const1s, 0xff))).isEqualTo(new Operation.Constant(DW_OP_const1s, -1));
        assertThat(only(asm().b(DW_OP_const2u, 0xfe, 0xff))).isEqualTo(new Operation.Constant(DW_OP_const2u, 0xfffe));
        assertThat(only(asm().b(DW_OP_const2s, 0xfe, 0xff))).isEqualTo(new Operation.Constant(DW_OP_const2s, -2));
        assertThat(only(asm().b(DW_OP_const4u, 0x78, 0x56, 0x34, 0x92)))
                .isEqualTo(new Operation.Constant(DW_OP_const4u, 0x92345678L));
        assertThat(only(asm().b(DW_OP_const4s, 0xfd, 0xff, 0xff, 0xff)))
                .isEqualTo(new Operation.Constant(DW_OP_const4s, -3));
        assertThat(only(asm().b(DW_OP_const8u).n(8, 0x8877665544332211L)))
                .isEqualTo(new Operation.Constant(DW_OP_const8u, 0x8877665544332211L));
        assertThat(only(asm().b(DW_OP_const8s).n(8, -5))).isEqualTo(new Operation.Constant(DW_OP_const8s, -5));
        // 624485 is the DWARF spec's own ULEB128 example: e5 8e 26
        assertThat(only(asm().b(DW_OP_constu, 0xe5, 0x8e, 0x26))).isEqualTo(new Operation.Constant(DW_OP_constu, 624485));
        assertThat(only(asm().b(DW_OP_consts, 0x7f))).isEqualTo(new Operation.Constant(DW_OP_consts, -1));
        assertThat(only(asm().b(DW_OP_consts, 0x80, 0x7f))).isEqualTo(new Operation.Constant(DW_OP_consts, -128));
    }

    @Test
    void bigEndianOperands() {
        Expression e = asm().bigEndian().b(DW_OP_const4u).n(4, 0x01020304).b(DW_OP_addr).n(8, 0x1122).expr();
        assertThat(e.ops()).extracting(Expression.Op::operation).containsExactly(
                new Operation.Constant(DW_OP_const4u, 0x01020304), new Operation.Address(0x1122));
    }

    @Test
    void addressAndReferenceOperandsFollowTheEncoding() {
        assertThat(only(asm().b(DW_OP_addr).n(4, 0x8040_1000L), Asm.DWARF4_32))
                .isEqualTo(new Operation.Address(0x8040_1000L));
        assertThat(only(asm().b(DW_OP_call_ref).n(8, 0x1_0000_0000L), new Encoding(4, true, 8)))
                .isEqualTo(new Operation.Call(DW_OP_call_ref, new DieReference.InSection(0x1_0000_0000L)));
        // DWARF 2 has no offset size: references are address-sized
        assertThat(only(asm().b(DW_OP_GNU_implicit_pointer).n(4, 0x2a).sleb(-4), new Encoding(2, false, 4)))
                .isEqualTo(new Operation.ImplicitPointer(DW_OP_GNU_implicit_pointer, 0x2a, -4));
        assertThat(only(asm().b(DW_OP_implicit_pointer).n(4, 0x2211).sleb(8)))
                .isEqualTo(new Operation.ImplicitPointer(DW_OP_implicit_pointer, 0x2211, 8));
        assertThat(only(asm().b(DW_OP_GNU_variable_value).n(4, 0x2211)))
                .isEqualTo(new Operation.VariableValue(0x2211));
        assertThat(only(asm().b(DW_OP_call2).n(2, 0x1234)))
                .isEqualTo(new Operation.Call(DW_OP_call2, new DieReference.InUnit(0x1234)));
        assertThat(only(asm().b(DW_OP_call4).n(4, 0x12345678)))
                .isEqualTo(new Operation.Call(DW_OP_call4, new DieReference.InUnit(0x12345678)));
        assertThat(only(asm().b(DW_OP_GNU_parameter_ref).n(4, 0x44)))
                .isEqualTo(new Operation.ParameterRef(0x44));
    }

    @Test
    void stackAndArithmeticOperations() {
        assertThat(only(asm().b(DW_OP_dup))).isEqualTo(new Operation.Pick(DW_OP_dup, 0));
        assertThat(only(asm().b(DW_OP_over))).isEqualTo(new Operation.Pick(DW_OP_over, 1));
        assertThat(only(asm().b(DW_OP_pick, 3))).isEqualTo(new Operation.Pick(DW_OP_pick, 3));
        assertThat(only(asm().b(DW_OP_drop))).isEqualTo(new Operation.Drop());
        assertThat(only(asm().b(DW_OP_swap))).isEqualTo(new Operation.Swap());
        assertThat(only(asm().b(DW_OP_rot))).isEqualTo(new Operation.Rotate());
        for (int op : new int[] {DW_OP_abs, DW_OP_neg, DW_OP_not}) {
            assertThat(only(asm().b(op))).isEqualTo(new Operation.Unary(op));
        }
        for (int op = DW_OP_and; op <= DW_OP_ne; op++) {
            if (op != DW_OP_neg && op != DW_OP_not && op != DW_OP_plus_uconst && op != DW_OP_bra) {
                assertThat(only(asm().b(op))).isEqualTo(new Operation.Binary(op));
            }
        }
        assertThat(only(asm().b(DW_OP_plus_uconst, 0x90, 0x01))).isEqualTo(new Operation.PlusConstant(144));
        assertThat(only(asm().b(DW_OP_skip).n(2, -3))).isEqualTo(new Operation.Skip(-3));
        assertThat(only(asm().b(DW_OP_bra).n(2, 0x7fff))).isEqualTo(new Operation.Branch(0x7fff));
        assertThat(only(asm().b(DW_OP_nop))).isEqualTo(new Operation.Nop());
    }

    @Test
    void registerOperations() {
        assertThat(only(asm().b(DW_OP_reg0))).isEqualTo(new Operation.Register(DW_OP_reg0, 0));
        assertThat(only(asm().b(DW_OP_reg31))).isEqualTo(new Operation.Register(DW_OP_reg31, 31));
        assertThat(only(asm().b(DW_OP_regx).uleb(33))).isEqualTo(new Operation.Register(DW_OP_regx, 33));
        assertThat(only(asm().b(DW_OP_breg7).sleb(-8))).isEqualTo(new Operation.RegisterOffset(DW_OP_breg7, 7, -8));
        assertThat(only(asm().b(DW_OP_bregx).uleb(300).sleb(16)))
                .isEqualTo(new Operation.RegisterOffset(DW_OP_bregx, 300, 16));
        assertThat(only(asm().b(DW_OP_fbreg).sleb(-68))).isEqualTo(new Operation.FrameOffset(-68));
        assertThat(only(asm().b(DW_OP_regval_type).uleb(17).uleb(0x2a)))
                .isEqualTo(new Operation.RegisterValue(DW_OP_regval_type, 17, 0x2a));
        assertThat(only(asm().b(DW_OP_GNU_regval_type).uleb(17).uleb(0x2a)))
                .isEqualTo(new Operation.RegisterValue(DW_OP_GNU_regval_type, 17, 0x2a));
    }

    @Test
    void derefFamily() {
        assertThat(only(asm().b(DW_OP_deref))).isEqualTo(new Operation.Deref(DW_OP_deref, 8, 0, false));
        assertThat(only(asm().b(DW_OP_deref), Asm.DWARF4_32)).isEqualTo(new Operation.Deref(DW_OP_deref, 4, 0, false));
        assertThat(only(asm().b(DW_OP_xderef))).isEqualTo(new Operation.Deref(DW_OP_xderef, 8, 0, true));
        assertThat(only(asm().b(DW_OP_deref_size, 2))).isEqualTo(new Operation.Deref(DW_OP_deref_size, 2, 0, false));
        assertThat(only(asm().b(DW_OP_xderef_size, 1))).isEqualTo(new Operation.Deref(DW_OP_xderef_size, 1, 0, true));
        assertThat(only(asm().b(DW_OP_deref_type, 4).uleb(0x2a)))
                .isEqualTo(new Operation.Deref(DW_OP_deref_type, 4, 0x2a, false));
        assertThat(only(asm().b(DW_OP_xderef_type, 4).uleb(0x2a)))
                .isEqualTo(new Operation.Deref(DW_OP_xderef_type, 4, 0x2a, true));
        assertThat(only(asm().b(DW_OP_GNU_deref_type, 8).uleb(0x130)))
                .isEqualTo(new Operation.Deref(DW_OP_GNU_deref_type, 8, 0x130, false));
    }

    @Test
    void locationAndCompositionOperations() {
        assertThat(only(asm().b(DW_OP_piece).uleb(4))).isEqualTo(new Operation.Piece(32, OptionalLong.empty()));
        assertThat(only(asm().b(DW_OP_bit_piece).uleb(3).uleb(5))).isEqualTo(new Operation.Piece(3, OptionalLong.of(5)));
        assertThat(only(asm().b(DW_OP_implicit_value).uleb(4).b(1, 2, 3, 4)))
                .isEqualTo(new Operation.ImplicitValue(new byte[] {1, 2, 3, 4}));
        assertThat(only(asm().b(DW_OP_stack_value))).isEqualTo(new Operation.StackValue());
        assertThat(only(asm().b(DW_OP_push_object_address))).isEqualTo(new Operation.PushObjectAddress());
        assertThat(only(asm().b(DW_OP_call_frame_cfa))).isEqualTo(new Operation.CallFrameCfa());
        assertThat(only(asm().b(DW_OP_GNU_uninit))).isEqualTo(new Operation.Uninitialized());
    }

    @Test
    void tlsAndIndexOperations() {
        assertThat(only(asm().b(DW_OP_form_tls_address))).isEqualTo(new Operation.TlsAddress(DW_OP_form_tls_address));
        assertThat(only(asm().b(DW_OP_GNU_push_tls_address)))
                .isEqualTo(new Operation.TlsAddress(DW_OP_GNU_push_tls_address));
        assertThat(only(asm().b(DW_OP_addrx).uleb(5))).isEqualTo(new Operation.AddressIndex(DW_OP_addrx, 5));
        assertThat(only(asm().b(DW_OP_GNU_addr_index).uleb(7))).isEqualTo(new Operation.AddressIndex(DW_OP_GNU_addr_index, 7));
        assertThat(only(asm().b(DW_OP_constx).uleb(200))).isEqualTo(new Operation.ConstantIndex(DW_OP_constx, 200));
        assertThat(only(asm().b(DW_OP_GNU_const_index).uleb(8)))
                .isEqualTo(new Operation.ConstantIndex(DW_OP_GNU_const_index, 8));
    }

    @Test
    void typedOperations() {
        assertThat(only(asm().b(DW_OP_const_type).uleb(0x2a).b(4, 0, 0, 0x80, 0x3f)))
                .isEqualTo(new Operation.TypedConstant(DW_OP_const_type, 0x2a, new byte[] {0, 0, (byte) 0x80, 0x3f}));
        assertThat(only(asm().b(DW_OP_GNU_const_type).uleb(0x2a).b(1, 7)))
                .isEqualTo(new Operation.TypedConstant(DW_OP_GNU_const_type, 0x2a, new byte[] {7}));
        assertThat(only(asm().b(DW_OP_convert).uleb(0))).isEqualTo(new Operation.Convert(DW_OP_convert, 0));
        assertThat(only(asm().b(DW_OP_GNU_convert).uleb(0x2a))).isEqualTo(new Operation.Convert(DW_OP_GNU_convert, 0x2a));
        assertThat(only(asm().b(DW_OP_reinterpret).uleb(0x2a))).isEqualTo(new Operation.Reinterpret(DW_OP_reinterpret, 0x2a));
        assertThat(only(asm().b(DW_OP_GNU_reinterpret).uleb(0x2a)))
                .isEqualTo(new Operation.Reinterpret(DW_OP_GNU_reinterpret, 0x2a));
    }

    @Test
    void entryValueHoldsADecodedSubExpression() {
        Operation op = only(asm().b(DW_OP_entry_value).uleb(2).b(DW_OP_breg6, 0));
        assertThat(op).isInstanceOf(Operation.EntryValue.class);
        Expression sub = ((Operation.EntryValue) op).expression();
        assertThat(sub.ops()).containsExactly(new Expression.Op(0, 2, new Operation.RegisterOffset(DW_OP_breg6, 6, 0)));
        assertThat(only(asm().b(DW_OP_GNU_entry_value).uleb(1).b(DW_OP_reg5)).opcode()).isEqualTo(DW_OP_GNU_entry_value);
    }

    @Test
    void extensions() {
        assertThat(only(asm().b(DW_OP_GNU_encoded_addr, 0x00).n(8, 0x401000)))
                .isEqualTo(new Operation.EncodedAddress(0, 0x401000));
        assertThat(only(asm().b(DW_OP_GNU_encoded_addr, 0x03).n(4, 0x401000)))
                .isEqualTo(new Operation.EncodedAddress(3, 0x401000));
        assertThat(only(asm().b(DW_OP_WASM_location, 0x00, 0x05))).isEqualTo(new Operation.WasmLocation(0, 5));
        assertThat(only(asm().b(DW_OP_WASM_location, 0x01).uleb(300))).isEqualTo(new Operation.WasmLocation(1, 300));
        assertThat(only(asm().b(DW_OP_WASM_location, 0x02, 0x07))).isEqualTo(new Operation.WasmLocation(2, 7));
        // kind 3: a global index with a fixed 4-byte operand (so the linker can relocate it)
        assertThat(only(asm().b(DW_OP_WASM_location, 0x03).n(4, 0x81))).isEqualTo(new Operation.WasmLocation(3, 0x81));
        assertThat(only(asm().b(DW_OP_WASM_location, 0x04, 0x09))).isEqualTo(new Operation.WasmLocation(4, 9));
    }

    @Test
    void offsetsAndBranchTargetsAreByteOffsets() {
        Expression e = asm().b(DW_OP_lit1).b(DW_OP_const8u).n(8, 16).b(DW_OP_bra).n(2, 1).b(DW_OP_nop, DW_OP_plus).expr();
        assertThat(e.ops()).extracting(Expression.Op::offset).containsExactly(0, 1, 10, 13, 14);
        assertThat(e.ops()).extracting(Expression.Op::size).containsExactly(1, 9, 3, 1, 1);
        assertThat(e.length()).isEqualTo(15);
        assertThat(e.indexAt(13)).isEqualTo(3);
        assertThat(e.indexAt(5)).isEqualTo(-1);
        assertThat(e.indexAt(15)).isEqualTo(-1);
    }

    @Test
    void decodeFromAByteBufferPositionAndFromAReader() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {0x55, 0x55, (byte) DW_OP_lit3, (byte) DW_OP_stack_value})
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.position(2);
        assertThat(Expression.decode(buf, Asm.DWARF5_64).toString()).isEqualTo("DW_OP_lit3; DW_OP_stack_value");

        ByteReader reader = new ByteReader(ByteBuffer.wrap(new byte[] {9, (byte) DW_OP_lit1, (byte) DW_OP_lit2, 7})
                .order(ByteOrder.LITTLE_ENDIAN), "t.o: .debug_info", 0x100);
        reader.u8();
        Expression e = Expression.decode(reader, 2, Asm.DWARF5_64);
        assertThat(e.toString()).isEqualTo("DW_OP_lit1; DW_OP_lit2");
        assertThat(reader.u8()).isEqualTo(7);
    }

    @Test
    void emptyExpression() {
        Expression e = asm().expr();
        assertThat(e.isEmpty()).isTrue();
        assertThat(e.toString()).isEmpty();
        assertThat(Expression.empty(Asm.DWARF5_64)).isEqualTo(e);
    }

    @Test
    void dwarfdumpStyleRendering() {
        Expression tls = asm().b(DW_OP_const8u).n(8, 0x10).b(DW_OP_form_tls_address).expr();
        assertThat(tls.toString()).isEqualTo("DW_OP_const8u 0x10; DW_OP_form_tls_address");
        Expression e = asm().b(DW_OP_breg7).sleb(-8).b(DW_OP_skip).n(2, 3).b(DW_OP_entry_value).uleb(1).b(DW_OP_reg5)
                .b(DW_OP_bit_piece).uleb(3).uleb(5).b(DW_OP_consts).sleb(-2).b(DW_OP_regx).uleb(33).expr();
        assertThat(e.toString()).isEqualTo(
                "DW_OP_breg7 -8; DW_OP_skip +3; DW_OP_entry_value(DW_OP_reg5); DW_OP_bit_piece 0x3 0x5; "
                        + "DW_OP_consts -2; DW_OP_regx 0x21");
    }

    @Test
    void readelfStyleRendering() {
        Expression e = asm().b(DW_OP_const8u).n(8, 8).b(DW_OP_GNU_push_tls_address).expr(new Encoding(4, false, 8));
        assertThat(e.toReadelfString(0, null))
                .isEqualTo("DW_OP_const8u: 8; DW_OP_GNU_push_tls_address or DW_OP_HP_unknown");
        Expression regs = asm().b(DW_OP_breg7).sleb(16).b(DW_OP_reg5).b(DW_OP_piece).uleb(8).expr();
        assertThat(regs.toReadelfString(0, r -> r == 7 ? "rsp" : r == 5 ? "rdi" : null))
                .isEqualTo("DW_OP_breg7 (rsp): 16; DW_OP_reg5 (rdi); DW_OP_piece: 8");
        // unit-relative DIE operands are shown as section offsets
        Expression typed = asm().b(DW_OP_convert).uleb(0x2a).b(DW_OP_call2).n(2, 0x10).expr();
        assertThat(typed.toReadelfString(0xf, null)).isEqualTo("DW_OP_convert <0x39>; DW_OP_call2: <0x1f>");
    }

    @Test
    void namesForDumps() {
        assertThat(DwOp.name(0x9b)).isEqualTo("DW_OP_form_tls_address");
        assertThat(DwOp.name(0xe0)).isEqualTo("DW_OP_GNU_push_tls_address");
        assertThat(DwOp.name(0x7f)).isEqualTo("DW_OP_breg15");
        assertThat(DwOp.name(0xfd)).isEqualTo("DW_OP_GNU_variable_value");
        assertThat(DwOp.name(0xed)).isEqualTo("DW_OP_WASM_location");
        assertThat(DwOp.name(0xe1)).isEqualTo("DW_OP_<unknown 0xe1>");
        assertThat(DwOp.isKnown(0x00)).isFalse();
        int known = 0;
        for (int op = 0; op < 256; op++) {
            if (DwOp.isKnown(op)) {
                known++;
            }
        }
        // DWARF 5 defines 0x03..0xa9 except 0x04, 0x05, 0x07 (164 opcodes); the extensions are 0xe0, 0xed,
        // 0xf0..0xf7 and 0xf9..0xfd (15)
        assertThat(known).isEqualTo(164 + 15);
    }

    // --- malformed input ---

    @Test
    void truncatedOperandsNameTheOperationAndOffset() {
        assertThatThrownBy(() -> asm().b(DW_OP_lit0).b(DW_OP_const8u, 1, 2, 3).expr())
                .isInstanceOf(FormatException.class)
                .hasMessage("DWARF expression at 0x1: DW_OP_const8u: operand needs 8 bytes, 3 left");
        assertThatThrownBy(() -> asm().b(DW_OP_constu, 0x80, 0x80).expr())
                .isInstanceOf(FormatException.class)
                .hasMessage("DWARF expression at 0x0: DW_OP_constu: truncated ULEB128");
        assertThatThrownBy(() -> asm().b(DW_OP_skip, 1).expr())
                .hasMessage("DWARF expression at 0x0: DW_OP_skip: operand needs 2 bytes, 1 left");
        assertThatThrownBy(() -> asm().b(DW_OP_implicit_value).uleb(9).b(1, 2).expr())
                .hasMessage("DWARF expression at 0x0: DW_OP_implicit_value: block of 9 bytes, only 2 left");
        assertThatThrownBy(() -> asm().b(DW_OP_entry_value).uleb(3).b(DW_OP_reg5).expr())
                .hasMessage("DWARF expression at 0x0: DW_OP_entry_value: sub-expression of 3 bytes, only 1 left");
        assertThatThrownBy(() -> asm().b(DW_OP_addr, 0, 0, 0).expr(Asm.DWARF4_32))
                .hasMessage("DWARF expression at 0x0: DW_OP_addr: operand needs 4 bytes, 3 left");
    }

    @Test
    void errorsInsideASubExpressionGiveTheOuterOffset() {
        assertThatThrownBy(() -> asm().b(DW_OP_nop).b(DW_OP_entry_value).uleb(2).b(DW_OP_breg6, 0x80).expr())
                .hasMessage("DWARF expression at 0x3: DW_OP_breg6: truncated SLEB128");
    }

    @Test
    void errorsFromAReaderNameTheSourceOffsetAndTheByteInTheExpression() {
        ByteReader reader = new ByteReader(ByteBuffer.wrap(new byte[] {0, 0, (byte) DW_OP_lit1, (byte) 0xe1})
                .order(ByteOrder.LITTLE_ENDIAN), "t.o: .debug_info", 0x100);
        reader.position(2);
        assertThatThrownBy(() -> Expression.decode(reader, 2, Asm.DWARF5_64))
                .isInstanceOf(FormatException.class)
                .hasMessage("t.o: .debug_info at 0x103: unknown opcode 0xe1 (byte 0x1 of the expression)");
    }

    @Test
    void unknownOpcodes() {
        for (int op : List.of(0x00, 0x01, 0x02, 0x04, 0x05, 0x07, 0xaa, 0xe1, 0xf8, 0xfe, 0xff)) {
            assertThatThrownBy(() -> asm().b(DW_OP_nop, op).expr())
                    .isInstanceOf(FormatException.class)
                    .hasMessage(String.format("DWARF expression at 0x1: unknown opcode 0x%02x", op));
        }
        assertThatThrownBy(() -> asm().b(DW_OP_WASM_location, 9, 0).expr())
                .hasMessage("DWARF expression at 0x0: DW_OP_WASM_location: unknown kind 9");
        assertThatThrownBy(() -> asm().b(DW_OP_GNU_encoded_addr, 0x05, 0).expr())
                .hasMessage("DWARF expression at 0x0: DW_OP_GNU_encoded_addr: unsupported pointer encoding 0x05");
    }

    @Test
    void absurdOperands() {
        assertThatThrownBy(() -> asm().b(DW_OP_regx).uleb(1L << 40).expr())
                .hasMessage("DWARF expression at 0x0: DW_OP_regx: register number 1099511627776 is absurd");
        assertThatThrownBy(() -> asm().b(DW_OP_piece).uleb(-1L).expr())
                .hasMessageStartingWith("DWARF expression at 0x0: DW_OP_piece: size 18446744073709551615 bytes");
    }

    @Test
    void nestingIsBounded() {
        // entry_value(entry_value(...(lit0))) nested deeper than the cap
        byte[] inner = asm().b(DW_OP_lit0).bytes();
        for (int i = 0; i < 20; i++) {
            inner = asm().b(DW_OP_entry_value).uleb(inner.length).b(toInts(inner)).bytes();
        }
        byte[] bytes = inner;
        assertThatThrownBy(() -> Expression.decode(bytes, ByteOrder.LITTLE_ENDIAN, Asm.DWARF5_64))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("nested more than 8 deep");
    }

    private static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }
}
