package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;

/**
 * The initial length field that starts a unit, a line program, a name table and the other DWARF
 * section contributions (DWARF 5 section 7.4): 4 bytes, or {@code 0xffffffff} and 8 bytes in
 * 64-bit DWARF. Values {@code 0xfffffff0}–{@code 0xfffffffe} are reserved.
 *
 * @param length  the number of bytes after the field
 * @param dwarf64 whether the contribution is in 64-bit DWARF format
 */
public record InitialLength(long length, boolean dwarf64) {

    /** Reads the field at {@code r}'s position; a reserved value is a format error there. */
    public static InitialLength read(ByteReader r) {
        long at = r.position();
        long length = r.u32();
        if (length == 0xffff_ffffL) {
            return new InitialLength(r.u64(), true);
        }
        if (length >= 0xffff_fff0L) {
            throw r.error(at, "reserved unit length 0x" + Long.toHexString(length));
        }
        return new InitialLength(length, false);
    }

    /** Size of a section offset in this contribution: 4 in 32-bit DWARF, 8 in 64-bit DWARF. */
    public int offsetSize() {
        return dwarf64 ? 8 : 4;
    }
}
