package dev.tldb.sim;

import java.nio.ByteOrder;

/** Target-endian integers in byte arrays: the simulator writes 4- and 8-byte words everywhere. */
final class Words {
    private Words() {}

    static long get(byte[] b, int at, int size, ByteOrder order) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int idx = order == ByteOrder.LITTLE_ENDIAN ? at + size - 1 - i : at + i;
            v = v << 8 | (b[idx] & 0xff);
        }
        return v;
    }

    static void put(byte[] b, int at, int size, long value, ByteOrder order) {
        for (int i = 0; i < size; i++) {
            int idx = order == ByteOrder.LITTLE_ENDIAN ? at + i : at + size - 1 - i;
            b[idx] = (byte) (value >>> (8 * i));
        }
    }

    /**
     * Copies the part of a field {@code [fieldStart, fieldStart+size)} holding {@code value} that
     * falls inside a read of {@code [readStart, readStart+length)} into {@code dst}: how generated
     * objects place their few non-zero fields into whatever range the debugger asked for.
     */
    static void overlay(long readStart, byte[] dst, int dstOff, int length, long fieldStart, int size, long value,
                        ByteOrder order) {
        long from = Math.max(readStart, fieldStart);
        long to = Math.min(readStart + length, fieldStart + size);
        if (from >= to) {
            return;
        }
        byte[] field = new byte[size];
        put(field, 0, size, value, order);
        System.arraycopy(field, (int) (from - fieldStart), dst, dstOff + (int) (from - readStart), (int) (to - from));
    }

    /** Like {@link #overlay} for raw bytes ({@code src[srcOff, srcOff+size)} placed at {@code fieldStart}). */
    static void overlayBytes(long readStart, byte[] dst, int dstOff, int length, long fieldStart, byte[] src, int srcOff,
                             int size) {
        long from = Math.max(readStart, fieldStart);
        long to = Math.min(readStart + length, fieldStart + size);
        if (from >= to) {
            return;
        }
        System.arraycopy(src, srcOff + (int) (from - fieldStart), dst, dstOff + (int) (from - readStart), (int) (to - from));
    }

    static long alignUp(long v, long align) {
        return align <= 1 ? v : (v + align - 1) & -align;
    }

    static long alignDown(long v, long align) {
        return align <= 1 ? v : v & -align;
    }
}
