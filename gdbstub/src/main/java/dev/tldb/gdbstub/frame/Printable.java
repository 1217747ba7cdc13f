package dev.tldb.gdbstub.frame;

/** Renders protocol bytes for logs and exception messages: printable ASCII as is, the rest as {@code \xNN}. */
public final class Printable {
    private Printable() {
    }

    /** At most {@code limit} input bytes are shown; longer input ends with {@code ...(N bytes)}. */
    public static String of(byte[] bytes, int limit) {
        return of(bytes, 0, bytes.length, limit);
    }

    public static String of(byte[] bytes, int offset, int length, int limit) {
        StringBuilder sb = new StringBuilder(Math.min(length, limit) + 16);
        int shown = Math.min(length, limit);
        for (int i = 0; i < shown; i++) {
            int b = bytes[offset + i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                sb.append((char) b);
            } else if (b == '\\') {
                sb.append("\\\\");
            } else {
                sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
            }
        }
        if (shown < length) {
            sb.append("...(").append(length).append(" bytes)");
        }
        return sb.toString();
    }
}
