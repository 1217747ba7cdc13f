package dev.tldb.dwarf.index;

/**
 * The names a scan thread has decoded, by {@code .debug_str} offset. Units of a large program
 * repeat the names of their shared headers thousands of times, always through the same merged
 * string; decoding each once saves most of a scan's string work, and handing out one String
 * instance per name makes building the index's name table cheap. Open addressing over plain
 * arrays: no boxing per lookup. Not thread-safe: one per scanning thread.
 */
final class StringCache {
    private static final int MAX = 1 << 22; // past this many names, stop remembering (memory bound)

    private long[] keys = new long[1024];
    private String[] values = new String[1024];
    private int size;

    /** The string cached for {@code offset} (>= 0), or null. */
    String get(long offset) {
        int mask = keys.length - 1;
        for (int i = slot(offset, mask); ; i = (i + 1) & mask) {
            String v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == offset) {
                return v;
            }
        }
    }

    void put(long offset, String value) {
        if (size >= MAX) {
            return;
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(offset, value);
    }

    private void insert(long offset, String value) {
        int mask = keys.length - 1;
        for (int i = slot(offset, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = offset;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == offset) {
                return;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        String[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new String[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
