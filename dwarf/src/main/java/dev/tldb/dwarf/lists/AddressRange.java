package dev.tldb.dwarf.lists;

/** A half-open address range {@code [begin, end)}, compared as unsigned addresses. */
public record AddressRange(long begin, long end) {
    public boolean contains(long address) {
        return Long.compareUnsigned(address, begin) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    public boolean isEmpty() {
        return Long.compareUnsigned(begin, end) >= 0;
    }

    @Override
    public String toString() {
        return "[0x" + Long.toHexString(begin) + ", 0x" + Long.toHexString(end) + ")";
    }
}
