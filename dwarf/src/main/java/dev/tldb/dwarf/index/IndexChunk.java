package dev.tldb.dwarf.index;

import dev.tldb.dwarf.UnitSection;

import java.util.Arrays;

/**
 * The entries one scan of one unit found, as arrays laid out as {@link CompactIndex} keeps them:
 * a scan of a large program finds millions of names, and an object or two per entry would cost
 * more than finding them. {@link CompactIndex#join} concatenates the chunks of all units.
 */
final class IndexChunk implements UnitScanner.EntrySink {
    final UnitSection section;
    final long unit;
    /** The scanning thread's name table that {@link #localIds} number into, or null. */
    final StringCache strings;
    String[] names = new String[32];
    int[] localIds = new int[32];
    long[] words = new long[64];
    int size;

    IndexChunk(UnitSection section, long unit, StringCache strings) {
        this.section = section;
        this.unit = unit;
        this.strings = strings;
    }

    @Override
    public void accept(String name, int localId, EntryKind kind, long die, boolean tls, boolean external) {
        if (size == names.length) {
            int n = size * 2;
            names = Arrays.copyOf(names, n);
            localIds = Arrays.copyOf(localIds, n);
            words = Arrays.copyOf(words, 2 * n);
        }
        names[size] = name;
        localIds[size] = localId;
        words[2 * size] = unit;
        words[2 * size + 1] = CompactIndex.packed(kind, tls, external, section, die);
        size++;
    }
}
