package dev.tldb.session;

import dev.tldb.abi.Registers;
import dev.tldb.dwarf.DwAte;
import dev.tldb.dwarf.type.ArrayType;
import dev.tldb.dwarf.type.Dimension;
import dev.tldb.dwarf.type.Member;
import dev.tldb.dwarf.type.StructType;
import dev.tldb.session.expr.Expr;
import dev.tldb.target.Target;
import dev.tldb.target.ThreadInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Evaluates a parsed expression to a {@link Value} in one thread, with C's rules for the operators it supports. */
final class ExpressionEvaluator {
    private static final int MAX_MEMBER_DEPTH = 32;

    private final Target target;
    private final SymbolLookup lookup;
    private final VariableReader reader;
    private final Optional<ThreadInfo> thread;
    private final Optional<String> scope;
    private final List<Value> history;
    private final ByteOrder order;
    private final int pointerSize;

    ExpressionEvaluator(Target target, SymbolLookup lookup, VariableReader reader, Optional<ThreadInfo> thread,
                        Optional<String> scope, List<Value> history) {
        this.target = target;
        this.lookup = lookup;
        this.reader = reader;
        this.thread = thread;
        this.scope = scope;
        this.history = history;
        this.order = target.abi().order();
        this.pointerSize = target.abi().pointerSize();
    }

    Value eval(Expr e) {
        if (e instanceof Expr.Name n) {
            Variable v = variable(n.name());
            if (v.die().isEmpty() && !(v.storage() instanceof Storage.Function)) {
                throw new SessionException("'" + n.name() + "' has unknown type; cast it to its declared type");
            }
            return reader.read(v, thread);
        }
        if (e instanceof Expr.IntLiteral lit) {
            CType t = lit.isLong() ? (lit.unsigned() ? CType.Scalar.UNSIGNED_LONG : CType.Scalar.LONG)
                    : lit.unsigned() ? new CType.Scalar("unsigned int", DwAte.UNSIGNED, 4) : CType.Scalar.INT;
            return Value.ofLong(t, lit.value(), order);
        }
        if (e instanceof Expr.FloatLiteral f) {
            byte[] b = new byte[8];
            ByteBuffer.wrap(b).order(order).putDouble(0, f.value());
            return new Value(CType.Scalar.DOUBLE, b, order, OptionalLong.empty(), Optional.empty());
        }
        if (e instanceof Expr.Dollar d) {
            return dollar(d.name());
        }
        if (e instanceof Expr.Member m) {
            Value base = eval(m.base());
            if (m.arrow()) {
                if (!base.type().isPointer()) {
                    throw new SessionException("The -> operator must be applied to a pointer: " + m.member());
                }
                base = deref(base);
            }
            return member(base, m.member());
        }
        if (e instanceof Expr.Index ix) {
            Value base = eval(ix.base());
            long i = integer(eval(ix.index()));
            if (base.type().isArray()) {
                return element(base, i);
            }
            if (base.type().isPointer()) {
                return deref(pointerAdd(base, i));
            }
            throw new SessionException("cannot subscript something of type `" + names().name(base.type()) + "'");
        }
        if (e instanceof Expr.Deref d) {
            Value v = eval(d.operand());
            if (v.type().isArray()) {
                return element(v, 0);
            }
            if (!v.type().isPointer()) {
                throw new SessionException("Attempt to take contents of a non-pointer value.");
            }
            return deref(v);
        }
        if (e instanceof Expr.AddressOf a) {
            if (a.operand() instanceof Expr.Name n) {
                Variable v = variable(n.name());
                OptionalLong addr = reader.address(v, thread);
                if (addr.isEmpty()) {
                    throw new SessionException("Can't take address of \"" + n.name() + "\" which isn't an lvalue.");
                }
                return pointerTo(v.type(), addr.getAsLong());
            }
            Value v = eval(a.operand());
            if (v.address().isEmpty()) {
                throw new SessionException("Attempt to take address of value not located in memory.");
            }
            return pointerTo(v.type(), v.address().getAsLong());
        }
        if (e instanceof Expr.Cast c) {
            CType to = resolveType(c.type());
            if (c.operand() instanceof Expr.Name n) {
                Variable v = variable(n.name());
                if (v.die().isEmpty() && !(v.storage() instanceof Storage.Function) && !to.isPointer()) {
                    // An ELF symbol without debug info: read it as the type the user says it has.
                    long a = reader.address(v, thread).orElseThrow();
                    return Value.inMemory(to, target.readFully(a, (int) to.size().orElse(0)), order, a);
                }
            }
            return cast(eval(c.operand()), to);
        }
        if (e instanceof Expr.SizeofExpr s) {
            return Value.ofLong(CType.Scalar.UNSIGNED_LONG, eval(s.operand()).type().size().orElse(0), order);
        }
        if (e instanceof Expr.SizeofType s) {
            return Value.ofLong(CType.Scalar.UNSIGNED_LONG, resolveType(s.type()).size().orElse(0), order);
        }
        if (e instanceof Expr.Unary u) {
            Value v = eval(u.operand());
            return switch (u.op()) {
                case '-' -> v.type().isFloat() ? floatValue(-asDouble(v)) : Value.ofLong(arithType(v, v), -integer(v), order);
                case '+' -> v;
                case '!' -> Value.ofLong(CType.Scalar.INT, isZero(v) ? 1 : 0, order);
                case '~' -> Value.ofLong(arithType(v, v), ~integer(v), order);
                default -> throw new SessionException("unsupported operator " + u.op());
            };
        }
        Expr.Binary b = (Expr.Binary) e;
        return binary(b.op(), eval(b.left()), eval(b.right()));
    }

    private Variable variable(String name) {
        if (scope.isPresent()) {
            Optional<Variable> local = lookup.local(name, scope.get());
            if (local.isPresent()) {
                return local.get();
            }
        }
        return lookup.global(name).orElseThrow(() -> new SessionException("No symbol \"" + name + "\" in current context."));
    }

    private Value dollar(String name) {
        if (name.isEmpty() || name.chars().allMatch(Character::isDigit)) {
            if (history.isEmpty()) {
                throw new SessionException("History is empty.");
            }
            int n = name.isEmpty() ? history.size() : Integer.parseInt(name);
            if (n < 1 || n > history.size()) {
                throw new SessionException("History has not yet reached $" + n + ".");
            }
            return history.get(n - 1);
        }
        ThreadInfo t = thread.orElseThrow(() -> new SessionException("No registers."));
        Registers regs = target.registers(t);
        String reg = switch (name) {
            case "pc" -> target.abi().arch().pcRegister();
            case "sp" -> target.abi().arch().spRegister();
            default -> name;
        };
        int idx = regs.layout().indexOf(reg).orElseThrow(() -> new SessionException("Invalid register `" + name + "'"));
        long v = regs.get(idx).orElseThrow(() -> new SessionException("value is not available"));
        int size = regs.layout().get(idx).byteSize();
        CType type = new CType.Scalar(size == 8 ? "long" : size == 4 ? "int" : "int" + size * 8 + "_t", DwAte.SIGNED,
                Math.min(size, 8));
        if (name.equals("pc") || name.equals("sp") || reg.equals(target.abi().arch().pcRegister())
                || reg.equals(target.abi().arch().spRegister())) {
            type = new CType.Pointer(new CType.Scalar("void", 0, 1), pointerSize);
        }
        return Value.ofLong(type, v, order);
    }

    // ---------------------------------------------------------------- aggregates and pointers

    private Value member(Value base, String name) {
        CType t = base.type().strip();
        if (!(t instanceof CType.Dwarf d) || !(d.type() instanceof StructType)) {
            throw new SessionException("Attempt to extract a component of a value that is not a structure.");
        }
        return findMember(base, d, name, 0).orElseThrow(() -> new SessionException(
                "There is no member named " + name + "."));
    }

    private Optional<Value> findMember(Value base, CType.Dwarf d, String name, int depth) {
        StructType s = (StructType) d.type();
        for (Member m : s.members()) {
            CType mt = new CType.Dwarf(m.type().resolve(), d.types());
            long off = m.byteOffset().orElse(0);
            if (m.name().isPresent() && m.name().get().equals(name)) {
                if (m.isBitfield()) {
                    long bitOff = m.bitOffset().orElse(0) + off * 8;
                    long v = Bytes.bits(base.bytes(), bitOff, (int) m.bitSize().getAsLong(), order, mt.isSigned());
                    return Optional.of(Value.ofLong(mt, v, order));
                }
                long size = mt.size().orElse(0);
                return Optional.of(new Value(mt, base.slice(off, size), order,
                        base.address().isPresent() ? OptionalLong.of(base.address().getAsLong() + off) : OptionalLong.empty(),
                        base.note()));
            }
            // Anonymous struct/union members make their members visible directly.
            if (m.name().isEmpty() && depth < MAX_MEMBER_DEPTH && mt.strip() instanceof CType.Dwarf md
                    && md.type() instanceof StructType) {
                long size = mt.size().orElse(0);
                Value inner = new Value(mt, base.slice(off, size), order, base.address().isPresent()
                        ? OptionalLong.of(base.address().getAsLong() + off) : OptionalLong.empty(), base.note());
                Optional<Value> found = findMember(inner, md, name, depth + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private Value element(Value array, long index) {
        CType.Dwarf d = (CType.Dwarf) array.type().strip();
        ArrayType a = (ArrayType) d.type();
        CType elem = array.type().element();
        List<Dimension> dims = a.dimensions();
        if (dims.size() > 1) {
            throw new SessionException("multi-dimensional arrays: subscript one dimension at a time is not supported");
        }
        long size = elem.size().orElse(0);
        long lower = dims.isEmpty() ? 0 : dims.get(0).lowerBound();
        long rel = index - lower;
        long off = rel * size;
        if (rel >= 0 && off + size <= array.bytes().length) {
            return new Value(elem, array.slice(off, size), order, array.address().isPresent()
                    ? OptionalLong.of(array.address().getAsLong() + off) : OptionalLong.empty(), array.note());
        }
        if (array.address().isEmpty()) {
            throw new SessionException("no such vector element");
        }
        long at = array.address().getAsLong() + off; // C lets you index past the end; gdb reads memory there
        return Value.inMemory(elem, target.readFully(at, (int) size), order, at);
    }

    private Value deref(Value pointer) {
        CType pointee = pointer.type().pointee();
        long addr = pointer.asLong(false);
        if (pointee.isVoid()) {
            throw new SessionException("Attempt to take contents of a non-pointer value.");
        }
        if (pointee.isFunction()) {
            return new Value(pointee, new byte[0], order, OptionalLong.of(addr), Optional.empty());
        }
        int size = (int) pointee.size().orElseThrow(() -> new SessionException("Cannot dereference a pointer to an incomplete type."));
        return Value.inMemory(pointee, target.readFully(addr, size), order, addr);
    }

    private Value pointerTo(CType type, long address) {
        return Value.ofLong(new CType.Pointer(type, pointerSize), address, order);
    }

    private Value pointerAdd(Value p, long n) {
        long elem = p.type().pointee().isVoid() ? 1 : p.type().pointee().size().orElse(1);
        return Value.ofLong(p.type(), p.asLong(false) + n * elem, order);
    }

    // ---------------------------------------------------------------- arithmetic

    private Value binary(String op, Value l, Value r) {
        l = decay(l);
        r = decay(r);
        if ((op.equals("+") || op.equals("-")) && l.type().isPointer() && !r.type().isPointer()) {
            return pointerAdd(l, op.equals("+") ? integer(r) : -integer(r));
        }
        if (op.equals("+") && r.type().isPointer() && !l.type().isPointer()) {
            return pointerAdd(r, integer(l));
        }
        if (op.equals("-") && l.type().isPointer() && r.type().isPointer()) {
            long elem = Math.max(1, l.type().pointee().size().orElse(1));
            return Value.ofLong(CType.Scalar.LONG, (l.asLong(false) - r.asLong(false)) / elem, order);
        }
        if (l.type().isFloat() || r.type().isFloat()) {
            double a = asDouble(l), b = asDouble(r);
            return switch (op) {
                case "+" -> floatValue(a + b);
                case "-" -> floatValue(a - b);
                case "*" -> floatValue(a * b);
                case "/" -> floatValue(a / b);
                default -> Value.ofLong(CType.Scalar.INT, compare(op, Double.compare(a, b)), order);
            };
        }
        long a = integer(l), b = integer(r);
        CType t = arithType(l, r);
        boolean unsigned = !t.isSigned();
        return switch (op) {
            case "+" -> Value.ofLong(t, a + b, order);
            case "-" -> Value.ofLong(t, a - b, order);
            case "*" -> Value.ofLong(t, a * b, order);
            case "/", "%" -> {
                if (b == 0) {
                    throw new SessionException("Division by zero");
                }
                long q = unsigned ? (op.equals("/") ? Long.divideUnsigned(a, b) : Long.remainderUnsigned(a, b))
                        : (op.equals("/") ? a / b : a % b);
                yield Value.ofLong(t, q, order);
            }
            case "&" -> Value.ofLong(t, a & b, order);
            case "|" -> Value.ofLong(t, a | b, order);
            case "^" -> Value.ofLong(t, a ^ b, order);
            case "<<" -> Value.ofLong(t, a << b, order);
            case ">>" -> Value.ofLong(t, unsigned ? a >>> b : a >> b, order);
            case "&&" -> Value.ofLong(CType.Scalar.INT, a != 0 && b != 0 ? 1 : 0, order);
            case "||" -> Value.ofLong(CType.Scalar.INT, a != 0 || b != 0 ? 1 : 0, order);
            default -> Value.ofLong(CType.Scalar.INT,
                    compare(op, unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b)), order);
        };
    }

    /** An array in memory used as an operand is a pointer to its first element, as in C. */
    private Value decay(Value v) {
        if (v.type().isArray() && v.address().isPresent()) {
            return pointerTo(v.type().element(), v.address().getAsLong());
        }
        return v;
    }

    private static int compare(String op, int c) {
        boolean r = switch (op) {
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            case ">=" -> c >= 0;
            default -> throw new SessionException("unsupported operator " + op);
        };
        return r ? 1 : 0;
    }

    /** C's usual arithmetic conversions, reduced: int unless an operand is wider or unsigned. */
    private static CType arithType(Value l, Value r) {
        long size = Math.max(l.type().size().orElse(4), r.type().size().orElse(4));
        boolean unsigned = (!l.type().isSigned() && l.type().size().orElse(4) >= 4)
                || (!r.type().isSigned() && r.type().size().orElse(4) >= 4);
        if (size <= 4) {
            return unsigned ? new CType.Scalar("unsigned int", DwAte.UNSIGNED, 4) : CType.Scalar.INT;
        }
        return unsigned ? CType.Scalar.UNSIGNED_LONG : CType.Scalar.LONG;
    }

    private long integer(Value v) {
        if (v.type().isFloat()) {
            return (long) asDouble(v);
        }
        if (!v.type().isScalarInteger() && !v.type().isPointer() && !(v.type().dwarfType() instanceof dev.tldb.dwarf.type.EnumType)) {
            throw new SessionException("Value can't be converted to integer.");
        }
        return v.asLong();
    }

    private boolean isZero(Value v) {
        return v.type().isFloat() ? asDouble(v) == 0 : integer(v) == 0;
    }

    private double asDouble(Value v) {
        if (!v.type().isFloat()) {
            return v.type().isSigned() ? v.asLong() : (double) v.asLong(false);
        }
        ByteBuffer b = ByteBuffer.wrap(v.bytes()).order(order);
        return v.bytes().length == 4 ? b.getFloat(0) : b.getDouble(0);
    }

    private Value floatValue(double d) {
        byte[] b = new byte[8];
        ByteBuffer.wrap(b).order(order).putDouble(0, d);
        return new Value(CType.Scalar.DOUBLE, b, order, OptionalLong.empty(), Optional.empty());
    }

    private Value cast(Value v, CType to) {
        if (to.isFloat()) {
            double d = asDouble(v);
            byte[] b = new byte[(int) to.size().orElse(8)];
            if (b.length == 4) {
                ByteBuffer.wrap(b).order(order).putFloat(0, (float) d);
            } else {
                ByteBuffer.wrap(b).order(order).putDouble(0, d);
            }
            return new Value(to, b, order, OptionalLong.empty(), Optional.empty());
        }
        if (to.isStruct() || to.isArray()) {
            if (v.address().isEmpty()) {
                throw new SessionException("Invalid cast.");
            }
            long a = v.address().getAsLong();
            return Value.inMemory(to, target.readFully(a, (int) to.size().orElse(0)), order, a);
        }
        long raw = v.type().isArray() && v.address().isPresent() ? v.address().getAsLong() : integer(v);
        return Value.ofLong(to, raw, order);
    }

    // ---------------------------------------------------------------- types

    private static final Map<String, CType.Scalar> BUILTIN = Map.ofEntries(
            Map.entry("char", new CType.Scalar("char", DwAte.SIGNED_CHAR, 1)),
            Map.entry("signed char", new CType.Scalar("signed char", DwAte.SIGNED_CHAR, 1)),
            Map.entry("unsigned char", new CType.Scalar("unsigned char", DwAte.UNSIGNED_CHAR, 1)),
            Map.entry("short", new CType.Scalar("short", DwAte.SIGNED, 2)),
            Map.entry("unsigned short", new CType.Scalar("unsigned short", DwAte.UNSIGNED, 2)),
            Map.entry("int", CType.Scalar.INT),
            Map.entry("unsigned int", new CType.Scalar("unsigned int", DwAte.UNSIGNED, 4)),
            Map.entry("unsigned", new CType.Scalar("unsigned int", DwAte.UNSIGNED, 4)),
            Map.entry("long long", new CType.Scalar("long long", DwAte.SIGNED, 8)),
            Map.entry("unsigned long long", new CType.Scalar("unsigned long long", DwAte.UNSIGNED, 8)),
            Map.entry("float", new CType.Scalar("float", DwAte.FLOAT, 4)),
            Map.entry("double", CType.Scalar.DOUBLE),
            Map.entry("_Bool", new CType.Scalar("_Bool", DwAte.BOOLEAN, 1)),
            Map.entry("void", new CType.Scalar("void", 0, 1)));

    CType resolveType(Expr.TypeSpec spec) {
        String base = spec.base().replace("long int", "long").replace("short int", "short");
        CType t = lookup.type(base).orElseGet(() -> builtin(base));
        for (int i = 0; i < spec.pointers(); i++) {
            t = new CType.Pointer(t, pointerSize);
        }
        return t;
    }

    /** Whether {@code name} is a C type every program has ({@code int}, {@code unsigned long}, ...). */
    static boolean isBuiltinType(String name) {
        String base = name.replace("long int", "long").replace("short int", "short");
        return BUILTIN.containsKey(base) || base.equals("long") || base.equals("signed long")
                || base.equals("unsigned long");
    }

    private CType builtin(String name) {
        CType.Scalar s = BUILTIN.get(name);
        if (s != null) {
            return s;
        }
        if (name.equals("long") || name.equals("signed long")) {
            return new CType.Scalar("long", DwAte.SIGNED, pointerSize);
        }
        if (name.equals("unsigned long")) {
            return new CType.Scalar("unsigned long", DwAte.UNSIGNED, pointerSize);
        }
        throw new SessionException("No symbol \"" + name.replaceFirst("^(struct|union|enum) ", "") + "\" in current context.");
    }

    private static CTypeNames names() {
        return new CTypeNames();
    }
}
