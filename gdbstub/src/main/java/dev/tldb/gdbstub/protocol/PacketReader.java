package dev.tldb.gdbstub.protocol;

import dev.tldb.gdbstub.frame.Printable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over a packet's payload, with the parsers every handler needs (hex numbers, thread-ids,
 * delimited fields). Each failure throws {@link MalformedPacketException} naming the packet and
 * the offset, so handlers can parse straight-line and let the dispatcher answer {@code E}.
 *
 * <p>Works on bytes, not chars: payloads of {@code X} and {@code vFile:pwrite} are binary.
 */
public final class PacketReader {
    private final byte[] bytes;
    private int pos;

    /** Reads {@code bytes} (not copied: do not change them meanwhile) from {@code start}. */
    public PacketReader(byte[] bytes, int start) {
        if (start < 0 || start > bytes.length) {
            throw new IndexOutOfBoundsException("start " + start + " of " + bytes.length);
        }
        this.bytes = bytes;
        this.pos = start;
    }

    public static PacketReader of(String ascii) {
        return new PacketReader(ascii.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return bytes.length - pos;
    }

    public boolean atEnd() {
        return pos >= bytes.length;
    }

    /** The next byte (0..255) without consuming it, or -1 at the end. */
    public int peek() {
        return atEnd() ? -1 : bytes[pos] & 0xff;
    }

    /** Consumes and returns the next byte. */
    public int next() {
        if (atEnd()) {
            throw error("unexpected end of packet");
        }
        return bytes[pos++] & 0xff;
    }

    /** Consumes {@code c} if it is next. */
    public boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Consumes {@code s} if the packet continues with it. */
    public boolean consume(String s) {
        if (remaining() < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if ((bytes[pos + i] & 0xff) != s.charAt(i)) {
                return false;
            }
        }
        pos += s.length();
        return true;
    }

    public void expect(char c) {
        if (!consume(c)) {
            throw error("expected '" + c + "'");
        }
    }

    public void expectEnd() {
        if (!atEnd()) {
            throw error("unexpected trailing bytes");
        }
    }

    /**
     * An unsigned hex number of at least one digit and at most 64 significant bits; stops at the
     * first non-hex byte.
     */
    public long hex() {
        int start = pos;
        long value = 0;
        int significant = 0;
        for (int d; (d = Hex.digit(peek())) >= 0; pos++) {
            if (significant > 0 || d != 0) {
                if (++significant > 16) {
                    throw errorAt(start, "hex number wider than 64 bits");
                }
            }
            value = value << 4 | d;
        }
        if (pos == start) {
            throw error("expected a hex number");
        }
        return value;
    }

    /** A hex number that must fit in a non-negative int (lengths, counts, file descriptors). */
    public int hexInt() {
        int start = pos;
        long v = hex();
        if (v > Integer.MAX_VALUE) {
            throw errorAt(start, "number too large: 0x" + Long.toHexString(v));
        }
        return (int) v;
    }

    /** {@code -1} or a non-negative hex number below 2^63: the parts of a thread-id. */
    public long hexOrMinusOne() {
        if (consume("-1")) {
            return -1;
        }
        int start = pos;
        long v = hex();
        if (v < 0) {
            throw errorAt(start, "id out of range");
        }
        return v;
    }

    /** A thread-id: {@code pPID.TID}, {@code pPID}, or {@code TID} (see {@link ThreadId}). */
    public ThreadId threadId() {
        if (consume('p')) {
            long pid = hexOrMinusOne();
            long tid = consume('.') ? hexOrMinusOne() : ThreadId.ALL;
            return new ThreadId(pid, tid);
        }
        return new ThreadId(ThreadId.ANY, hexOrMinusOne());
    }

    /** The bytes up to (not including) {@code delimiter} or the end, as text; the delimiter stays. */
    public String textUntil(char delimiter) {
        int start = pos;
        while (!atEnd() && bytes[pos] != delimiter) {
            pos++;
        }
        return new String(bytes, start, pos - start, StandardCharsets.ISO_8859_1);
    }

    /** Hex digit pairs up to the end or a non-hex byte, decoded. */
    public byte[] hexBytes() {
        int start = pos;
        while (Hex.digit(peek()) >= 0) {
            pos++;
        }
        if ((pos - start) % 2 != 0) {
            throw errorAt(pos, "odd number of hex digits");
        }
        byte[] out = new byte[(pos - start) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (Hex.digit(bytes[start + 2 * i]) << 4 | Hex.digit(bytes[start + 2 * i + 1]));
        }
        return out;
    }

    /** The rest of the packet, consumed, as a copy. */
    public byte[] rest() {
        byte[] out = Arrays.copyOfRange(bytes, pos, bytes.length);
        pos = bytes.length;
        return out;
    }

    /** The rest of the packet, consumed, as text. */
    public String restText() {
        String s = new String(bytes, pos, bytes.length - pos, StandardCharsets.ISO_8859_1);
        pos = bytes.length;
        return s;
    }

    /** An exception naming the packet and the current offset. */
    public MalformedPacketException error(String what) {
        return errorAt(pos, what);
    }

    private MalformedPacketException errorAt(int at, String what) {
        return new MalformedPacketException(Printable.of(bytes, 80) + ": " + what + " at offset " + at);
    }
}
