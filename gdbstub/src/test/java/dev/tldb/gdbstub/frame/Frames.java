package dev.tldb.gdbstub.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/** Test helpers: raw wire bytes written by hand, independent of the encoder under test. */
public final class Frames {
    private Frames() {
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    public static ByteBuf buf(String s) {
        return Unpooled.wrappedBuffer(bytes(s));
    }

    /** Two lowercase hex digits of the modulo-256 sum of the raw bytes. */
    public static String checksum(String raw) {
        int sum = 0;
        for (byte b : bytes(raw)) {
            sum += b & 0xff;
        }
        return String.format("%02x", sum & 0xff);
    }

    /** {@code $raw#cs} with a correct checksum; {@code raw} is sent as is (escape it yourself). */
    public static String packet(String raw) {
        return "$" + raw + "#" + checksum(raw);
    }

    public static String notification(String raw) {
        return "%" + raw + "#" + checksum(raw);
    }
}
