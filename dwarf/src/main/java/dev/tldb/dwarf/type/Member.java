package dev.tldb.dwarf.type;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A data member of a struct, class or union.
 *
 * @param byteOffset from DW_AT_data_member_location (a constant or a simple expression), or the
 *                   byte holding the first bit of a bitfield; empty when it cannot be known statically
 * @param bitSize    DW_AT_bit_size for bitfields
 * @param bitOffset  the bitfield's first bit counted from the start of the containing object
 *                   (DW_AT_data_bit_offset, or DWARF 2's DW_AT_bit_offset converted)
 */
public record Member(Optional<String> name, TypeRef type, OptionalLong byteOffset, OptionalLong bitSize,
        OptionalLong bitOffset) {

    public boolean isBitfield() {
        return bitSize.isPresent();
    }
}
