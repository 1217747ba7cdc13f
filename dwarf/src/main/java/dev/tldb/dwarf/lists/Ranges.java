package dev.tldb.dwarf.lists;

import dev.tldb.binary.ByteReader;
import dev.tldb.dwarf.AttributeValue;
import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwAt;
import dev.tldb.dwarf.DwRle;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.DwarfSection;
import dev.tldb.dwarf.Unit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The address ranges a DIE covers: {@code DW_AT_low_pc}/{@code DW_AT_high_pc} (high_pc as an
 * offset when it is a constant, DWARF 4+) or {@code DW_AT_ranges}, read from {@code .debug_ranges}
 * (DWARF 2–4, with base address selection entries) or {@code .debug_rnglists} (DWARF 5, every
 * DW_RLE kind). Results are absolute: base addresses are applied.
 */
public final class Ranges {
    private Ranges() {}

    /** The DIE's ranges; empty when it has no address attributes. */
    public static List<AddressRange> of(Die die) {
        Unit unit = die.unit();
        Optional<AttributeValue> ranges = die.attribute(DwAt.RANGES);
        if (ranges.isPresent()) {
            OptionalLong offset = unit.rangeListOffset(ranges.get());
            if (offset.isEmpty()) {
                throw die.unit().dwarf().sections().reader(unit.section().section()).error(die.sectionOffset(),
                        "DW_AT_ranges has an unexpected value " + ranges.get());
            }
            return list(unit, offset.getAsLong());
        }
        Optional<Long> low = die.address(DwAt.LOW_PC);
        if (low.isEmpty()) {
            return List.of();
        }
        Optional<AttributeValue> high = die.attribute(DwAt.HIGH_PC);
        if (high.isEmpty()) {
            return List.of(new AddressRange(low.get(), low.get() + 1));
        }
        Optional<Long> highAddress = unit.address(high.get());
        long end;
        if (highAddress.isPresent()) {
            end = highAddress.get();
        } else if (high.get() instanceof AttributeValue.UnsignedConstant c) {
            end = low.get() + c.value();
        } else if (high.get() instanceof AttributeValue.SignedConstant c) {
            end = low.get() + c.value();
        } else {
            return List.of();
        }
        return List.of(new AddressRange(low.get(), end));
    }

    /** Whether the DIE's ranges contain {@code pc}. */
    public static boolean contains(Die die, long pc) {
        for (AddressRange r : of(die)) {
            if (r.contains(pc)) {
                return true;
            }
        }
        return false;
    }

    /** The range list at {@code offset} of the unit's range-list section. */
    public static List<AddressRange> list(Unit unit, long offset) {
        if (unit.version() >= 5) {
            return rnglist(unit, unit.dwarf().sections().reader(DwarfSection.RNGLISTS), offset);
        }
        DwarfInfo owner = unit.skeleton().map(Unit::dwarf).orElse(unit.dwarf());
        return debugRanges(unit, owner.sections().reader(DwarfSection.RANGES), offset);
    }

    private static List<AddressRange> debugRanges(Unit unit, ByteReader r, long offset) {
        List<AddressRange> out = new ArrayList<>();
        new ListEntryReader(unit, r, offset, "list").pairs(range -> addUnlessEmpty(out, range));
        return out;
    }

    private static List<AddressRange> rnglist(Unit unit, ByteReader r, long offset) {
        ListEntryReader e = new ListEntryReader(unit, r, offset, "list");
        List<AddressRange> out = new ArrayList<>();
        while (true) {
            long at = r.position();
            int kind = r.u8();
            switch (kind) {
                case DwRle.END_OF_LIST -> {
                    return out;
                }
                case DwRle.BASE_ADDRESSX -> e.baseAddressx();
                case DwRle.STARTX_ENDX -> addUnlessEmpty(out, e.startxEndx());
                case DwRle.STARTX_LENGTH -> addUnlessEmpty(out, e.startxLength());
                case DwRle.OFFSET_PAIR -> addUnlessEmpty(out, e.offsetPair());
                case DwRle.BASE_ADDRESS -> e.baseAddress();
                case DwRle.START_END -> addUnlessEmpty(out, e.startEnd());
                case DwRle.START_LENGTH -> addUnlessEmpty(out, e.startLength());
                default -> throw r.error(at, "unknown range list entry " + DwRle.name(kind));
            }
        }
    }

    private static void addUnlessEmpty(List<AddressRange> out, AddressRange range) {
        if (!range.isEmpty()) {
            out.add(range);
        }
    }
}
