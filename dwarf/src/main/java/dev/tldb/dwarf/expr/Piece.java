package dev.tldb.dwarf.expr;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One part of a composite location: {@code sizeInBits} bits found at {@code location}. A
 * {@code DW_OP_bit_piece} also gives a bit offset into that location (from the least significant bit
 * for registers and values); a {@code DW_OP_piece} does not.
 */
public record Piece(long sizeInBits, OptionalLong bitOffset, Location location) {
    public Piece {
        Objects.requireNonNull(bitOffset, "bitOffset");
        Objects.requireNonNull(location, "location");
        if (location instanceof Location.Pieces) {
            throw new IllegalArgumentException("a piece cannot itself be composite");
        }
    }
}
