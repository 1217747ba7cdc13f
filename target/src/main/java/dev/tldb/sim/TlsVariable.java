package dev.tldb.sim;

import dev.tldb.elf.Symbol;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A TLS variable of a loaded module: its offset in the module's block (the ELF {@code STT_TLS}
 * symbol's value) and its {@link VariableType}, which decides what a scenario may assign to it.
 * Integers must fit the size (as a signed or an unsigned number, as C's assignment wraps);
 * strings must fit with their NUL, the rest of the array is zeroed.
 */
record TlsVariable(LoadedModule module, String name, long offset, VariableType type) {

    static TlsVariable of(LoadedModule module, Symbol s) {
        return new TlsVariable(module, s.name(), s.value(), VariableType.of(module, s));
    }

    /** The bytes to store, in target order. */
    byte[] encode(TlsValue value, ByteOrder order) {
        long size = type.size();
        VariableType.Kind kind = type.kind();
        if (kind == VariableType.Kind.OTHER) {
            throw new SimException("cannot assign " + name + ": its type (" + type.name()
                    + ") is not an integer, floating-point, pointer or char array type");
        }
        if (value instanceof TlsValue.IntegerValue i) {
            if (kind == VariableType.Kind.FLOAT) {
                return floating(i.value().doubleValue(), size, order);
            }
            if (kind == VariableType.Kind.CHAR_ARRAY) {
                throw wrongType(value);
            }
            BigInteger v = i.value();
            BigInteger limit = BigInteger.ONE.shiftLeft((int) (8 * size));
            if (v.compareTo(limit) >= 0 || v.compareTo(limit.shiftRight(1).negate()) < 0) {
                throw new SimException("value " + v + " does not fit in " + name + " (" + type.name() + ")");
            }
            byte[] b = new byte[(int) size];
            Words.put(b, 0, (int) size, v.longValue(), order);
            return b;
        }
        if (value instanceof TlsValue.FloatValue f) {
            boolean ok = kind == VariableType.Kind.FLOAT || kind == VariableType.Kind.SCALAR && (size == 4 || size == 8);
            if (!ok) {
                throw wrongType(value);
            }
            return floating(f.value(), size, order);
        }
        if (kind != VariableType.Kind.CHAR_ARRAY) {
            throw wrongType(value);
        }
        byte[] text = ((TlsValue.StringValue) value).value().getBytes(StandardCharsets.UTF_8);
        if (text.length + 1 > size) {
            throw new SimException("string of " + text.length + " bytes does not fit in " + name + " (" + type.name()
                    + ", with its terminating NUL)");
        }
        byte[] b = new byte[(int) size];
        System.arraycopy(text, 0, b, 0, text.length);
        return b;
    }

    private static byte[] floating(double v, long size, ByteOrder order) {
        return size == 4 ? ByteBuffer.allocate(4).order(order).putFloat((float) v).array()
                : ByteBuffer.allocate(8).order(order).putDouble(v).array();
    }

    private SimException wrongType(TlsValue value) {
        String expected = switch (type.kind()) {
            case INTEGER -> "an integer";
            case FLOAT -> "a number";
            case SCALAR -> type.size() == 4 || type.size() == 8 ? "an integer or a floating-point number" : "an integer";
            case CHAR_ARRAY -> "a string";
            case OTHER -> "nothing";
        };
        return new SimException("wrong type for " + name + " (" + type.name() + "): expected " + expected + ", got "
                + value.kind() + " " + value);
    }
}
