package dev.tldb.session;

import java.nio.ByteOrder;

/** Integers out of target-order byte arrays. */
final class Bytes {
    private Bytes() {}

    /** {@code size} bytes at {@code offset} as an integer, sign-extended from its top bit when {@code signed}. */
    static long integer(byte[] b, int offset, int size, ByteOrder order, boolean signed) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int idx = order == ByteOrder.LITTLE_ENDIAN ? offset + size - 1 - i : offset + i;
            v = v << 8 | (b[idx] & 0xff);
        }
        if (signed && size < 8 && size > 0) {
            int shift = 64 - size * 8;
            v = v << shift >> shift;
        }
        return v;
    }

    /** {@code bitSize} bits starting {@code bitOffset} bits into the bytes at {@code offset} (DWARF data_bit_offset order). */
    static long bits(byte[] b, long bitOffset, int bitSize, ByteOrder order, boolean signed) {
        long v = 0;
        if (order == ByteOrder.LITTLE_ENDIAN) {
            for (int i = 0; i < bitSize; i++) {
                long bit = bitOffset + i;
                int bt = (b[(int) (bit / 8)] >> (bit % 8)) & 1;
                v |= (long) bt << i;
            }
        } else {
            for (int i = 0; i < bitSize; i++) {
                long bit = bitOffset + i;
                int bt = (b[(int) (bit / 8)] >> (7 - bit % 8)) & 1;
                v = v << 1 | bt;
            }
        }
        if (signed && bitSize < 64 && ((v >> (bitSize - 1)) & 1) != 0) {
            v |= -1L << bitSize;
        }
        return v;
    }
}
