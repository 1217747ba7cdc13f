package dev.tldb.dwarf.expr;

import dev.tldb.dwarf.Encoding;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;

/** Hand assembly of expression bytes for tests: opcodes and operands in, bytes out. */
final class Asm {
    static final Encoding DWARF5_64 = new Encoding(5, false, 8);
    static final Encoding DWARF4_32 = new Encoding(4, false, 4);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    static Asm asm() {
        return new Asm();
    }

    Asm bigEndian() {
        order = ByteOrder.BIG_ENDIAN;
        return this;
    }

    /** Raw bytes, e.g. an opcode without operands. */
    Asm b(int... bytes) {
        for (int v : bytes) {
            out.write(v);
        }
        return this;
    }

    /** Bytes assembled elsewhere. */
    Asm b(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A little- or big-endian integer of {@code size} bytes. */
    Asm n(int size, long v) {
        for (int i = 0; i < size; i++) {
            int shift = 8 * (order == ByteOrder.LITTLE_ENDIAN ? i : size - 1 - i);
            out.write((int) (v >>> shift) & 0xff);
        }
        return this;
    }

    Asm uleb(long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    Asm sleb(long v) {
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Expression expr() {
        return expr(DWARF5_64);
    }

    Expression expr(Encoding encoding) {
        return Expression.decode(bytes(), order, encoding);
    }
}
