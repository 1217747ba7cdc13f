package dev.tldb.memory;

import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes written by the debugger ({@code M}, {@code X}, {@code set var}) over a read-only image: a
 * core file or a program file is never modified, the writes live here and are laid over reads.
 * Stored as 256-byte chunks with a mask of which bytes were written.
 */
public final class WriteOverlay {
    private static final int CHUNK = 256;

    private record Chunk(byte[] data, boolean[] written) {}

    private final TreeMap<Long, Chunk> chunks = new TreeMap<>(Long::compareUnsigned);

    public synchronized void write(long address, byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            long a = address + i;
            long base = a & -CHUNK;
            Chunk c = chunks.computeIfAbsent(base, k -> new Chunk(new byte[CHUNK], new boolean[CHUNK]));
            int idx = (int) (a - base);
            c.data[idx] = data[offset + i];
            c.written[idx] = true;
        }
    }

    /** Lays written bytes over {@code buf}, which holds {@code length} bytes read from {@code address}. */
    public synchronized void apply(long address, byte[] buf, int offset, int length) {
        if (chunks.isEmpty() || length == 0) {
            return;
        }
        long first = address & -CHUNK;
        long last = address + length - 1;
        for (Map.Entry<Long, Chunk> e : chunks.subMap(first, true, last, true).entrySet()) {
            long base = e.getKey();
            Chunk c = e.getValue();
            for (int i = 0; i < CHUNK; i++) {
                long a = base + i;
                long rel = a - address;
                if (c.written[i] && rel >= 0 && rel < length) {
                    buf[offset + (int) rel] = c.data[i];
                }
            }
        }
    }

    public synchronized boolean isEmpty() {
        return chunks.isEmpty();
    }
}
