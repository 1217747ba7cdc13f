package dev.tldb.dwarf;

/** An offset from the start of a unit's header, as unit-local references (ref1..ref8) hold. */
public record UnitOffset(long value) {
    @Override
    public String toString() {
        return "<+0x" + Long.toHexString(value) + ">";
    }
}
