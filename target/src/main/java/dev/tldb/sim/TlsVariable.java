package dev.tldb.sim;

import dev.tldb.elf.Symbol;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A TLS variable of a loaded module: its offset in the module's block and its size, from the ELF
 * {@code STT_TLS} symbol. Until the DWARF reader gives types, the size decides what it accepts: 1,
 * 2, 4 or 8 bytes is a scalar (an integer, or a float/double for 4/8), anything else is a char
 * array (a string). A value of the other kind, or one that does not fit, is an error.
 */
record TlsVariable(LoadedModule module, String name, long offset, long size) {

    static TlsVariable of(LoadedModule module, Symbol s) {
        return new TlsVariable(module, s.name(), s.value(), s.size());
    }

    private boolean scalar() {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }

    /** The bytes to store, in target order. */
    byte[] encode(TlsValue value, ByteOrder order) {
        if (value instanceof TlsValue.IntegerValue i) {
            if (!scalar()) {
                throw wrongType(value);
            }
            BigInteger v = i.value();
            BigInteger limit = BigInteger.ONE.shiftLeft((int) (8 * size));
            if (v.compareTo(limit) >= 0 || v.compareTo(limit.shiftRight(1).negate()) < 0) {
                throw new SimException("value " + v + " does not fit in " + name + " (" + size + " bytes)");
            }
            byte[] b = new byte[(int) size];
            Words.put(b, 0, (int) size, v.longValue(), order);
            return b;
        }
        if (value instanceof TlsValue.FloatValue f) {
            if (size == 8) {
                return ByteBuffer.allocate(8).order(order).putDouble(f.value()).array();
            }
            if (size == 4) {
                return ByteBuffer.allocate(4).order(order).putFloat((float) f.value()).array();
            }
            throw wrongType(value);
        }
        String s = ((TlsValue.StringValue) value).value();
        if (scalar()) {
            throw wrongType(value);
        }
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        if (text.length + 1 > size) {
            throw new SimException("string of " + text.length + " bytes does not fit in " + name + " (" + size
                    + " bytes, with its terminating NUL)");
        }
        byte[] b = new byte[(int) size];
        System.arraycopy(text, 0, b, 0, text.length);
        return b;
    }

    private SimException wrongType(TlsValue value) {
        String expected = scalar() ? size == 4 || size == 8 ? "an integer or a floating-point number" : "an integer"
                : "a string";
        return new SimException("wrong type for " + name + " (" + size + " bytes): expected " + expected + ", got "
                + value.kind() + " " + value);
    }
}
