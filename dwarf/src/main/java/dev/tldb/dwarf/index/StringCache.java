package dev.tldb.dwarf.index;

import java.util.Arrays;

/**
 * The names a scan thread has decoded, by {@code .debug_str} offset, each with a number local to
 * this table. Units of a large program repeat the names of their shared headers thousands of
 * times, always through the same merged string; decoding each once saves most of a scan's string
 * work, and the numbers let {@link CompactIndex#join} number the index's names with array reads
 * instead of a hash lookup per entry. Open addressing over plain arrays: no boxing per lookup.
 * Not thread-safe: one per scanning thread.
 */
final class StringCache {
    private static final int MAX = 1 << 22; // past this many names, stop remembering (memory bound)

    private long[] keys = new long[1024];
    private int[] slots = new int[1024]; // local number + 1; 0 = empty
    private String[] byNumber = new String[512];
    private int size;

    /** How many names have numbers (numbers are 0 to size - 1). */
    int size() {
        return size;
    }

    String name(int number) {
        return byNumber[number];
    }

    /** The number of the name at {@code offset} (>= 0), or -1 if this table has not seen it. */
    int numberOf(long offset) {
        int mask = keys.length - 1;
        for (int i = slot(offset, mask); ; i = (i + 1) & mask) {
            int v = slots[i];
            if (v == 0) {
                return -1;
            }
            if (keys[i] == offset) {
                return v - 1;
            }
        }
    }

    /** Remembers {@code name} for {@code offset}; returns its number, or -1 once the table is full. */
    int add(long offset, String name) {
        if (size >= MAX) {
            return -1;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        if (size == byNumber.length) {
            byNumber = Arrays.copyOf(byNumber, size * 2);
        }
        byNumber[size] = name;
        insert(offset, size + 1);
        return size++;
    }

    private void insert(long offset, int value) {
        int mask = keys.length - 1;
        for (int i = slot(offset, mask); ; i = (i + 1) & mask) {
            if (slots[i] == 0) {
                keys[i] = offset;
                slots[i] = value;
                return;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new long[oldKeys.length * 2];
        slots = new int[oldSlots.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldSlots[i] != 0) {
                insert(oldKeys[i], oldSlots[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }
}
