package dev.tldb.dwarf.lists;

import dev.tldb.binary.ByteReader;
import dev.tldb.dwarf.Unit;

import java.util.function.Consumer;

/**
 * The address part of list entries, which location lists ({@link Locations}) and range lists
 * ({@link Ranges}) encode alike: DWARF 2–4 begin/end pairs with base address selection entries
 * ({@code .debug_loc}, {@code .debug_ranges}), and the DWARF 5 entry kinds that {@code DW_LLE_*}
 * and {@code DW_RLE_*} share under different numbers. What an entry carries besides its range (a
 * location expression, or nothing) is the caller's to read. Keeps the list's current base address.
 */
final class ListEntryReader {
    private final Unit unit;
    private final ByteReader r;
    private final int addressSize;
    private long base;

    /**
     * A reader positioned at {@code offset} of {@code r}, or a format error saying which list
     * ({@code what}) points outside the section.
     */
    ListEntryReader(Unit unit, ByteReader r, long offset, String what) {
        seek(r, offset, what);
        this.unit = unit;
        this.r = r;
        this.addressSize = unit.header().addressSize();
        this.base = unit.baseAddress();
    }

    /** Positions {@code r} at a list's {@code offset}, or says which list ({@code what}) points outside the section. */
    static void seek(ByteReader r, long offset, String what) {
        if (offset < 0 || offset >= r.limit()) {
            throw r.error(0, what + " offset 0x" + Long.toHexString(offset) + " lies outside the section ("
                    + r.limit() + " bytes)");
        }
        r.position(offset);
    }

    static long maxAddress(int addressSize) {
        return addressSize >= 8 ? -1L : (1L << (8 * addressSize)) - 1;
    }

    /**
     * DWARF 2–4: walks begin/end pairs up to the (0, 0) end-of-list entry, applying base address
     * selection entries, and hands each absolute range to {@code entry}, which reads whatever
     * follows the pair.
     */
    void pairs(Consumer<AddressRange> entry) {
        long max = maxAddress(addressSize);
        while (true) {
            long begin = r.unsigned(addressSize);
            long end = r.unsigned(addressSize);
            if (begin == 0 && end == 0) {
                return;
            }
            if (begin == max) {
                base = end;
                continue;
            }
            entry.accept(new AddressRange(base + begin, base + end));
        }
    }

    // DWARF 5 entry kinds, named as in DW_LLE_* / DW_RLE_*.

    void baseAddressx() {
        base = unit.addressAt(r.uleb128());
    }

    void baseAddress() {
        base = r.unsigned(addressSize);
    }

    AddressRange startxEndx() {
        long begin = unit.addressAt(r.uleb128());
        long end = unit.addressAt(r.uleb128());
        return new AddressRange(begin, end);
    }

    AddressRange startxLength() {
        long begin = unit.addressAt(r.uleb128());
        return new AddressRange(begin, begin + r.uleb128());
    }

    AddressRange offsetPair() {
        long begin = base + r.uleb128();
        long end = base + r.uleb128();
        return new AddressRange(begin, end);
    }

    AddressRange startEnd() {
        long begin = r.unsigned(addressSize);
        long end = r.unsigned(addressSize);
        return new AddressRange(begin, end);
    }

    AddressRange startLength() {
        long begin = r.unsigned(addressSize);
        return new AddressRange(begin, begin + r.uleb128());
    }
}
