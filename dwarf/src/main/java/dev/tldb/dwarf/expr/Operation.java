package dev.tldb.dwarf.expr;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * One decoded DWARF expression operation. Several opcodes share a record when they mean the same
 * thing ({@code DW_OP_lit5}, {@code DW_OP_const1u 5} and {@code DW_OP_constu 5} are all a
 * {@link Constant}); such records keep the opcode so that dumps show what the producer wrote.
 *
 * <p>Base types are unit offsets of {@code DW_TAG_base_type} DIEs, with 0 meaning the generic type.
 */
public sealed interface Operation {

    /** The encoded opcode byte. */
    int opcode();

    default String name() {
        return DwOp.name(opcode());
    }

    /** {@code DW_OP_addr}: an address the caller relocates by the module's load bias. */
    record Address(long address) implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_addr;
        }
    }

    /**
     * {@code DW_OP_deref}, {@code deref_size}, {@code deref_type}, {@code xderef}, {@code xderef_size},
     * {@code xderef_type}, {@code GNU_deref_type}. The x forms pop an address space below the address.
     */
    record Deref(int opcode, int size, long baseType, boolean addressSpace) implements Operation {
    }

    /**
     * {@code DW_OP_lit0..31}, {@code const1u..const8s}, {@code constu}, {@code consts}. Signed forms
     * hold the sign-extended value.
     */
    record Constant(int opcode, long value) implements Operation {
        public boolean signed() {
            return switch (opcode) {
                case DwOp.DW_OP_const1s, DwOp.DW_OP_const2s, DwOp.DW_OP_const4s, DwOp.DW_OP_const8s,
                     DwOp.DW_OP_consts -> true;
                default -> false;
            };
        }
    }

    /** {@code DW_OP_dup} (index 0), {@code DW_OP_over} (index 1) and {@code DW_OP_pick}. */
    record Pick(int opcode, int index) implements Operation {
    }

    record Drop() implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_drop;
        }
    }

    record Swap() implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_swap;
        }
    }

    record Rotate() implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_rot;
        }
    }

    /** {@code DW_OP_abs}, {@code neg}, {@code not}. */
    record Unary(int opcode) implements Operation {
    }

    /** Arithmetic, logical, shift and relational operations on the top two entries. */
    record Binary(int opcode) implements Operation {
    }

    /** {@code DW_OP_plus_uconst}. */
    record PlusConstant(long value) implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_plus_uconst;
        }
    }

    /** {@code DW_OP_skip}: {@code delta} bytes from the end of this operation. */
    record Skip(int delta) implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_skip;
        }
    }

    /** {@code DW_OP_bra}: pop; branch by {@code delta} bytes from the end of this operation if non-zero. */
    record Branch(int delta) implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_bra;
        }
    }

    /** {@code DW_OP_reg0..31}, {@code regx}: the object is in a register. */
    record Register(int opcode, int register) implements Operation {
    }

    /** {@code DW_OP_breg0..31}, {@code bregx}: push register + offset. */
    record RegisterOffset(int opcode, int register, long offset) implements Operation {
    }

    /** {@code DW_OP_regval_type}, {@code GNU_regval_type}: push a register's contents as a base type. */
    record RegisterValue(int opcode, int register, long baseType) implements Operation {
    }

    /** {@code DW_OP_fbreg}: push frame base + offset. */
    record FrameOffset(long offset) implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_fbreg;
        }
    }

    record Nop() implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_nop;
        }
    }

    record PushObjectAddress() implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_push_object_address;
        }
    }

    /** {@code DW_OP_call2}, {@code call4}, {@code call_ref}: run another DIE's location expression. */
    record Call(int opcode, DieReference target) implements Operation {
    }

    /** {@code DW_OP_GNU_variable_value}: push the value of the variable at a {@code .debug_info} offset. */
    record VariableValue(long infoOffset) implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_GNU_variable_value;
        }
    }

    /**
     * {@code DW_OP_form_tls_address} and {@code DW_OP_GNU_push_tls_address}: pop an offset, push the
     * address of that offset in this thread's TLS block of the module owning the DWARF.
     */
    record TlsAddress(int opcode) implements Operation {
    }

    record CallFrameCfa() implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_call_frame_cfa;
        }
    }

    /**
     * {@code DW_OP_piece} (no bit offset; size a whole number of bytes) and {@code DW_OP_bit_piece}.
     */
    record Piece(long sizeInBits, OptionalLong bitOffset) implements Operation {
        @Override
        public int opcode() {
            return bitOffset.isPresent() ? DwOp.DW_OP_bit_piece : DwOp.DW_OP_piece;
        }
    }

    /** {@code DW_OP_implicit_value}: the object's value is these bytes. */
    record ImplicitValue(byte[] value) implements Operation {
        public ImplicitValue {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public int opcode() {
            return DwOp.DW_OP_implicit_value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ImplicitValue other && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "ImplicitValue[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** {@code DW_OP_stack_value}: the object's value is the top of the stack. */
    record StackValue() implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_stack_value;
        }
    }

    /** {@code DW_OP_implicit_pointer}, {@code GNU_implicit_pointer}: a pointer to a value with no address. */
    record ImplicitPointer(int opcode, long infoOffset, long byteOffset) implements Operation {
    }

    /** {@code DW_OP_addrx}, {@code GNU_addr_index}: a {@code .debug_addr} slot holding an address to relocate. */
    record AddressIndex(int opcode, long index) implements Operation {
    }

    /**
     * {@code DW_OP_constx}, {@code GNU_const_index}: a {@code .debug_addr} slot holding a constant that
     * must not be relocated (split DWARF puts TLS offsets there).
     */
    record ConstantIndex(int opcode, long index) implements Operation {
    }

    /** {@code DW_OP_entry_value}, {@code GNU_entry_value}: a sub-expression evaluated at function entry. */
    record EntryValue(int opcode, Expression expression) implements Operation {
    }

    /** {@code DW_OP_GNU_parameter_ref}: the value the caller passed for the parameter at a unit offset. */
    record ParameterRef(long unitOffset) implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_GNU_parameter_ref;
        }
    }

    /** {@code DW_OP_const_type}, {@code GNU_const_type}: a constant of a base type, as target bytes. */
    record TypedConstant(int opcode, long baseType, byte[] value) implements Operation {
        public TypedConstant {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TypedConstant other && opcode == other.opcode && baseType == other.baseType
                    && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return (opcode * 31 + Long.hashCode(baseType)) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "TypedConstant[opcode=0x" + Integer.toHexString(opcode) + ", baseType=0x"
                    + Long.toHexString(baseType) + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** {@code DW_OP_convert}, {@code GNU_convert}: convert the top entry's value to another type. */
    record Convert(int opcode, long baseType) implements Operation {
    }

    /** {@code DW_OP_reinterpret}, {@code GNU_reinterpret}: same bits, another type of the same size. */
    record Reinterpret(int opcode, long baseType) implements Operation {
    }

    /** {@code DW_OP_GNU_uninit}: the object's value is not yet initialised. */
    record Uninitialized() implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_GNU_uninit;
        }
    }

    /** {@code DW_OP_GNU_encoded_addr}: an address in a {@code DW_EH_PE_*} encoding. */
    record EncodedAddress(int encoding, long value) implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_GNU_encoded_addr;
        }
    }

    /**
     * {@code DW_OP_WASM_location kind index}: push the value of a WebAssembly local (0), global (1, or 3
     * with a fixed 4-byte index), operand-stack slot (2) or indirect local (4).
     */
    record WasmLocation(int kind, long index) implements Operation {
        @Override
        public int opcode() {
            return DwOp.DW_OP_WASM_location;
        }
    }
}
