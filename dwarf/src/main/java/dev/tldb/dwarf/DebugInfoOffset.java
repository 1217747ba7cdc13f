package dev.tldb.dwarf;

/** An offset in {@code .debug_info} (or {@code .debug_types}): where a unit or a DIE starts. */
public record DebugInfoOffset(long value) implements Comparable<DebugInfoOffset> {
    @Override
    public int compareTo(DebugInfoOffset o) {
        return Long.compare(value, o.value);
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(value);
    }
}
