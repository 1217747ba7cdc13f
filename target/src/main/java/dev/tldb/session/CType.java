package dev.tldb.session;

import dev.tldb.dwarf.DwAte;
import dev.tldb.dwarf.type.ArrayType;
import dev.tldb.dwarf.type.BaseType;
import dev.tldb.dwarf.type.EnumType;
import dev.tldb.dwarf.type.FunctionType;
import dev.tldb.dwarf.type.PointerType;
import dev.tldb.dwarf.type.QualifiedType;
import dev.tldb.dwarf.type.StructType;
import dev.tldb.dwarf.type.Type;
import dev.tldb.dwarf.type.Typedef;
import dev.tldb.dwarf.type.Types;
import dev.tldb.dwarf.type.VoidType;

import java.util.OptionalLong;

/**
 * The type of a value as expressions see it: a DWARF type of some module, or one an expression
 * made up ({@code &x} is a pointer no DIE describes; a literal {@code 5} is an {@code int}).
 */
public sealed interface CType {

    /** A type from a module's DWARF, with the {@link Types} that resolves its references. */
    record Dwarf(Type type, Types types) implements CType {}

    /** A pointer an expression created ({@code &var}). */
    record Pointer(CType target, int byteSize) implements CType {}

    /** A C scalar an expression created: literals, casts to types the program's DWARF lacks. */
    record Scalar(String name, int encoding, int byteSize) implements CType {
        public static final Scalar INT = new Scalar("int", DwAte.SIGNED, 4);
        public static final Scalar LONG = new Scalar("long", DwAte.SIGNED, 8);
        public static final Scalar UNSIGNED_LONG = new Scalar("unsigned long", DwAte.UNSIGNED, 8);
        public static final Scalar DOUBLE = new Scalar("double", DwAte.FLOAT, 8);
        public static final Scalar CHAR = new Scalar("char", DwAte.SIGNED_CHAR, 1);
    }

    static CType of(Type type, Types types) {
        return new Dwarf(type, types);
    }

    /** This type without typedefs and qualifiers: what decides how a value is printed. */
    default CType strip() {
        CType t = this;
        for (int i = 0; i < Types.MAX_CHAIN && t instanceof Dwarf d; i++) {
            if (d.type() instanceof Typedef td) {
                t = new Dwarf(td.target().resolve(), d.types());
            } else if (d.type() instanceof QualifiedType q) {
                t = new Dwarf(q.target().resolve(), d.types());
            } else {
                break;
            }
        }
        return t;
    }

    /** The DWARF type after stripping, when there is one. */
    default Type dwarfType() {
        return strip() instanceof Dwarf d ? d.type() : null;
    }

    /** Size in bytes, when known. */
    default OptionalLong size() {
        CType s = strip();
        if (s instanceof Pointer p) {
            return OptionalLong.of(p.byteSize());
        }
        if (s instanceof Scalar sc) {
            return OptionalLong.of(sc.byteSize());
        }
        Dwarf d = (Dwarf) s;
        return d.types().sizeOf(d.type());
    }

    /** The DW_ATE encoding of a scalar (base types; enums and pointers count as unsigned integers). */
    default int encoding() {
        CType s = strip();
        if (s instanceof Scalar sc) {
            return sc.encoding();
        }
        if (s instanceof Pointer) {
            return DwAte.ADDRESS;
        }
        Type t = ((Dwarf) s).type();
        if (t instanceof BaseType b) {
            return b.encoding();
        }
        if (t instanceof EnumType e) {
            CType under = e.underlying().isVoid() ? Scalar.INT : new Dwarf(e.underlying().resolve(), ((Dwarf) s).types());
            return under.encoding();
        }
        if (t instanceof PointerType) {
            return DwAte.ADDRESS;
        }
        return 0;
    }

    default boolean isPointer() {
        CType s = strip();
        return s instanceof Pointer || (s instanceof Dwarf d && d.type() instanceof PointerType);
    }

    default boolean isArray() {
        return strip() instanceof Dwarf d && d.type() instanceof ArrayType;
    }

    default boolean isStruct() {
        return strip() instanceof Dwarf d && d.type() instanceof StructType;
    }

    default boolean isFunction() {
        return strip() instanceof Dwarf d && d.type() instanceof FunctionType;
    }

    default boolean isVoid() {
        return strip() instanceof Dwarf d && d.type() instanceof VoidType;
    }

    default boolean isFloat() {
        int e = encoding();
        return e == DwAte.FLOAT;
    }

    /** One-byte character types (char, signed char, unsigned char): printed as {@code 65 'A'}. */
    default boolean isCharLike() {
        int e = encoding();
        return (e == DwAte.SIGNED_CHAR || e == DwAte.UNSIGNED_CHAR || e == DwAte.UTF) && size().orElse(0) == 1;
    }

    default boolean isSigned() {
        int e = encoding();
        return e == DwAte.SIGNED || e == DwAte.SIGNED_CHAR || e == DwAte.SIGNED_FIXED;
    }

    /** Integer-like: integers, characters, booleans, enums, pointers. */
    default boolean isScalarInteger() {
        int e = encoding();
        return e == DwAte.SIGNED || e == DwAte.UNSIGNED || e == DwAte.SIGNED_CHAR || e == DwAte.UNSIGNED_CHAR
                || e == DwAte.BOOLEAN || e == DwAte.UTF || e == DwAte.ADDRESS;
    }

    /** For pointers: the pointed-to type. */
    default CType pointee() {
        CType s = strip();
        if (s instanceof Pointer p) {
            return p.target();
        }
        if (s instanceof Dwarf d && d.type() instanceof PointerType p) {
            return new Dwarf(p.target().resolve(), d.types());
        }
        throw new IllegalStateException("not a pointer");
    }

    /** For arrays: the element type. */
    default CType element() {
        Dwarf d = (Dwarf) strip();
        ArrayType a = (ArrayType) d.type();
        return new Dwarf(a.element().resolve(), d.types());
    }
}
