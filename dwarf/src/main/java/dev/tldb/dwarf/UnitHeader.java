package dev.tldb.dwarf;

import dev.tldb.binary.ByteReader;

import java.util.OptionalLong;

/**
 * A unit header (DWARF 2–5, 32- and 64-bit format). {@code offset} is where the header starts in
 * its section, {@code end} where the next unit starts, {@code firstDie} where the root DIE starts.
 *
 * <p>{@code unitType} is the DWARF 5 {@link DwUt} value; older headers get {@code DW_UT_compile},
 * or {@code DW_UT_type} in {@code .debug_types}.
 *
 * @param typeOffset for type units, the unit-relative offset of the DIE that describes the type
 */
public record UnitHeader(
        UnitSection section,
        long offset,
        long end,
        long firstDie,
        Encoding encoding,
        int unitType,
        long abbrevOffset,
        OptionalLong typeSignature,
        OptionalLong typeOffset,
        OptionalLong dwoId) {

    public int version() {
        return encoding.version();
    }

    public int addressSize() {
        return encoding.addressSize();
    }

    public int offsetSize() {
        return encoding.offsetSize();
    }

    /** Size of a DW_FORM_ref_addr value: the address size in DWARF 2, the offset size later. */
    public int refAddrSize() {
        return encoding.version() <= 2 ? encoding.addressSize() : encoding.offsetSize();
    }

    public boolean isTypeUnit() {
        return unitType == DwUt.TYPE || unitType == DwUt.SPLIT_TYPE;
    }

    public boolean contains(long sectionOffset) {
        return sectionOffset >= firstDie && sectionOffset < end;
    }

    /**
     * Reads the header at {@code offset} of {@code r}'s section. Everything is checked against the
     * section: the length, the version (2–5), the address size, the header fitting in the unit.
     */
    public static UnitHeader read(ByteReader r, long offset, UnitSection section) {
        r.position(offset);
        InitialLength initial = InitialLength.read(r);
        long length = initial.length();
        boolean dwarf64 = initial.dwarf64();
        if (length < 2 || length > r.remaining()) {
            throw r.error(offset, "unit length 0x" + Long.toHexString(length) + " runs past the end of the section ("
                    + r.remaining() + " bytes left)");
        }
        long end = r.position() + length;
        int version = r.u16();
        if (version < 2 || version > 5) {
            throw r.error(offset, "unsupported DWARF version " + version);
        }
        if (section.section() == DwarfSection.TYPES && version != 4) {
            throw r.error(offset, "type unit in .debug_types has version " + version + " (only 4 uses that section)");
        }
        int offsetSize = initial.offsetSize();
        int unitType;
        int addressSize;
        long abbrevOffset;
        if (version >= 5) {
            unitType = r.u8();
            addressSize = r.u8();
            abbrevOffset = r.unsigned(offsetSize);
        } else {
            unitType = section.section() == DwarfSection.TYPES ? DwUt.TYPE : DwUt.COMPILE;
            abbrevOffset = r.unsigned(offsetSize);
            addressSize = r.u8();
        }
        if (addressSize != 1 && addressSize != 2 && addressSize != 4 && addressSize != 8) {
            throw r.error(offset, "unsupported address size " + addressSize);
        }
        OptionalLong signature = OptionalLong.empty();
        OptionalLong typeOffset = OptionalLong.empty();
        OptionalLong dwoId = OptionalLong.empty();
        switch (unitType) {
            case DwUt.COMPILE, DwUt.PARTIAL -> { }
            case DwUt.SKELETON, DwUt.SPLIT_COMPILE -> dwoId = OptionalLong.of(r.u64());
            case DwUt.TYPE, DwUt.SPLIT_TYPE -> {
                signature = OptionalLong.of(r.u64());
                long to = r.unsigned(offsetSize);
                typeOffset = OptionalLong.of(to);
            }
            default -> throw r.error(offset, "unknown unit type " + DwUt.name(unitType));
        }
        long firstDie = r.position();
        if (firstDie > end) {
            throw r.error(offset, "unit header is longer than the unit");
        }
        if (typeOffset.isPresent()) {
            long to = typeOffset.getAsLong();
            if (to < firstDie - offset || to >= end - offset) {
                throw r.error(offset, "type offset 0x" + Long.toHexString(to) + " lies outside its type unit");
            }
        }
        return new UnitHeader(section, offset, end, firstDie, new Encoding(version, dwarf64, addressSize), unitType,
                abbrevOffset, signature, typeOffset, dwoId);
    }
}
