package dev.tldb.dwarf.index;

/** Name numbers by {@code .debug_str} offset: an open-addressing long-to-int map, no boxing. */
final class OffsetIds {
    private long[] keys = new long[1024];
    private int[] values = new int[1024]; // id + 1; 0 = empty
    private int size;

    /** The id stored for {@code offset}, or -1. */
    int get(long offset) {
        int mask = keys.length - 1;
        for (int i = slot(offset, mask); ; i = (i + 1) & mask) {
            int v = values[i];
            if (v == 0) {
                return -1;
            }
            if (keys[i] == offset) {
                return v - 1;
            }
        }
    }

    void put(long offset, int id) {
        if (2 * (size + 1) > keys.length) {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldValues.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] != 0) {
                    insert(oldKeys[i], oldValues[i]);
                }
            }
        }
        insert(offset, id + 1);
    }

    private void insert(long offset, int value) {
        int mask = keys.length - 1;
        for (int i = slot(offset, mask); ; i = (i + 1) & mask) {
            if (values[i] == 0) {
                keys[i] = offset;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == offset) {
                values[i] = value;
                return;
            }
        }
    }

    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }
}
