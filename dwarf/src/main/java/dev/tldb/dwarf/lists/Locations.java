package dev.tldb.dwarf.lists;

import dev.tldb.binary.ByteReader;
import dev.tldb.dwarf.AttributeValue;
import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwAt;
import dev.tldb.dwarf.DwLle;
import dev.tldb.dwarf.DwarfSection;
import dev.tldb.dwarf.Unit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads location attributes ({@code DW_AT_location}, {@code DW_AT_frame_base}, ...) into a
 * {@link LocationDescription}: an inline expression, or a location list from {@code .debug_loc}
 * (DWARF 2–4), {@code .debug_loc.dwo} (GNU split DWARF, {@code DW_LLE_GNU_*} entries) or
 * {@code .debug_loclists} (DWARF 5, every DW_LLE kind). Expressions are returned as bytes.
 */
public final class Locations {
    private Locations() {}

    /** DW_AT_location of the DIE. */
    public static Optional<LocationDescription> of(Die die) {
        return of(die, DwAt.LOCATION);
    }

    /** A location-class attribute of the DIE. */
    public static Optional<LocationDescription> of(Die die, int attribute) {
        Optional<AttributeValue> v = die.attribute(attribute);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Unit unit = die.unit();
        if (v.get() instanceof AttributeValue.Exprloc e) {
            return Optional.of(new SingleLocation(unit.encoding(), e.bytes()));
        }
        if (v.get() instanceof AttributeValue.Block b) {
            return Optional.of(new SingleLocation(unit.encoding(), b.bytes()));
        }
        OptionalLong offset = unit.locationListOffset(v.get());
        if (offset.isEmpty()) {
            throw unit.dwarf().sections().reader(unit.section().section()).error(die.sectionOffset(),
                    DwAt.name(attribute) + " has an unexpected value " + v.get());
        }
        return Optional.of(list(unit, offset.getAsLong()));
    }

    /** The location list at {@code offset} of the unit's location-list section. */
    public static LocationList list(Unit unit, long offset) {
        if (unit.version() >= 5) {
            return loclists(unit, unit.dwarf().sections().reader(DwarfSection.LOCLISTS), offset);
        }
        ByteReader r = unit.dwarf().sections().reader(DwarfSection.LOC);
        return unit.isSplit() ? gnuSplit(unit, r, offset) : debugLoc(unit, r, offset);
    }

    private static byte[] expression(ByteReader r, long length) {
        if (length < 0 || length > r.remaining()) {
            throw r.error("location expression of " + Long.toUnsignedString(length) + " bytes runs past the section");
        }
        return r.bytes((int) length);
    }

    private static LocationList debugLoc(Unit unit, ByteReader r, long offset) {
        List<LocationListEntry> out = new ArrayList<>();
        new ListEntryReader(unit, r, offset, "location list")
                .pairs(range -> out.add(new LocationListEntry(range, expression(r, r.u16()))));
        return new LocationList(unit.encoding(), out, Optional.empty());
    }

    private static LocationList gnuSplit(Unit unit, ByteReader r, long offset) {
        ListEntryReader.seek(r, offset, "location list");
        List<LocationListEntry> out = new ArrayList<>();
        while (true) {
            long at = r.position();
            int kind = r.u8();
            long begin;
            long end;
            switch (kind) {
                case DwLle.GNU_END_OF_LIST_ENTRY -> {
                    return new LocationList(unit.encoding(), out, Optional.empty());
                }
                case DwLle.GNU_BASE_ADDRESS_SELECTION_ENTRY -> {
                    // Only matters for offset pairs, which this format does not have.
                    unit.addressAt(r.uleb128());
                    continue;
                }
                case DwLle.GNU_START_END_ENTRY -> {
                    begin = unit.addressAt(r.uleb128());
                    end = unit.addressAt(r.uleb128());
                }
                case DwLle.GNU_START_LENGTH_ENTRY -> {
                    begin = unit.addressAt(r.uleb128());
                    end = begin + r.u32();
                }
                case DwLle.GNU_VIEW_PAIR -> {
                    r.uleb128();
                    r.uleb128();
                    continue;
                }
                default -> throw r.error(at, "unknown split location list entry " + DwLle.name(kind));
            }
            out.add(new LocationListEntry(new AddressRange(begin, end), expression(r, r.u16())));
        }
    }

    private static LocationList loclists(Unit unit, ByteReader r, long offset) {
        ListEntryReader e = new ListEntryReader(unit, r, offset, "location list");
        List<LocationListEntry> out = new ArrayList<>();
        byte[] defaultLocation = null;
        while (true) {
            long at = r.position();
            int kind = r.u8();
            AddressRange range;
            switch (kind) {
                case DwLle.END_OF_LIST -> {
                    return new LocationList(unit.encoding(), out, Optional.ofNullable(defaultLocation));
                }
                case DwLle.BASE_ADDRESSX -> {
                    e.baseAddressx();
                    continue;
                }
                case DwLle.STARTX_ENDX -> range = e.startxEndx();
                case DwLle.STARTX_LENGTH -> range = e.startxLength();
                case DwLle.OFFSET_PAIR -> range = e.offsetPair();
                case DwLle.DEFAULT_LOCATION -> {
                    defaultLocation = expression(r, r.uleb128());
                    continue;
                }
                case DwLle.BASE_ADDRESS -> {
                    e.baseAddress();
                    continue;
                }
                case DwLle.START_END -> range = e.startEnd();
                case DwLle.START_LENGTH -> range = e.startLength();
                case DwLle.GNU_VIEW_PAIR -> {
                    r.uleb128();
                    r.uleb128();
                    continue;
                }
                default -> throw r.error(at, "unknown location list entry " + DwLle.name(kind));
            }
            out.add(new LocationListEntry(range, expression(r, r.uleb128())));
        }
    }
}
