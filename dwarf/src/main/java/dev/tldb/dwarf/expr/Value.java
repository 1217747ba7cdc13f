package dev.tldb.dwarf.expr;

import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Objects;

/**
 * A DWARF stack entry: a type and the value's bits. Integer base types hold their value sign- or
 * zero-extended to 64 bits, floats hold their IEEE bits, and the generic type holds an address-sized
 * unsigned integer (the evaluator masks it to the address size).
 *
 * <p>Operations follow DWARF 5 section 2.5.1.4: binary operations need operands of one type; on the
 * generic type {@code div}, {@code shra}, {@code abs}, {@code neg} and the comparisons are signed while
 * {@code mod} and {@code shr} are unsigned; integer results wrap (no exception on overflow). Where the
 * standard is silent we follow gdb ({@code shr} of a signed type shifts its bit pattern logically,
 * {@code shra} of an unsigned one arithmetically). Problems throw an {@link EvaluationException} that the
 * evaluator ties to the operation.
 */
public record Value(ValueType type, long bits) {

    public Value {
        Objects.requireNonNull(type, "type");
        bits = canonical(type, bits);
    }

    /** A generic-type value (mask it with {@link #masked(int)} when the address size is below 8). */
    public static Value generic(long bits) {
        return new Value(ValueType.GENERIC, bits);
    }

    /** An integer value of {@code type}, truncated to its width; for float types {@code bits} are IEEE bits. */
    public static Value of(ValueType type, long bits) {
        return new Value(type, bits);
    }

    public static Value ofFloat(float f) {
        return new Value(ValueType.F32, Float.floatToRawIntBits(f));
    }

    public static Value ofDouble(double d) {
        return new Value(ValueType.F64, Double.doubleToRawLongBits(d));
    }

    /**
     * The value in the low {@code size} bytes of {@code raw} (memory or a register read by the caller),
     * as {@code type}: zero-extended, or sign-extended when {@code type} is a wider signed integer.
     */
    public static Value fromBits(ValueType type, int size, long raw, int addressSize) {
        long v = size >= 8 ? raw : raw & ((1L << (8 * size)) - 1);
        if (type.isSigned() && size < 8) {
            v = signExtend(v, 8 * size);
        }
        return new Value(type, v).masked(addressSize);
    }

    /** A value of {@code type} from its target bytes (1 to 8 of them). */
    public static Value fromBytes(ValueType type, byte[] bytes, ByteOrder order, int addressSize) {
        if (bytes.length < 1 || bytes.length > 8) {
            throw new EvaluationException("cannot hold a " + bytes.length + "-byte value");
        }
        long v = 0;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[order == ByteOrder.LITTLE_ENDIAN ? i : bytes.length - 1 - i] & 0xff;
            v |= (long) b << (8 * i);
        }
        return fromBits(type, bytes.length, v, addressSize);
    }

    /** A generic value reduced to the address size; other types are returned unchanged. */
    public Value masked(int addressSize) {
        return type.isGeneric() && addressSize < 8 ? new Value(type, bits & mask(addressSize)) : this;
    }

    /** The integer value: sign-extended for signed types, else zero-extended. */
    public long asLong() {
        requireIntegral("an integral value");
        return bits;
    }

    public float asFloat() {
        return switch (type) {
            case F32 -> Float.intBitsToFloat((int) bits);
            case F64 -> (float) Double.longBitsToDouble(bits);
            default -> throw new EvaluationException("a floating-point value is required, not " + this);
        };
    }

    public double asDouble() {
        return switch (type) {
            case F32 -> Float.intBitsToFloat((int) bits);
            case F64 -> Double.longBitsToDouble(bits);
            default -> throw new EvaluationException("a floating-point value is required, not " + this);
        };
    }

    /** This integral value used as an address of {@code addressSize} bytes. */
    public long toAddress(int addressSize) {
        requireIntegral("an address");
        return bits & mask(addressSize);
    }

    /** For {@code DW_OP_bra}: an integral value other than zero. */
    public boolean isNonZero(int addressSize) {
        requireIntegral("a branch condition");
        return raw(addressSize) != 0;
    }

    // --- arithmetic ---

    public Value plus(Value rhs, int addressSize) {
        same(rhs, "DW_OP_plus");
        return switch (type) {
            case F32 -> ofFloat(asFloat() + rhs.asFloat());
            case F64 -> ofDouble(asDouble() + rhs.asDouble());
            default -> integral(bits + rhs.bits, addressSize);
        };
    }

    public Value minus(Value rhs, int addressSize) {
        same(rhs, "DW_OP_minus");
        return switch (type) {
            case F32 -> ofFloat(asFloat() - rhs.asFloat());
            case F64 -> ofDouble(asDouble() - rhs.asDouble());
            default -> integral(bits - rhs.bits, addressSize);
        };
    }

    public Value mul(Value rhs, int addressSize) {
        same(rhs, "DW_OP_mul");
        return switch (type) {
            case F32 -> ofFloat(asFloat() * rhs.asFloat());
            case F64 -> ofDouble(asDouble() * rhs.asDouble());
            default -> integral(bits * rhs.bits, addressSize);
        };
    }

    /** Signed on the generic type; floats divide by zero to an infinity or NaN, integers throw. */
    public Value div(Value rhs, int addressSize) {
        same(rhs, "DW_OP_div");
        switch (type) {
            case F32:
                return ofFloat(asFloat() / rhs.asFloat());
            case F64:
                return ofDouble(asDouble() / rhs.asDouble());
            default:
                break;
        }
        long divisor = rhs.signedBits(addressSize);
        if (divisor == 0) {
            throw new EvaluationException("division by zero");
        }
        if (type.isUnsigned()) {
            return integral(Long.divideUnsigned(bits, rhs.bits), addressSize);
        }
        // Long.MIN_VALUE / -1 wraps in Java: DWARF operations do not trap on overflow.
        return integral(signedBits(addressSize) / divisor, addressSize);
    }

    /** Unsigned on the generic type (DWARF 5: "DW_OP_mod ... the generic type ... is unsigned"). */
    public Value mod(Value rhs, int addressSize) {
        same(rhs, "DW_OP_mod");
        requireIntegral("DW_OP_mod operands");
        long divisor = rhs.raw(addressSize);
        if (divisor == 0) {
            throw new EvaluationException("modulo by zero");
        }
        if (type.isSigned()) {
            return integral(bits % divisor, addressSize);
        }
        return integral(Long.remainderUnsigned(raw(addressSize), divisor), addressSize);
    }

    public Value and(Value rhs, int addressSize) {
        sameIntegral(rhs, "DW_OP_and");
        return integral(bits & rhs.bits, addressSize);
    }

    public Value or(Value rhs, int addressSize) {
        sameIntegral(rhs, "DW_OP_or");
        return integral(bits | rhs.bits, addressSize);
    }

    public Value xor(Value rhs, int addressSize) {
        sameIntegral(rhs, "DW_OP_xor");
        return integral(bits ^ rhs.bits, addressSize);
    }

    public Value not(int addressSize) {
        requireIntegral("DW_OP_not's operand");
        return integral(~bits, addressSize);
    }

    /** Two's complement negation (the generic type is treated as signed; unsigned types wrap, as in gdb). */
    public Value neg(int addressSize) {
        return switch (type) {
            case F32 -> ofFloat(-asFloat());
            case F64 -> ofDouble(-asDouble());
            default -> integral(-bits, addressSize);
        };
    }

    /** Absolute value; the generic type is signed, unsigned types are returned unchanged. */
    public Value abs(int addressSize) {
        return switch (type) {
            case F32 -> ofFloat(Math.abs(asFloat()));
            case F64 -> ofDouble(Math.abs(asDouble()));
            default -> type.isUnsigned() ? this : integral(Math.abs(signedBits(addressSize)), addressSize);
        };
    }

    /** {@code DW_OP_plus_uconst}: the constant is taken as a value of this entry's type. */
    public Value plusConstant(long unsignedConstant, int addressSize) {
        requireIntegral("DW_OP_plus_uconst's operand");
        return integral(bits + unsignedConstant, addressSize);
    }

    /** Shift left; the count may be of any integral type; counts of the width or more give 0. */
    public Value shl(Value count, int addressSize) {
        requireIntegral("DW_OP_shl's operand");
        long n = count.shiftCount(addressSize);
        return integral(n >= width(addressSize) ? 0 : bits << n, addressSize);
    }

    /** Logical shift right of the value's bit pattern (unsigned on the generic type). */
    public Value shr(Value count, int addressSize) {
        requireIntegral("DW_OP_shr's operand");
        long n = count.shiftCount(addressSize);
        int width = width(addressSize);
        long pattern = width == 64 ? bits : bits & ((1L << width) - 1);
        return integral(n >= width ? 0 : pattern >>> n, addressSize);
    }

    /** Arithmetic shift right (signed on the generic type). */
    public Value shra(Value count, int addressSize) {
        requireIntegral("DW_OP_shra's operand");
        long n = count.shiftCount(addressSize);
        long signed = signExtend(bits, width(addressSize));
        return integral(signed >> Math.min(n, 63), addressSize);
    }

    // --- relations: push 1 or 0 of the generic type ---

    public Value eq(Value rhs, int addressSize) {
        return truth(compare(rhs, addressSize, "DW_OP_eq") == 0 && !unordered(rhs));
    }

    public Value ne(Value rhs, int addressSize) {
        return truth(compare(rhs, addressSize, "DW_OP_ne") != 0 || unordered(rhs));
    }

    public Value lt(Value rhs, int addressSize) {
        return truth(compare(rhs, addressSize, "DW_OP_lt") < 0 && !unordered(rhs));
    }

    public Value le(Value rhs, int addressSize) {
        return truth(compare(rhs, addressSize, "DW_OP_le") <= 0 && !unordered(rhs));
    }

    public Value gt(Value rhs, int addressSize) {
        return truth(compare(rhs, addressSize, "DW_OP_gt") > 0 && !unordered(rhs));
    }

    public Value ge(Value rhs, int addressSize) {
        return truth(compare(rhs, addressSize, "DW_OP_ge") >= 0 && !unordered(rhs));
    }

    // --- conversions ---

    /**
     * {@code DW_OP_convert}: the same number as another type. Integers are truncated or extended (the
     * generic type counts as unsigned); floats convert towards zero.
     */
    public Value convert(ValueType to, int addressSize) {
        if (to == type) {
            return this;
        }
        if (to.isFloat()) {
            double d = switch (type) {
                case F32, F64 -> asDouble();
                default -> type.isSigned() ? (double) bits : unsignedToDouble(bits & mask(addressSize));
            };
            return to == ValueType.F32 ? ofFloat((float) d) : ofDouble(d);
        }
        if (type.isFloat()) {
            double d = asDouble();
            long v = d >= 0x1p63 ? (long) (d - 0x1p63) + Long.MIN_VALUE : (long) d;
            return new Value(to, v).masked(addressSize);
        }
        return new Value(to, raw(addressSize)).masked(addressSize);
    }

    /** {@code DW_OP_reinterpret}: the same bits as another type of the same size. */
    public Value reinterpret(ValueType to, int addressSize) {
        if (to.size(addressSize) != type.size(addressSize)) {
            throw new EvaluationException("cannot reinterpret " + name(type) + " (" + type.size(addressSize)
                    + " bytes) as " + name(to) + " (" + to.size(addressSize) + " bytes)");
        }
        return new Value(to, bits).masked(addressSize);
    }

    @Override
    public String toString() {
        return switch (type) {
            case GENERIC -> "generic 0x" + Long.toHexString(bits);
            case F32 -> "f32 " + asFloat();
            case F64 -> "f64 " + asDouble();
            default -> name(type) + " " + (type.isSigned() ? Long.toString(bits) : Long.toUnsignedString(bits));
        };
    }

    // --- helpers ---

    static long mask(int addressSize) {
        return addressSize >= 8 ? -1L : (1L << (8 * addressSize)) - 1;
    }

    private static long signExtend(long v, int width) {
        return width >= 64 ? v : (v << (64 - width)) >> (64 - width);
    }

    private static long canonical(ValueType type, long bits) {
        return switch (type) {
            case I8 -> (byte) bits;
            case U8 -> bits & 0xffL;
            case I16 -> (short) bits;
            case U16 -> bits & 0xffffL;
            case I32 -> (int) bits;
            case U32, F32 -> bits & 0xffff_ffffL;
            default -> bits;
        };
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? (double) v : ((double) (v >>> 1 | (v & 1))) * 2.0;
    }

    private static String name(ValueType t) {
        return t == ValueType.GENERIC ? "generic" : t.name().toLowerCase(Locale.ROOT);
    }

    /** The bits, with a generic value reduced to the address size. */
    private long raw(int addressSize) {
        return type.isGeneric() ? bits & mask(addressSize) : bits;
    }

    private int width(int addressSize) {
        return 8 * type.size(addressSize);
    }

    /** The value as a signed number of its own width (the generic type is signed for div/abs/compare). */
    private long signedBits(int addressSize) {
        return type.isGeneric() ? signExtend(bits & mask(addressSize), 8 * addressSize) : bits;
    }

    private Value integral(long v, int addressSize) {
        return new Value(type, v).masked(addressSize);
    }

    private long shiftCount(int addressSize) {
        requireIntegral("a shift count");
        if (type.isSigned() && bits < 0) {
            throw new EvaluationException("negative shift count " + bits);
        }
        long n = raw(addressSize);
        return n < 0 ? Long.MAX_VALUE : n; // an unsigned count above 2^63 shifts everything out
    }

    private int compare(Value rhs, int addressSize, String op) {
        same(rhs, op);
        return switch (type) {
            case F32, F64 -> asDouble() == rhs.asDouble() ? 0 : asDouble() < rhs.asDouble() ? -1 : 1;
            default -> type.isUnsigned() ? Long.compareUnsigned(bits, rhs.bits)
                    : Long.compare(signedBits(addressSize), rhs.signedBits(addressSize));
        };
    }

    /** A NaN operand makes every relation but "not equal" false. */
    private boolean unordered(Value rhs) {
        return type.isFloat() && (Double.isNaN(asDouble()) || Double.isNaN(rhs.asDouble()));
    }

    private static Value truth(boolean b) {
        return generic(b ? 1 : 0);
    }

    private void same(Value rhs, String op) {
        if (rhs.type != type) {
            throw new EvaluationException(op + " needs operands of one type, got " + name(type) + " and "
                    + name(rhs.type));
        }
    }

    private void sameIntegral(Value rhs, String op) {
        same(rhs, op);
        requireIntegral(op + " operands");
    }

    private void requireIntegral(String what) {
        if (!type.isIntegral()) {
            throw new EvaluationException(what + " must be of an integral type, not " + name(type));
        }
    }
}
