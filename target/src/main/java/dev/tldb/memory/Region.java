package dev.tldb.memory;

/**
 * A contiguous range of target addresses with something behind it: bytes of a file (a core's
 * PT_LOAD, a program's segment), zeros (.bss), or heap storage (a simulated process).
 */
public record Region(long start, long size, Backing backing, String name) {

    /** Supplies bytes at offsets within the region. */
    public interface Backing {
        /** Copies {@code length} bytes at {@code offset} into {@code dst}; never reads past the region. */
        void read(long offset, byte[] dst, int dstOffset, int length);
    }

    /** A region of zeros (the part of a segment beyond its file bytes). */
    public static Backing zeros() {
        return (offset, dst, dstOffset, length) -> java.util.Arrays.fill(dst, dstOffset, dstOffset + length, (byte) 0);
    }

    public long end() {
        return start + size;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address - start, size) < 0;
    }
}
