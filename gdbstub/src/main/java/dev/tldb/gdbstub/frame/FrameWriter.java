package dev.tldb.gdbstub.frame;

import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Escapes, optionally run-length compresses, and checksums a packet's logical bytes on their way
 * into the socket buffer.
 *
 * <p>Why it works in passes over a scratch array: a memory read reply is up to 128 KiB of hex
 * digits, and feeding them one virtual call, one run check and one {@code ByteBuf.writeByte}
 * bounds check at a time capped a 64 KiB {@code m} reply at about 50 MiB/s of target memory,
 * slower than gdb can take it. Here segments hand over whole arrays ({@link #raw}, {@link #hex})
 * that are expanded (escaped, or turned into hex digits, which never need escaping) into a
 * per-thread scratch array; runs are then compressed in place (the output never outgrows the
 * input), the checksum is summed over the result, and it goes into the buffer in one copy.
 */
final class FrameWriter {
    /** gdbserver caps a run at 97 bytes so the count byte stays printable ({@code '}' = 96 + 29}). */
    private static final int MAX_REPEAT = 96;
    private static final int RUN_LENGTH_BIAS = 29;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Scratch space per thread (the encoder runs on event-loop threads); grows to the largest packet. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private byte[] buf;
    private int pos;

    /** @param expected the payload's logical length (escapes may add to it) */
    FrameWriter(int expected) {
        buf = SCRATCH.get();
        if (buf.length < expected) {
            buf = new byte[Math.max(expected, 2 * buf.length)];
            SCRATCH.set(buf);
        }
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            byte[] bigger = new byte[Math.max(pos + more, 2 * buf.length)];
            System.arraycopy(buf, 0, bigger, 0, pos);
            buf = bigger;
            SCRATCH.set(buf);
        }
    }

    /** Bytes that may need escaping ({@code $ # } *} become {@code }} and the byte XOR 0x20). */
    void raw(byte[] data, int offset, int length) {
        ensure(2 * length);
        byte[] b = buf;
        int p = pos;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte c = data[i];
            if (c == '$' || c == '#' || c == '}' || c == '*') {
                b[p++] = '}';
                b[p++] = (byte) (c ^ 0x20);
            } else {
                b[p++] = c;
            }
        }
        pos = p;
    }

    /** Each byte as two lowercase hex digits (one two-byte store per byte, from a table). */
    void hex(byte[] data, int offset, int length) {
        ensure(2 * length);
        byte[] b = buf;
        int p = pos;
        for (int i = offset, end = offset + length; i < end; i++) {
            SHORTS.set(b, p, HEX_PAIRS[data[i] & 0xff]);
            p += 2;
        }
        pos = p;
    }

    /** Writes the payload to {@code out} (compressed when asked) and returns its checksum. */
    int finish(ByteBuf out, boolean runLength) {
        int n = runLength ? compress(buf, pos) : pos;
        int sum = checksum(buf, n);
        out.writeBytes(buf, 0, n);
        pos = 0;
        return sum;
    }

    private static final long LOW_BYTES = 0x00ff_00ff_00ff_00ffL;

    /**
     * The sum of {@code b[0, n)} mod 256, eight bytes at a time: the bytes are added in four
     * 16-bit lanes, emptied before a lane can overflow into its neighbour (128 words add at most
     * 128 * 510 per lane).
     */
    static int checksum(byte[] b, int n) {
        long total = 0;
        int i = 0;
        while (i + 8 <= n) {
            long lanes = 0;
            for (int k = 0; k < 128 && i + 8 <= n; k++, i += 8) {
                long w = (long) LONGS.get(b, i);
                lanes += (w & LOW_BYTES) + ((w >>> 8) & LOW_BYTES);
            }
            total += (lanes & 0xffff) + (lanes >>> 16 & 0xffff) + (lanes >>> 32 & 0xffff) + (lanes >>> 48);
        }
        for (; i < n; i++) {
            total += b[i] & 0xff;
        }
        return (int) (total & 0xff);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    /** A byte's two hex digits as one little-endian short: the high digit first in memory. */
    private static final short[] HEX_PAIRS = new short[256];

    static {
        for (int v = 0; v < 256; v++) {
            HEX_PAIRS[v] = (short) (HEX_DIGITS[v >>> 4] | HEX_DIGITS[v & 15] << 8);
        }
    }
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    /** Bytes 0..6 of a word xor'ed with itself shifted by a byte: byte k compares b[k] with b[k+1]. */
    private static final long PAIRS = 0x0080_8080_8080_8080L;

    /**
     * The first index at or after {@code i} where four equal bytes begin, or an index past which
     * fewer than four bytes are left. Eight bytes at a time: in {@code x = w ^ (w >>> 8)} a zero
     * byte k means {@code b[k] == b[k+1]}; three zero bytes in a row mark a run of four. The
     * zero-byte test can report false positives above a real zero byte, never misses one, and
     * every hit is confirmed byte by byte.
     */
    private static int skipToRun(byte[] b, int i, int n) {
        int j = i;
        while (j + 8 <= n) {
            long w = (long) LONGS.get(b, j);
            long x = w ^ (w >>> 8);
            long zero = (x - ONES) & ~x & HIGHS & PAIRS;
            if ((zero & (zero >>> 8) & (zero >>> 16)) == 0) {
                j += 5; // no run of four starts in [j, j + 4]: its three pairs would lie in bytes 0..6
                continue;
            }
            for (int end = j + 5; j < end; j++) {
                if (b[j] == b[j + 1] && b[j] == b[j + 2] && b[j] == b[j + 3]) {
                    return j;
                }
            }
        }
        while (j + 3 < n && (b[j] != b[j + 1] || b[j] != b[j + 2] || b[j] != b[j + 3])) {
            j++;
        }
        return j;
    }

    /**
     * Run-length encodes {@code b[0, n)} in place, exactly as gdbserver's {@code try_rle}: a byte
     * followed by 3 to 96 more of it becomes the byte, {@code *} and a count of repeats + 29,
     * never using {@code $} or {@code #} as the count. Returns the new length.
     */
    static int compress(byte[] b, int n) {
        int w = 0;
        int i = 0;
        while (i < n) {
            // Copy, in one go, everything up to where a run of four or more begins: a shorter
            // run goes out literally anyway, and random bytes (hex of real memory) rarely repeat
            // four times, so this loop is where the time goes and it has one likely branch.
            int j = skipToRun(b, i, n);
            if (j + 3 >= n) {
                j = n;
            }
            if (j > i) {
                System.arraycopy(b, i, b, w, j - i);
                w += j - i;
                i = j;
                continue;
            }
            // A run of four or more starts at i (it cannot have started earlier, or the scan
            // would have stopped there): compress it as gdbserver would.
            byte c = b[i];
            j = i + 4;
            while (j < n && b[j] == c) {
                j++;
            }
            int remaining = j - i;
            while (remaining > 0) {
                b[w++] = c;
                remaining--;
                int repeat = Math.min(remaining, MAX_REPEAT);
                if (repeat >= 3) { // "X*c" is 3 bytes: shorter than X repeated 4 or more times
                    while (repeat + RUN_LENGTH_BIAS == '$' || repeat + RUN_LENGTH_BIAS == '#') {
                        repeat--;
                    }
                    b[w++] = '*';
                    b[w++] = (byte) (repeat + RUN_LENGTH_BIAS);
                    remaining -= repeat;
                }
            }
            i = j;
        }
        return w;
    }
}
