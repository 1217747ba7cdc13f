package dev.tldb.session;

import dev.tldb.dwarf.DwAte;
import dev.tldb.dwarf.type.ArrayType;
import dev.tldb.dwarf.type.Dimension;
import dev.tldb.dwarf.type.EnumType;
import dev.tldb.dwarf.type.Enumerator;
import dev.tldb.dwarf.type.Member;
import dev.tldb.dwarf.type.StructType;
import dev.tldb.target.Target;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Prints values as gdb 13's {@code print} does with its default settings (print elements 200,
 * repeats 10, print symbol on, print pretty off): {@code 101}, {@code 66 'B'},
 * {@code 0.10000000000000001}, {@code "thread-1", '\000' <repeats 23 times>},
 * {@code {a = 21, b = 1.1000000000000001}}, {@code (int *) 0x5555555580a8 <global_array+8>},
 * enumerators by name, and the {@code /x /d /u /o /t /c /a} formats.
 */
public final class ValueFormatter {
    static final int REPEAT_THRESHOLD = 10;
    static final int PRINT_MAX = 200;

    private final Target memory;
    private final Symbolizer symbolizer;
    private final CTypeNames names;

    ValueFormatter(Target memory, Symbolizer symbolizer, CTypeNames names) {
        this.memory = memory;
        this.symbolizer = symbolizer;
        this.names = names;
    }

    /** The text after {@code $1 = }. */
    public String format(Value v, PrintFormat f) {
        StringBuilder out = new StringBuilder();
        if (v.type().isFunction()) {
            // A function is shown by its type and address: {int (void)} 0x1139 <main>
            long a = v.address().orElse(0);
            out.append('{').append(names.name(v.type())).append("} 0x").append(Long.toHexString(a));
            symbolizer.describe(a).ifPresent(s -> out.append(" <").append(s).append('>'));
            return out.toString();
        }
        print(out, v.type(), v.bytes(), 0, v.order(), f, true);
        return out.toString();
    }

    private void print(StringBuilder out, CType type, byte[] b, int off, ByteOrder order, PrintFormat f, boolean top) {
        CType t = type.strip();
        if (t instanceof CType.Dwarf d) {
            if (d.type() instanceof StructType s) {
                printStruct(out, d, s, b, off, order, f);
                return;
            }
            if (d.type() instanceof ArrayType a) {
                printArray(out, d, a, b, off, order, f);
                return;
            }
            if (d.type() instanceof EnumType e && f == PrintFormat.NATURAL) {
                printEnum(out, e, b, off, (int) t.size().orElse(4), order);
                return;
            }
            if (t.isVoid()) {
                out.append("void");
                return;
            }
        }
        if (t.isPointer()) {
            printPointer(out, type, b, off, order, f, top);
            return;
        }
        printScalar(out, t, b, off, order, f);
    }

    // ---------------------------------------------------------------- scalars

    private void printScalar(StringBuilder out, CType t, byte[] b, int off, ByteOrder order, PrintFormat f) {
        int size = (int) t.size().orElse(0);
        if (size <= 0 || off + size > b.length) {
            out.append("<incomplete type>");
            return;
        }
        int enc = t.encoding();
        if (enc == DwAte.FLOAT) {
            double d = floatValue(b, off, size, order);
            if (f == PrintFormat.NATURAL || f == PrintFormat.FLOAT) {
                out.append(size == 4 ? CFloat.ofFloat((float) d) : CFloat.ofDouble(d));
            } else if (reinterpretsBits(f) && (size == 4 || size == 8)) {
                // gdb 8.1 and later: /x /d /u /o /t show a float's bits; /c and /a convert its value.
                printInteger(out, Bytes.integer(b, off, size, order, true), size, true, f);
            } else {
                printInteger(out, (long) d, 8, true, f);
            }
            return;
        }
        boolean signed = t.isSigned();
        long v = Bytes.integer(b, off, Math.min(size, 8), order, signed);
        if (f != PrintFormat.NATURAL) {
            printInteger(out, v, size, signed, f);
            return;
        }
        if (t.isCharLike()) {
            out.append(v).append(" '");
            emitChar(out, (int) v & 0xff, '\'');
            out.append('\'');
            return;
        }
        if (enc == DwAte.BOOLEAN) {
            out.append(v == 0 ? "false" : v == 1 ? "true" : Long.toString(v));
            return;
        }
        out.append(signed ? Long.toString(v) : Long.toUnsignedString(v));
    }

    private static boolean reinterpretsBits(PrintFormat f) {
        return f == PrintFormat.HEX || f == PrintFormat.DECIMAL || f == PrintFormat.UNSIGNED
                || f == PrintFormat.OCTAL || f == PrintFormat.BINARY;
    }

    private static double floatValue(byte[] b, int off, int size, ByteOrder order) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        return switch (size) {
            case 4 -> buf.getFloat(off);
            case 8 -> buf.getDouble(off);
            case 10, 12, 16 -> x87(b, off, order);
            default -> Double.NaN;
        };
    }

    /** An x87 80-bit extended value, rounded to double (enough for display of long double). */
    private static double x87(byte[] b, int off, ByteOrder order) {
        long mantissa = Bytes.integer(b, off, 8, order, false);
        int se = (int) Bytes.integer(b, off + 8, 2, order, false);
        int exp = se & 0x7fff;
        boolean neg = (se & 0x8000) != 0;
        if (exp == 0 && mantissa == 0) {
            return neg ? -0.0 : 0.0;
        }
        if (exp == 0x7fff) {
            return (mantissa << 1) == 0 ? (neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.NaN;
        }
        double m = (mantissa >>> 11) / (double) (1L << 52);
        double v = Math.scalb(m, exp - 16383);
        return neg ? -v : v;
    }

    private void printInteger(StringBuilder out, long v, int size, boolean signed, PrintFormat f) {
        long mask = size >= 8 ? -1L : (1L << (size * 8)) - 1;
        switch (f) {
            case HEX -> out.append("0x").append(Long.toHexString(v & mask));
            case OCTAL -> out.append((v & mask) == 0 ? "0" : "0" + Long.toOctalString(v & mask));
            case BINARY -> out.append(Long.toBinaryString(v & mask));
            case UNSIGNED -> out.append(Long.toUnsignedString(v & mask));
            case DECIMAL -> {
                long sv = size >= 8 ? v : (v & mask) << (64 - size * 8) >> (64 - size * 8);
                out.append(sv);
            }
            case CHAR -> {
                int c = (int) (byte) v;
                out.append(c).append(" '");
                emitChar(out, c & 0xff, '\'');
                out.append('\'');
            }
            case ADDRESS -> {
                long a = v & mask;
                out.append("0x").append(Long.toHexString(a));
                symbolizer.describe(a).ifPresent(s -> out.append(" <").append(s).append('>'));
            }
            default -> out.append(signed ? Long.toString(v) : Long.toUnsignedString(v & mask));
        }
    }

    /** One character inside {@code quote}, with gdb's escapes (see samples/src/gdb-format.h). */
    static void emitChar(StringBuilder out, int c, char quote) {
        switch (c) {
            case 7 -> out.append("\\a");
            case 8 -> out.append("\\b");
            case 12 -> out.append("\\f");
            case 10 -> out.append("\\n");
            case 13 -> out.append("\\r");
            case 9 -> out.append("\\t");
            case 11 -> out.append("\\v");
            default -> {
                if (c == '\\' || c == quote) {
                    out.append('\\').append((char) c);
                } else if (c >= 0x20 && c < 0x7f) {
                    out.append((char) c);
                } else {
                    String o = Integer.toOctalString(c);
                    out.append('\\').append("000", 0, 3 - o.length()).append(o);
                }
            }
        }
    }

    // ---------------------------------------------------------------- enums

    private void printEnum(StringBuilder out, EnumType e, byte[] b, int off, int size, ByteOrder order) {
        long v = Bytes.integer(b, off, Math.min(size, 8), order, true);
        for (Enumerator en : e.enumerators()) {
            if (en.value() == v) {
                out.append(en.name());
                return;
            }
        }
        // A "flag enum" (every enumerator a disjoint bit pattern) prints as (A | B | unknown: 0x..).
        if (isFlagEnum(e) && v > 0) {
            StringBuilder s = new StringBuilder("(");
            long rest = v;
            for (Enumerator en : e.enumerators()) {
                if (en.value() != 0 && (rest & en.value()) == en.value()) {
                    if (s.length() > 1) {
                        s.append(" | ");
                    }
                    s.append(en.name());
                    rest &= ~en.value();
                }
            }
            if (rest != 0) {
                if (s.length() > 1) {
                    s.append(" | ");
                }
                s.append("unknown: 0x").append(Long.toHexString(rest));
            }
            out.append(s).append(')');
            return;
        }
        out.append(v);
    }

    private static boolean isFlagEnum(EnumType e) {
        long seen = 0;
        for (Enumerator en : e.enumerators()) {
            long v = en.value();
            if (v < 0 || (v & seen) != 0 || Long.bitCount(v) != 1) {
                return false;
            }
            seen |= v;
        }
        return !e.enumerators().isEmpty();
    }

    // ---------------------------------------------------------------- pointers

    private void printPointer(StringBuilder out, CType type, byte[] b, int off, ByteOrder order, PrintFormat f,
                              boolean top) {
        int size = (int) type.size().orElse(8);
        long addr = Bytes.integer(b, off, size, order, false);
        if (f != PrintFormat.NATURAL && f != PrintFormat.ADDRESS) {
            printInteger(out, addr, size, false, f);
            return;
        }
        CType target = type.strip().pointee();
        boolean charPointer = !target.isVoid() && target.strip().isCharLike() && f == PrintFormat.NATURAL;
        boolean functionPointer = target.strip().isFunction();
        if (top && !charPointer) {
            out.append('(').append(names.name(type)).append(") ");
        }
        out.append("0x").append(Long.toHexString(addr));
        if (charPointer) {
            if (addr != 0) {
                out.append(' ');
                printCString(out, addr);
            }
            return;
        }
        if (addr != 0 || functionPointer) {
            symbolizer.describe(addr).ifPresent(s -> out.append(" <").append(s).append('>'));
        }
    }

    /** A NUL-terminated string in target memory, up to 200 characters, as gdb prints {@code char *}. */
    private void printCString(StringBuilder out, long addr) {
        byte[] buf = new byte[PRINT_MAX + 1];
        int n = memory.readMemory(addr, buf, 0, buf.length);
        if (n == 0) {
            out.append("<error: Cannot access memory at address 0x").append(Long.toHexString(addr)).append('>');
            return;
        }
        int len = 0;
        while (len < n && buf[len] != 0) {
            len++;
        }
        boolean terminated = len < n;
        printChars(out, Arrays.copyOf(buf, Math.min(len, PRINT_MAX)), !terminated || len > PRINT_MAX);
    }

    // ---------------------------------------------------------------- arrays

    private void printArray(StringBuilder out, CType.Dwarf d, ArrayType a, byte[] b, int off, ByteOrder order,
                            PrintFormat f) {
        CType element = new CType.Dwarf(a.element().resolve(), d.types());
        long elemSize = element.size().orElse(0);
        List<Dimension> dims = a.dimensions();
        long count = dims.isEmpty() ? 0 : count(dims.get(0));
        CType inner = element;
        if (dims.size() > 1) {
            // A multi-dimensional array prints as nested braces: treat the rest as one element.
            long innerCount = 1;
            for (int i = 1; i < dims.size(); i++) {
                innerCount *= count(dims.get(i));
            }
            elemSize *= innerCount;
            inner = new CType.Dwarf(new ArrayType(a.ref(), a.element(), dims.subList(1, dims.size()), a.byteStride(),
                    java.util.OptionalLong.of(elemSize)), d.types());
        }
        if (count <= 0 || elemSize <= 0) {
            out.append("{}");
            return;
        }
        long available = Math.max(0, (b.length - off) / elemSize);
        count = Math.min(count, available);
        if (inner.strip().isCharLike() && f == PrintFormat.NATURAL && dims.size() == 1) {
            byte[] chars = Arrays.copyOfRange(b, off, (int) (off + count));
            int len = chars.length;
            if (len > 0 && chars[len - 1] == 0) {
                len--; // gdb drops one trailing NUL: the C terminator
            }
            printChars(out, Arrays.copyOf(chars, len), false);
            return;
        }
        out.append('{');
        int printed = 0;
        long i = 0;
        boolean first = true;
        while (i < count && printed < PRINT_MAX) {
            int at = (int) (off + i * elemSize);
            long reps = 1;
            while (i + reps < count && Arrays.equals(b, at, (int) (at + elemSize), b,
                    (int) (at + reps * elemSize), (int) (at + (reps + 1) * elemSize))) {
                reps++;
            }
            if (!first) {
                out.append(", ");
            }
            first = false;
            print(out, inner, b, at, order, f, false);
            if (reps > REPEAT_THRESHOLD) {
                out.append(" <repeats ").append(reps).append(" times>");
                i += reps;
                printed += REPEAT_THRESHOLD;
            } else {
                i++;
                printed++;
            }
        }
        if (i < count) {
            out.append("...");
        }
        out.append('}');
    }

    private static long count(Dimension dim) {
        if (dim.count().isPresent()) {
            return dim.count().getAsLong();
        }
        if (dim.upperBound().isPresent()) {
            return dim.upperBound().getAsLong() - dim.lowerBound() + 1;
        }
        return 0;
    }

    /** Characters as gdb's generic_printstr shows them: quoted runs, long runs as repeats, 200 at most. */
    static void printChars(StringBuilder out, byte[] s, boolean ellipsis) {
        int len = s.length;
        if (len == 0) {
            out.append("\"\"");
            if (ellipsis) {
                out.append("...");
            }
            return;
        }
        int i = 0, printed = 0;
        boolean inQuotes = false, any = false;
        while (i < len && printed < PRINT_MAX) {
            int run = 1;
            while (i + run < len && s[i + run] == s[i]) {
                run++;
            }
            if (run > REPEAT_THRESHOLD) {
                if (inQuotes) {
                    out.append("\", ");
                    inQuotes = false;
                } else if (any) {
                    out.append(", ");
                }
                out.append('\'');
                emitChar(out, s[i] & 0xff, '\'');
                out.append("' <repeats ").append(run).append(" times>");
                printed += REPEAT_THRESHOLD;
            } else {
                if (!inQuotes) {
                    if (any) {
                        out.append(", ");
                    }
                    out.append('"');
                    inQuotes = true;
                }
                for (int k = 0; k < run && printed < PRINT_MAX; k++) {
                    emitChar(out, s[i] & 0xff, '"');
                    printed++;
                }
            }
            any = true;
            i += run;
        }
        if (inQuotes) {
            out.append('"');
        }
        if (i < len || ellipsis) {
            out.append("...");
        }
    }

    // ---------------------------------------------------------------- structs

    private void printStruct(StringBuilder out, CType.Dwarf d, StructType s, byte[] b, int off, ByteOrder order,
                             PrintFormat f) {
        if (s.declaration() && s.members().isEmpty()) {
            out.append("<incomplete type>");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Member m : s.members()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            m.name().ifPresent(n -> out.append(n).append(" = "));
            CType mt = new CType.Dwarf(m.type().resolve(), d.types());
            long memberOff = m.byteOffset().orElse(0);
            if (m.isBitfield()) {
                long bitOff = m.bitOffset().orElse(0) + memberOff * 8;
                int bits = (int) m.bitSize().getAsLong();
                long v = Bytes.bits(b, (long) off * 8 + bitOff, bits, order, mt.isSigned());
                byte[] tmp = Value.ofLong(mt, v, order).bytes();
                print(out, mt, tmp, 0, order, f, false);
                continue;
            }
            long size = mt.size().orElse(0);
            if (off + memberOff + size > b.length) {
                out.append("<incomplete>");
                continue;
            }
            print(out, mt, b, (int) (off + memberOff), order, f, false);
        }
        out.append('}');
    }

    /** For callers that format a lone address ({@code x/a}, {@code info symbol}). */
    Optional<String> symbolize(long address) {
        return symbolizer.describe(address);
    }
}
