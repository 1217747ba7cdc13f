package dev.tldb.dwarf.type;

import dev.tldb.binary.FormatException;
import dev.tldb.dwarf.AttributeValue;
import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DieRef;
import dev.tldb.dwarf.DwAt;
import dev.tldb.dwarf.DwAte;
import dev.tldb.dwarf.DwLang;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.Unit;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds {@link Type}s from type DIEs, once per DIE. Building a type reads only its own DIE and
 * children (members, enumerators, subranges, parameters); the types those refer to stay
 * {@link TypeRef}s, so a self-referential struct costs one DIE and no recursion. Walks along
 * chains (typedef of const of typedef..., sizes of nested arrays) are loops capped at
 * {@link #MAX_CHAIN} links; a longer chain is reported as corrupt (it can only be a cycle).
 *
 * <pre>{@code
 * Types types = Types.of(dwarf);
 * Type t = types.typeOf(variableDie);           // DW_AT_type, void when absent
 * OptionalLong size = types.sizeOf(t);
 * String name = types.names().name(t);           // "const char *", "int (*)(int)"
 * }</pre>
 */
public final class Types {
    /** Longest chain of type links followed; real programs stay far below. */
    public static final int MAX_CHAIN = 128;

    private final DwarfInfo dwarf;
    private final Map<DieRef, Type> cache = new ConcurrentHashMap<>();
    private final TypeNames names = new TypeNames(this);

    private Types(DwarfInfo dwarf) {
        this.dwarf = dwarf;
    }

    /** The type resolver of a file (one per file; a {@code .dwo} shares its main file's). */
    public static Types of(DwarfInfo dwarf) {
        DwarfInfo root = dwarf.parent().orElse(dwarf);
        return root.attachment(Types.class, Types::new);
    }

    public TypeNames names() {
        return names;
    }

    DwarfInfo dwarf() {
        return dwarf;
    }

    /** The type a type DIE defines. */
    public Type type(Die typeDie) {
        DieRef ref = typeDie.ref();
        Type t = cache.get(ref);
        if (t == null) {
            t = build(typeDie, ref);
            Type raced = cache.putIfAbsent(ref, t);
            if (raced != null) {
                t = raced;
            }
        }
        return t;
    }

    /** The type a DIE reference names. */
    public Type type(DieRef ref) {
        Type t = cache.get(ref);
        return t != null ? t : type(dwarf.die(ref));
    }

    /** A lazy reference to the type defined by {@code typeDie}. */
    public TypeRef ref(Die typeDie) {
        return new TypeRef(this, typeDie.ref());
    }

    /**
     * The type of a variable, parameter, member or function DIE: DW_AT_type (also through
     * DW_AT_specification / DW_AT_abstract_origin), void when absent. A subprogram's type is its
     * function type, as gdb's {@code whatis main} shows.
     */
    public Type typeOf(Die die) {
        if (die.tag() == DwTag.SUBPROGRAM) {
            Die def = die.followingOrigins(DwAt.TYPE).orElse(die);
            return type(def);
        }
        return typeRefOf(die).resolve();
    }

    /** {@link #typeOf} as a lazy reference. */
    public TypeRef typeRefOf(Die die) {
        Optional<Die> holder = die.followingOrigins(DwAt.TYPE);
        if (holder.isEmpty()) {
            return new TypeRef(this, null);
        }
        return holder.get().reference(DwAt.TYPE).map(this::ref).orElse(new TypeRef(this, null));
    }

    /** The language of the unit a type came from (for naming: C++ drops the {@code struct} keyword). */
    int language(Type t) {
        return t.die().map(r -> dwarf.die(r).unit().language()).orElse(DwLang.C);
    }

    // ---------------------------------------------------------------- chains

    /** Follows typedefs (and, if {@code qualifiers}, cv-qualifiers) to the underlying type. */
    public Type strip(Type t, boolean qualifiers) {
        Type cur = t;
        for (int i = 0; i <= MAX_CHAIN; i++) {
            if (cur instanceof Typedef td) {
                cur = td.target().resolve();
            } else if (qualifiers && cur instanceof QualifiedType q) {
                cur = q.target().resolve();
            } else {
                return cur;
            }
        }
        throw chainTooLong(t);
    }

    /**
     * The size in bytes, as C's {@code sizeof} (and gdb) would give it: flexible array members
     * count as 0, {@code void} and functions as 1. Empty for an incomplete type or when an array
     * size would overflow.
     */
    public OptionalLong sizeOf(Type t) {
        long factor = 1;
        Type cur = t;
        for (int i = 0; i <= MAX_CHAIN; i++) {
            OptionalLong direct = directSize(cur);
            if (direct != null) {
                if (direct.isEmpty()) {
                    return direct;
                }
                return multiply(factor, direct.getAsLong());
            }
            if (cur instanceof Typedef td) {
                cur = td.target().resolve();
            } else if (cur instanceof QualifiedType q) {
                cur = q.target().resolve();
            } else if (cur instanceof ArrayType a) {
                if (a.byteSize().isPresent()) {
                    return multiply(factor, a.byteSize().getAsLong());
                }
                long count = 1;
                for (Dimension d : a.dimensions()) {
                    OptionalLong m = multiply(count, d.count().orElse(0));
                    if (m.isEmpty()) {
                        return m;
                    }
                    count = m.getAsLong();
                }
                if (a.byteStride().isPresent()) {
                    OptionalLong f = multiply(factor, count);
                    return f.isEmpty() ? f : multiply(f.getAsLong(), a.byteStride().getAsLong());
                }
                OptionalLong m = multiply(factor, count);
                if (m.isEmpty()) {
                    return m;
                }
                factor = m.getAsLong();
                cur = a.element().resolve();
            } else {
                return OptionalLong.empty();
            }
        }
        throw chainTooLong(t);
    }

    /** The size a type states itself, or null when it derives from another type (typedefs, arrays...). */
    private static OptionalLong directSize(Type t) {
        if (t instanceof BaseType b) {
            return OptionalLong.of(b.byteSize());
        } else if (t instanceof PointerType p) {
            return OptionalLong.of(p.byteSize());
        } else if (t instanceof StructType s) {
            return s.byteSize();
        } else if (t instanceof EnumType e) {
            return e.byteSize();
        } else if (t instanceof VoidType || t instanceof FunctionType) {
            return OptionalLong.of(1);
        } else if (t instanceof OtherType o) {
            return o.byteSize();
        } else if (t instanceof UnspecifiedType) {
            return OptionalLong.empty();
        }
        return null;
    }

    private static OptionalLong multiply(long a, long b) {
        if (a < 0 || b < 0) {
            return OptionalLong.empty();
        }
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? OptionalLong.empty() : OptionalLong.of(lo);
    }

    FormatException chainTooLong(Type t) {
        String where = t.die().map(r -> dwarf.elf().name() + ": " + r).orElse(dwarf.elf().name());
        return new FormatException(where + ": chain of type references longer than " + MAX_CHAIN + " (a cycle?)");
    }

    // ---------------------------------------------------------------- building

    private Type build(Die stub, DieRef ref) {
        // A stub for a type that lives in a type unit (-fdebug-types-section) names it by
        // DW_AT_signature: build the real one (a loop, in case a corrupt file chains stubs).
        Die die = stub;
        for (int hops = 0; die.has(DwAt.SIGNATURE); hops++) {
            Optional<Die> full = die.reference(DwAt.SIGNATURE);
            if (full.isEmpty() || full.get().equals(die)) {
                break;
            }
            if (hops >= MAX_CHAIN) {
                throw new FormatException(dwarf.elf().name() + ": " + ref + ": chain of DW_AT_signature stubs longer "
                        + "than " + MAX_CHAIN + " (a cycle?)");
            }
            die = full.get();
        }
        return switch (die.tag()) {
            case DwTag.BASE_TYPE -> new BaseType(ref, die.name().orElse("?"), (int) die.constant(DwAt.ENCODING).orElse(0),
                    die.constant(DwAt.BYTE_SIZE).orElse((die.constant(DwAt.BIT_SIZE).orElse(0) + 7) / 8),
                    die.constant(DwAt.BIT_SIZE));
            case DwTag.UNSPECIFIED_TYPE -> new UnspecifiedType(ref, die.name().orElse("void"));
            case DwTag.POINTER_TYPE -> pointer(die, ref, PointerType.Kind.POINTER);
            case DwTag.REFERENCE_TYPE -> pointer(die, ref, PointerType.Kind.REFERENCE);
            case DwTag.RVALUE_REFERENCE_TYPE -> pointer(die, ref, PointerType.Kind.RVALUE_REFERENCE);
            case DwTag.STRUCTURE_TYPE -> struct(die, ref, StructType.Kind.STRUCT);
            case DwTag.CLASS_TYPE -> struct(die, ref, StructType.Kind.CLASS);
            case DwTag.UNION_TYPE -> struct(die, ref, StructType.Kind.UNION);
            case DwTag.ARRAY_TYPE -> array(die, ref);
            case DwTag.ENUMERATION_TYPE -> enumeration(die, ref);
            case DwTag.TYPEDEF -> new Typedef(ref, die.name().orElse("?"), typeRefOf(die));
            case DwTag.CONST_TYPE -> new QualifiedType(ref, QualifiedType.Qualifier.CONST, typeRefOf(die));
            case DwTag.VOLATILE_TYPE -> new QualifiedType(ref, QualifiedType.Qualifier.VOLATILE, typeRefOf(die));
            case DwTag.RESTRICT_TYPE -> new QualifiedType(ref, QualifiedType.Qualifier.RESTRICT, typeRefOf(die));
            case DwTag.ATOMIC_TYPE -> new QualifiedType(ref, QualifiedType.Qualifier.ATOMIC, typeRefOf(die));
            case DwTag.SUBROUTINE_TYPE, DwTag.SUBPROGRAM -> function(die, ref);
            default -> new OtherType(ref, die.tag(), die.name(), die.constant(DwAt.BYTE_SIZE));
        };
    }

    private Type pointer(Die die, DieRef ref, PointerType.Kind kind) {
        long size = die.constant(DwAt.BYTE_SIZE).orElse(die.unit().header().addressSize());
        return new PointerType(ref, kind, size, typeRefOf(die));
    }

    private Type struct(Die die, DieRef ref, StructType.Kind kind) {
        List<Member> members = new ArrayList<>();
        boolean littleEndian = die.unit().dwarf().elf().order() == ByteOrder.LITTLE_ENDIAN;
        for (Die child : die.children()) {
            if (child.tag() != DwTag.MEMBER || child.flag(DwAt.DECLARATION)) {
                continue; // static members are declarations; methods and bases are not data members
            }
            members.add(member(child, kind == StructType.Kind.UNION, littleEndian));
        }
        return new StructType(ref, kind, die.name(), die.constant(DwAt.BYTE_SIZE), die.flag(DwAt.DECLARATION), members);
    }

    private Member member(Die m, boolean inUnion, boolean littleEndian) {
        TypeRef type = typeRefOf(m);
        OptionalLong byteOffset = memberLocation(m);
        if (byteOffset.isEmpty() && inUnion) {
            byteOffset = OptionalLong.of(0);
        }
        OptionalLong bitSize = m.constant(DwAt.BIT_SIZE);
        OptionalLong bitOffset = OptionalLong.empty();
        OptionalLong dataBitOffset = m.constant(DwAt.DATA_BIT_OFFSET);
        if (dataBitOffset.isPresent()) {
            bitOffset = dataBitOffset;
            if (byteOffset.isEmpty()) {
                byteOffset = OptionalLong.of(dataBitOffset.getAsLong() / 8);
            }
        } else if (bitSize.isPresent() && m.has(DwAt.BIT_OFFSET)) {
            // DWARF 2/3: bit_offset counts from the most significant bit of a storage unit of byte_size bytes.
            long storage = m.constant(DwAt.BYTE_SIZE).orElseGet(() -> sizeOf(type.resolve()).orElse(0));
            long base = byteOffset.orElse(0) * 8;
            long bo = m.constant(DwAt.BIT_OFFSET).getAsLong();
            bitOffset = OptionalLong.of(littleEndian ? base + storage * 8 - bo - bitSize.getAsLong() : base + bo);
        } else if (bitSize.isPresent()) {
            bitOffset = OptionalLong.of(byteOffset.orElse(0) * 8);
        }
        if (byteOffset.isEmpty() && !m.has(DwAt.DATA_MEMBER_LOCATION)) {
            byteOffset = OptionalLong.of(0); // absent location: at the start (DWARF 5 section 5.7.6)
        }
        return new Member(m.name(), type, byteOffset, bitSize, bitOffset);
    }

    /** DW_AT_data_member_location as a constant, or the simple expressions producers use for one. */
    private static OptionalLong memberLocation(Die m) {
        Optional<AttributeValue> v = m.attribute(DwAt.DATA_MEMBER_LOCATION);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        if (v.get() instanceof AttributeValue.UnsignedConstant c) {
            return OptionalLong.of(c.value());
        }
        if (v.get() instanceof AttributeValue.SignedConstant c) {
            return OptionalLong.of(c.value());
        }
        byte[] e = v.get() instanceof AttributeValue.Exprloc x ? x.bytes()
                : v.get() instanceof AttributeValue.Block b ? b.bytes() : null;
        if (e == null) {
            return OptionalLong.empty();
        }
        return SimpleExpression.memberOffset(e, m.unit().dwarf().elf().order());
    }

    private Type array(Die die, DieRef ref) {
        Unit unit = die.unit();
        int lang = unit.language();
        List<Dimension> dims = new ArrayList<>();
        for (Die child : die.children()) {
            if (child.tag() != DwTag.SUBRANGE_TYPE && child.tag() != DwTag.ENUMERATION_TYPE) {
                continue;
            }
            if (child.tag() == DwTag.ENUMERATION_TYPE) {
                int n = (int) child.children().stream().filter(c -> c.tag() == DwTag.ENUMERATOR).count();
                dims.add(new Dimension(0, OptionalLong.of(n - 1L), OptionalLong.of(n)));
                continue;
            }
            long lower = bound(child, DwAt.LOWER_BOUND).orElse(DwLang.defaultLowerBound(lang));
            OptionalLong upper = bound(child, DwAt.UPPER_BOUND);
            OptionalLong count = bound(child, DwAt.COUNT);
            if (count.isEmpty() && upper.isPresent()) {
                long c = upper.getAsLong() - lower + 1;
                count = c >= 0 ? OptionalLong.of(c) : OptionalLong.empty();
            }
            dims.add(new Dimension(lower, upper, count));
        }
        return new ArrayType(ref, typeRefOf(die), dims, die.constant(DwAt.BYTE_STRIDE), die.constant(DwAt.BYTE_SIZE));
    }

    /**
     * A constant bound. data1/2/4 are unsigned ({@code char x[256]} has upper bound 0xff), but
     * gcc spells "no elements" as an all-ones data8 or a negative sdata: both read as -1.
     */
    private static OptionalLong bound(Die d, int at) {
        Optional<AttributeValue> v = d.attribute(at);
        if (v.isPresent()) {
            if (v.get() instanceof AttributeValue.UnsignedConstant c) {
                return OptionalLong.of(c.size() == 4 && c.value() == 0xffff_ffffL ? -1 : c.value());
            }
            if (v.get() instanceof AttributeValue.SignedConstant c) {
                return OptionalLong.of(c.value());
            }
        }
        return OptionalLong.empty(); // absent, or dynamic (an expression or a reference): not static
    }

    private Type enumeration(Die die, DieRef ref) {
        TypeRef underlying = typeRefOf(die);
        boolean signed = true;
        if (!underlying.isVoid()) {
            Type u = strip(underlying.resolve(), true);
            signed = !(u instanceof BaseType b) || (b.encoding() != DwAte.UNSIGNED && b.encoding() != DwAte.UNSIGNED_CHAR
                    && b.encoding() != DwAte.BOOLEAN);
        }
        List<Enumerator> values = new ArrayList<>();
        for (Die child : die.children()) {
            if (child.tag() != DwTag.ENUMERATOR) {
                continue;
            }
            Optional<AttributeValue> v = child.attribute(DwAt.CONST_VALUE);
            long value = 0;
            if (v.isPresent() && v.get() instanceof AttributeValue.UnsignedConstant c) {
                value = signed && !underlying.isVoid() ? c.signExtended() : c.value();
            } else if (v.isPresent() && v.get() instanceof AttributeValue.SignedConstant c) {
                value = c.value();
            }
            values.add(new Enumerator(child.name().orElse("?"), value));
        }
        return new EnumType(ref, die.name(), die.constant(DwAt.BYTE_SIZE), underlying, die.flag(DwAt.DECLARATION),
                values);
    }

    private Type function(Die die, DieRef ref) {
        List<TypeRef> params = new ArrayList<>();
        boolean varargs = false;
        for (Die child : die.children()) {
            if (child.tag() == DwTag.FORMAL_PARAMETER) {
                params.add(typeRefOf(child));
            } else if (child.tag() == DwTag.UNSPECIFIED_PARAMETERS) {
                varargs = true;
            }
        }
        boolean prototyped = die.flag(DwAt.PROTOTYPED) || DwLang.isCPlusPlus(die.unit().language());
        return new FunctionType(ref, typeRefOf(die), params, prototyped, varargs);
    }
}
