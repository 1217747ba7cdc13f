package dev.tldb.dwarf.lists;

import java.util.Arrays;
import java.util.HexFormat;

/** One entry of a location list: where the pc must be, and the expression that holds there. */
public record LocationListEntry(AddressRange range, byte[] expression) {
    public LocationListEntry {
        expression = expression.clone();
    }

    @Override
    public byte[] expression() {
        return expression.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocationListEntry e && e.range.equals(range) && Arrays.equals(e.expression, expression);
    }

    @Override
    public int hashCode() {
        return range.hashCode() * 31 + Arrays.hashCode(expression);
    }

    @Override
    public String toString() {
        return range + " " + HexFormat.of().formatHex(expression);
    }
}
