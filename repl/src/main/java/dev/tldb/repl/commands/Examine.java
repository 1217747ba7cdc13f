package dev.tldb.repl.commands;

import dev.tldb.error.TldbException;
import dev.tldb.repl.Cancelled;
import dev.tldb.repl.Debugger;
import dev.tldb.session.CFloat;
import dev.tldb.session.Session;
import dev.tldb.session.Value;
import dev.tldb.target.MemoryException;
import dev.tldb.target.TargetStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * gdb's {@code x/NFU ADDR}: memory as units, laid out as gdb lays it out (address label with
 * {@code <symbol+offset>}, a tab before each unit, 8 bytes or halfwords, 4 words or 2 giants a
 * line, one string a line). With no address it goes on where the last {@code x} stopped.
 */
@Command(name = "x", description = {"Examine memory: x/NFU ADDR.",
        "N units (default 1) of size U (b 1, h 2, w 4, g 8 bytes) in format F: x (hex), z (zero-padded hex), "
                + "d, u, o, t (binary), a (address), c (char), f (float), s (string).",
        "ADDR is an expression: a pointer's value, an array's or function's address, or an integer."})
final class Examine extends ReplCommand {
    /** gdb refuses more than this many units in one command only by memory; we bound it. */
    private static final int MAX_UNITS = 1 << 20;
    private static final int MAX_STRING = 200;

    @Parameters(paramLabel = "EXPR", arity = "0..*", description = "[/NFU] ADDR")
    List<String> words = new ArrayList<>();

    Examine(Debugger dbg) {
        super(dbg);
    }

    @Override
    protected int run() {
        List<String> w = new ArrayList<>(words);
        FormatSpec spec = DataCommands.format(w);
        Optional<Debugger.Examine> last = dbg.lastExamine();
        char format = spec.format().orElse(last.map(Debugger.Examine::format).orElse('x'));
        char size = spec.size().orElseGet(() -> switch (format) {
            case 'c', 's' -> 'b';
            case 'a' -> dbg.stack().abi().pointerSize() == 8 ? 'g' : 'w';
            case 'f' -> last.map(Debugger.Examine::size).filter(s -> s == 'w' || s == 'g').orElse('g');
            default -> last.map(Debugger.Examine::size).orElse('w');
        });
        if (format == 'a') {
            size = dbg.stack().abi().pointerSize() == 8 ? 'g' : 'w';
        }
        if (format == 'i') {
            throw new TldbException("tldb does not disassemble (x/i): use gdb, connected with tldb serve");
        }
        int count = spec.count().orElse(1);
        if (count < 1 || count > MAX_UNITS) {
            throw new TldbException("Item count " + count + " is out of range (1.." + MAX_UNITS + ").");
        }
        String expr = Words.join(w);
        long address;
        if (expr.isEmpty()) {
            address = last.orElseThrow(() -> new TldbException("Argument required (starting display address)."))
                    .next();
        } else {
            address = addressOf(dbg.session().evaluate(expr, dbg.threadIfAny(), Optional.empty()));
        }
        long next = format == 's' ? strings(address, count) : units(address, count, format, FormatSpec.bytes(size));
        dbg.setLastExamine(new Debugger.Examine(next, format, size));
        return 0;
    }

    /** What gdb's x takes as the address of a value: a pointer's target, an array's or function's address, an integer. */
    static long addressOf(Value v) {
        if (v.type().isPointer()) {
            return v.asLong(false);
        }
        if ((v.type().isArray() || v.type().isFunction() || v.type().isStruct()) && v.address().isPresent()) {
            return v.address().getAsLong();
        }
        if (v.type().isScalarInteger() || v.type().isCharLike()) {
            return v.asLong(false);
        }
        throw new TldbException("Invalid address: an expression of this type cannot be examined");
    }

    private String label(long address) {
        Session s = dbg.session();
        return "0x" + Long.toHexString(address) + s.symbolize(address).map(x -> " <" + x + ">").orElse("") + ":";
    }

    private long units(long address, int count, char format, int unit) {
        TargetStack stack = dbg.stack();
        int perLine = unit >= 8 ? 2 : unit == 4 ? 4 : 8;
        ByteOrder order = stack.abi().order();
        long a = address;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Cancelled.check();
            if (i % perLine == 0) {
                if (line.length() > 0) {
                    out().println(line);
                    line.setLength(0);
                }
                line.append(label(a));
            }
            byte[] b;
            try {
                b = stack.readFully(a, unit);
            } catch (MemoryException e) {
                if (line.length() > 0 && i % perLine != 0) {
                    out().println(line);
                }
                throw new TldbException("Cannot access memory at address 0x" + Long.toHexString(a));
            }
            line.append('\t').append(unit(b, order, format, unit));
            a += unit;
        }
        if (line.length() > 0) {
            out().println(line);
        }
        return a;
    }

    private String unit(byte[] b, ByteOrder order, char format, int unit) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(order);
        long u = switch (unit) {
            case 1 -> b[0] & 0xffL;
            case 2 -> buf.getShort() & 0xffffL;
            case 4 -> buf.getInt() & 0xffff_ffffL;
            default -> buf.getLong();
        };
        long signed = switch (unit) {
            case 1 -> b[0];
            case 2 -> buf.getShort(0);
            case 4 -> buf.getInt(0);
            default -> u;
        };
        return switch (format) {
            case 'x', 'z' -> "0x" + pad(Long.toHexString(u), unit * 2);
            case 'd' -> Long.toString(signed);
            case 'u' -> Long.toUnsignedString(u);
            case 'o' -> u == 0 ? "0" : "0" + Long.toOctalString(u);
            case 't' -> pad(Long.toBinaryString(u), unit * 8);
            case 'c' -> signed + " " + charLiteral((int) (u & 0xff));
            case 'a' -> "0x" + Long.toHexString(u) + dbg.session().symbolize(u).map(x -> " <" + x + ">").orElse("");
            case 'f' -> unit == 8 ? CFloat.ofDouble(Double.longBitsToDouble(u))
                    : unit == 4 ? CFloat.ofFloat(Float.intBitsToFloat((int) u)) : Long.toString(signed);
            default -> throw new TldbException("Undefined output format \"" + format + "\".");
        };
    }

    private long strings(long address, int count) {
        TargetStack stack = dbg.stack();
        long a = address;
        for (int i = 0; i < count; i++) {
            Cancelled.check();
            StringBuilder text = new StringBuilder("\"");
            long at = a;
            int n = 0;
            boolean truncated = false;
            while (true) {
                byte[] one;
                try {
                    one = stack.readFully(at, 1);
                } catch (MemoryException e) {
                    throw new TldbException("Cannot access memory at address 0x" + Long.toHexString(at));
                }
                at++;
                if (one[0] == 0) {
                    break;
                }
                if (n++ == MAX_STRING) {
                    truncated = true;
                    break;
                }
                text.append(escape(one[0] & 0xff, '"'));
            }
            out().println(label(a) + "\t" + text + "\"" + (truncated ? "..." : ""));
            a = at;
        }
        return a;
    }

    static String charLiteral(int c) {
        return "'" + escape(c, '\'') + "'";
    }

    /** A character as gdb writes it inside quotes: C escapes, octal for the rest of the unprintable ones. */
    static String escape(int c, char quote) {
        return switch (c) {
            case 7 -> "\\a";
            case 8 -> "\\b";
            case 9 -> "\\t";
            case 10 -> "\\n";
            case 11 -> "\\v";
            case 12 -> "\\f";
            case 13 -> "\\r";
            case '\\' -> "\\\\";
            default -> c == quote ? "\\" + quote
                    : c < 0x20 || c >= 0x7f ? String.format("\\%03o", c) : String.valueOf((char) c);
        };
    }

    private static String pad(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
