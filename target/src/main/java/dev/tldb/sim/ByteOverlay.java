package dev.tldb.sim;

import java.util.HashMap;

/**
 * Bytes written over the generated memory, in 64-byte chunks with a bit per written byte. Small
 * chunks because the simulator's own writes are scattered words (a DTV entry, a list pointer) in
 * thousands of threads: each costs about a hundred bytes, not a page.
 */
final class ByteOverlay {
    private static final int CHUNK = 64;

    private static final class Chunk {
        final byte[] data = new byte[CHUNK];
        long written;
    }

    private final HashMap<Long, Chunk> chunks = new HashMap<>();

    void write(long address, byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            long a = address + i;
            long base = a & -CHUNK;
            Chunk c = chunks.computeIfAbsent(base, k -> new Chunk());
            int idx = (int) (a - base);
            c.data[idx] = data[offset + i];
            c.written |= 1L << idx;
        }
    }

    /** Lays the written bytes over {@code buf}, which holds {@code length} bytes read at {@code address}. */
    void apply(long address, byte[] buf, int offset, int length) {
        if (chunks.isEmpty() || length <= 0) {
            return;
        }
        long first = address & -CHUNK;
        long last = (address + length - 1) & -CHUNK;
        for (long base = first; ; base += CHUNK) {
            Chunk c = chunks.get(base);
            if (c != null) {
                long mask = c.written;
                while (mask != 0) {
                    int idx = Long.numberOfTrailingZeros(mask);
                    mask &= mask - 1;
                    long rel = base + idx - address;
                    if (rel >= 0 && rel < length) {
                        buf[offset + (int) rel] = c.data[idx];
                    }
                }
            }
            if (base == last) {
                break;
            }
        }
    }

    int chunkCount() {
        return chunks.size();
    }
}
