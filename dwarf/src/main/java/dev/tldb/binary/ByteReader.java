package dev.tldb.binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a byte buffer (usually a slice of a memory-mapped file) that reads fixed-size
 * integers in the buffer's byte order, LEB128 numbers and C strings. Every read is bounds-checked
 * and failures name the source and offset, so a corrupt file gives a one-line error, never an
 * {@link IndexOutOfBoundsException}.
 *
 * <p>Reads use absolute indexing: the underlying buffer's position is never touched, so several
 * readers (on several threads) can share one buffer.
 */
public final class ByteReader {
    private final ByteBuffer buf;
    private final String source;
    private final long baseOffset;
    private int pos;

    /**
     * @param buf        the bytes, from index 0 to {@code buf.limit()}; its byte order is used
     * @param source     what the bytes are, for messages, e.g. {@code "libc.so.6: .debug_info"}
     * @param baseOffset the offset of {@code buf[0]} in that source, so messages give offsets the
     *                   user can find with readelf or a hex dump
     */
    public ByteReader(ByteBuffer buf, String source, long baseOffset) {
        this.buf = buf;
        this.source = source;
        this.baseOffset = baseOffset;
    }

    public ByteReader(ByteBuffer buf, String source) {
        this(buf, source, 0);
    }

    public ByteOrder order() {
        return buf.order();
    }

    public String source() {
        return source;
    }

    public int position() {
        return pos;
    }

    /** Offset of the cursor in the source (position plus the base offset). */
    public long sourceOffset() {
        return baseOffset + pos;
    }

    public ByteReader position(int newPos) {
        if (newPos < 0 || newPos > buf.limit()) {
            throw outside(newPos);
        }
        pos = newPos;
        return this;
    }

    public ByteReader position(long newPos) {
        if (newPos < 0 || newPos > buf.limit()) {
            throw outside(newPos);
        }
        pos = (int) newPos;
        return this;
    }

    // Error messages are built in methods of their own: the checks above and in need() run for
    // every byte a scan reads and must stay small enough for the JIT to inline.
    private FormatException outside(long newPos) {
        return error(newPos, "offset outside the " + buf.limit() + " bytes available");
    }

    public int limit() {
        return buf.limit();
    }

    public int remaining() {
        return buf.limit() - pos;
    }

    public boolean hasRemaining() {
        return pos < buf.limit();
    }

    public void skip(long n) {
        need(n);
        pos += (int) n;
    }

    public int u8() {
        need(1);
        return buf.get(pos++) & 0xff;
    }

    public byte s8() {
        need(1);
        return buf.get(pos++);
    }

    public int u16() {
        need(2);
        int v = buf.getShort(pos) & 0xffff;
        pos += 2;
        return v;
    }

    public short s16() {
        need(2);
        short v = buf.getShort(pos);
        pos += 2;
        return v;
    }

    /** Three-byte unsigned value (DWARF 5 strx3/addrx3). */
    public int u24() {
        need(3);
        int b0 = buf.get(pos) & 0xff, b1 = buf.get(pos + 1) & 0xff, b2 = buf.get(pos + 2) & 0xff;
        pos += 3;
        return buf.order() == ByteOrder.LITTLE_ENDIAN ? b0 | b1 << 8 | b2 << 16 : b0 << 16 | b1 << 8 | b2;
    }

    public long u32() {
        need(4);
        long v = buf.getInt(pos) & 0xffff_ffffL;
        pos += 4;
        return v;
    }

    public int s32() {
        need(4);
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    /** An unsigned 64-bit value, in a long's bits. */
    public long u64() {
        need(8);
        long v = buf.getLong(pos);
        pos += 8;
        return v;
    }

    /** An unsigned value of 1, 2, 4 or 8 bytes (address sizes, offset sizes, block lengths). */
    public long unsigned(int size) {
        return switch (size) {
            case 1 -> u8();
            case 2 -> u16();
            case 3 -> u24();
            case 4 -> u32();
            case 8 -> u64();
            default -> throw error(pos, "unsupported integer size " + size);
        };
    }

    /** A signed value of 1, 2, 4 or 8 bytes. */
    public long signed(int size) {
        return switch (size) {
            case 1 -> s8();
            case 2 -> s16();
            case 4 -> s32();
            case 8 -> u64();
            default -> throw error(pos, "unsupported integer size " + size);
        };
    }

    /** ULEB128. Values above 64 bits are an error (DWARF never needs them). */
    public long uleb128() {
        int start = pos;
        long result = 0;
        int shift = 0;
        while (true) {
            if (pos >= buf.limit()) {
                throw error(start, "truncated ULEB128");
            }
            int b = buf.get(pos++) & 0xff;
            int low = b & 0x7f;
            if (shift < 63) {
                result |= (long) low << shift;
            } else if (shift == 63 ? low > 1 : low != 0) {
                throw error(start, "ULEB128 does not fit in 64 bits");
            } else if (shift == 63) {
                result |= (long) low << 63;
            }
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
            if (shift > 63 + 7 * 4) { // allow a few redundant 0x80 padding bytes, as assemblers emit
                throw tooLong(start, shift);
            }
        }
    }

    /** SLEB128, sign-extended to 64 bits. */
    public long sleb128() {
        int start = pos;
        long result = 0;
        int shift = 0;
        int b;
        do {
            if (pos >= buf.limit()) {
                throw error(start, "truncated SLEB128");
            }
            b = buf.get(pos++) & 0xff;
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if (shift > 63 + 7 * 4) {
                throw error(start, "SLEB128 longer than " + (shift / 7) + " bytes");
            }
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** ULEB128 that must fit an int and be non-negative (counts, indexes, lengths). */
    public int ulebInt(String what) {
        int start = pos;
        long v = uleb128();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw error(start, what + " " + Long.toUnsignedString(v) + " is too large");
        }
        return (int) v;
    }

    /** Steps over a LEB128 number (signed or not) without decoding it: the hot path of DIE scans. */
    public void skipLeb128() {
        int start = pos;
        int limit = buf.limit();
        int p = pos;
        while (p < limit) {
            if ((buf.get(p++) & 0x80) == 0) {
                pos = p;
                return;
            }
        }
        throw error(start, "truncated LEB128");
    }

    /** Steps over a NUL-terminated string without decoding it. */
    public void skipCString() {
        int start = pos;
        int limit = buf.limit();
        int p = pos;
        while (p < limit) {
            if (buf.get(p++) == 0) {
                pos = p;
                return;
            }
        }
        throw error(start, "unterminated string");
    }

    /**
     * Whether the NUL-terminated string at {@code offset} equals {@code expected} (UTF-8 bytes),
     * compared in place without building a String: name lookups over string tables.
     */
    public boolean cstringEquals(long offset, byte[] expected) {
        if (offset < 0 || offset > buf.limit() - (long) expected.length - 1) {
            return false;
        }
        int o = (int) offset;
        for (int i = 0; i < expected.length; i++) {
            if (buf.get(o + i) != expected[i]) {
                return false;
            }
        }
        return buf.get(o + expected.length) == 0;
    }

    /** The byte at {@code offset} of this buffer, without moving the cursor. */
    public int u8At(long offset) {
        if (offset < 0 || offset >= buf.limit()) {
            throw error(offset, "offset outside the " + buf.limit() + " bytes available");
        }
        return buf.get((int) offset) & 0xff;
    }

    /** A NUL-terminated string (UTF-8, as toolchains write names). */
    public String cstring() {
        int start = pos;
        int end = start;
        int limit = buf.limit();
        while (end < limit && buf.get(end) != 0) {
            end++;
        }
        if (end >= limit) {
            throw error(start, "unterminated string");
        }
        byte[] bytes = new byte[end - start];
        buf.get(start, bytes);
        pos = end + 1;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The string at {@code offset} in this buffer (a string table), without moving the cursor. */
    public String cstringAt(long offset) {
        int save = pos;
        try {
            position(offset);
            return cstring();
        } finally {
            pos = save;
        }
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        buf.get(pos, out);
        pos += n;
        return out;
    }

    /** The next {@code n} bytes as a buffer sharing this one's storage and byte order. */
    public ByteBuffer slice(long n) {
        need(n);
        ByteBuffer s = buf.slice(pos, (int) n).order(buf.order());
        pos += (int) n;
        return s;
    }

    /** A reader over the next {@code n} bytes, which keeps this source and offsets in messages. */
    public ByteReader sub(long n) {
        long base = sourceOffset();
        return new ByteReader(slice(n), source, base);
    }

    /** A reader over bytes {@code [from, from+n)} of this buffer, leaving this cursor alone. */
    public ByteReader window(long from, long n) {
        if (from < 0 || n < 0 || from > buf.limit() || n > buf.limit() - from) {
            throw error(from, "range of " + n + " bytes outside the " + buf.limit() + " available");
        }
        return new ByteReader(buf.slice((int) from, (int) n).order(buf.order()), source, baseOffset + from);
    }

    public FormatException error(String what) {
        return FormatException.at(source, sourceOffset(), what);
    }

    public FormatException error(long at, String what) {
        return FormatException.at(source, baseOffset + at, what);
    }

    private void need(long n) {
        if (n < 0 || n > buf.limit() - pos) {
            throw truncated(n);
        }
    }

    private FormatException tooLong(int start, int shift) {
        return error(start, "ULEB128 longer than " + (shift / 7) + " bytes");
    }

    private FormatException truncated(long n) {
        return error(pos, n < 0 ? "negative length " + n
                : "truncated: need " + n + " bytes, " + (buf.limit() - pos) + " left");
    }
}
