package dev.tldb.gdbstub.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Hex as the remote protocol writes it: numbers in lowercase without leading zeros (gdb's
 * {@code phex_nz}), byte strings as two digits per byte. Parsing accepts either case, as gdb does.
 */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** The value of a hex digit, or -1. */
    public static int digit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** {@code value} as unsigned 64-bit hex, lowercase, no leading zeros ("0" for zero). */
    public static String number(long value) {
        return Long.toHexString(value);
    }

    /** A signed value the way gdb writes thread and process ids: "-1", "-2a", "2a". */
    public static String signedNumber(long value) {
        return value < 0 ? "-" + Long.toHexString(-value) : Long.toHexString(value);
    }

    /**
     * Parses an unsigned hex number of up to 64 bits; leading zeros do not count towards the
     * limit (gdb pads addresses).
     *
     * @throws MalformedPacketException if empty, not hex, or wider than 64 bits
     */
    public static long parseUnsigned(CharSequence text) {
        PacketReader r = PacketReader.of(text.toString());
        long v = r.hex();
        r.expectEnd();
        return v;
    }

    /** Two lowercase digits per byte. */
    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    public static String encode(byte[] bytes, int offset, int length) {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 15];
        }
        return new String(out);
    }

    /** Text (one byte per char, ISO-8859-1) as hex: how qRcmd output, qSymbol names and file names travel. */
    public static String encodeText(String text) {
        return encode(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Decodes two digits per byte.
     *
     * @throws MalformedPacketException on an odd length or a non-hex character
     */
    public static byte[] decode(CharSequence hex) {
        if (hex.length() % 2 != 0) {
            throw new MalformedPacketException("odd number of hex digits (" + hex.length() + ")");
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(hex.charAt(2 * i));
            int lo = digit(hex.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                throw new MalformedPacketException("not a hex digit at " + (hi < 0 ? 2 * i : 2 * i + 1));
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** The inverse of {@link #encodeText}. */
    public static String decodeText(CharSequence hex) {
        return new String(decode(hex), StandardCharsets.ISO_8859_1);
    }
}
