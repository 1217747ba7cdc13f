package dev.tldb.dwarf.expr;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Where an object lives, as a location description computes it (DWARF 5 section 2.6). */
public sealed interface Location {

    /** In memory at this address. */
    record Address(long address) implements Location {
        @Override
        public String toString() {
            return "Address[0x" + Long.toHexString(address) + "]";
        }
    }

    /** In a register ({@code DW_OP_reg*}, {@code DW_OP_regx}), by DWARF register number. */
    record Register(int register) implements Location {
    }

    /** Nowhere, but its value is these bytes ({@code DW_OP_implicit_value}). */
    record ImplicitValue(byte[] value) implements Location {
        public ImplicitValue {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
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

    /** Nowhere, but its value was computed ({@code DW_OP_stack_value}). */
    record StackValue(Value value) implements Location {
    }

    /**
     * A pointer whose target has no address ({@code DW_OP_implicit_pointer}): the target is the object
     * described by the DIE at {@code infoOffset} in {@code .debug_info}, plus {@code byteOffset}.
     */
    record ImplicitPointer(long infoOffset, long byteOffset) implements Location {
    }

    /** Present in the source but not in the program (an empty expression or an empty piece). */
    record OptimizedOut() implements Location {
    }

    /** Composed of pieces ({@code DW_OP_piece}, {@code DW_OP_bit_piece}), in order from the lowest bit. */
    record Pieces(List<Piece> pieces) implements Location {
        public Pieces {
            pieces = List.copyOf(pieces);
        }
    }
}
