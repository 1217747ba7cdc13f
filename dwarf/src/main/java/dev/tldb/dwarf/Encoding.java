package dev.tldb.dwarf;

/**
 * How a unit encodes numbers: DWARF version, 32- or 64-bit DWARF format (offset size 4 or 8) and
 * target address size. Expressions, forms and lists all depend on it.
 */
public record Encoding(int version, boolean dwarf64, int addressSize) {

    public Encoding {
        if (version < 2 || version > 5) {
            throw new IllegalArgumentException("DWARF version " + version);
        }
        if (addressSize != 1 && addressSize != 2 && addressSize != 4 && addressSize != 8) {
            throw new IllegalArgumentException("address size " + addressSize);
        }
    }

    /** Size of a section offset: 4 in 32-bit DWARF, 8 in 64-bit DWARF. */
    public int offsetSize() {
        return dwarf64 ? 8 : 4;
    }
}
