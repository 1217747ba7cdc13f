package dev.tldb.dwarf.index;

import dev.tldb.dwarf.UnitSection;

import java.util.Arrays;

/**
 * The entries one scan of one unit found, as parallel arrays: a scan of a large program finds
 * millions of names, and an object or two per entry would cost more than finding them.
 * {@link CompactIndex#of(java.util.List, boolean)} joins the chunks of all units in unit order.
 */
final class IndexChunk implements UnitScanner.EntrySink {
    final UnitSection section;
    final long unit;
    String[] names = new String[32];
    long[] strOffsets = new long[32];
    byte[] kinds = new byte[32];
    byte[] flags = new byte[32];
    long[] dies = new long[32];
    int size;

    IndexChunk(UnitSection section, long unit) {
        this.section = section;
        this.unit = unit;
    }

    @Override
    public void accept(String name, long strOffset, EntryKind kind, long die, boolean tls, boolean external) {
        if (size == names.length) {
            int n = size * 2;
            names = Arrays.copyOf(names, n);
            strOffsets = Arrays.copyOf(strOffsets, n);
            kinds = Arrays.copyOf(kinds, n);
            flags = Arrays.copyOf(flags, n);
            dies = Arrays.copyOf(dies, n);
        }
        names[size] = name;
        strOffsets[size] = strOffset;
        kinds[size] = (byte) kind.ordinal();
        flags[size] = (byte) ((tls ? 1 : 0) | (external ? 2 : 0));
        dies[size] = die;
        size++;
    }
}
