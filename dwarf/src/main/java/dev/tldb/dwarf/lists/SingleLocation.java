package dev.tldb.dwarf.lists;

import dev.tldb.dwarf.Encoding;

import java.util.Arrays;
import java.util.HexFormat;

/** A location expression valid at every address (DW_FORM_exprloc, or a block in DWARF 2/3). */
public record SingleLocation(Encoding encoding, byte[] expression) implements LocationDescription {
    public SingleLocation {
        expression = expression.clone();
    }

    @Override
    public byte[] expression() {
        return expression.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SingleLocation s && s.encoding.equals(encoding) && Arrays.equals(s.expression, expression);
    }

    @Override
    public int hashCode() {
        return encoding.hashCode() * 31 + Arrays.hashCode(expression);
    }

    @Override
    public String toString() {
        return "expression " + HexFormat.of().formatHex(expression);
    }
}
