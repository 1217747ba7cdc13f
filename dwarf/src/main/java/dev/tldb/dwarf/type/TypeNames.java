package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DwLang;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Spells types the way gdb's C printer does, so tldb's output reads like gdb's:
 * {@link #name} as {@code whatis} ({@code const char *}, {@code int (*)(int)}, {@code char [32]},
 * {@code struct pair}), {@link #ptype} as {@code ptype} (typedefs resolved, struct, union and enum
 * bodies spelled out one level deep).
 *
 * <p>Rendering walks the declarator chain (pointers, arrays, functions) in a loop, building the
 * declarator inside out as C requires ({@code char (*)[8]} versus {@code char *[8]}). Nested
 * bodies are bounded by the {@code show} depth, chains by {@link Types#MAX_CHAIN}.
 */
public final class TypeNames {
    private final Types types;

    TypeNames(Types types) {
        this.types = types;
    }

    /**
     * How deeply types may nest inside parameter lists and bodies: C programs stay in single
     * digits; a corrupt file can make a function type take a pointer to itself.
     */
    private static final int MAX_NESTING = 32;

    /** The type's name, as gdb's {@code whatis} prints it. */
    public String name(Type t) {
        return render(t, "", -1, 0, 0);
    }

    /** The type as gdb's {@code ptype} prints it. */
    public String ptype(Type t) {
        return render(t, "", 1, 0, 0);
    }

    /** A declaration of {@code name} with this type ({@code int (*fn)(int)}, {@code char buf[32]}). */
    public String declaration(Type t, String name) {
        return render(t, name, -1, 0, 0);
    }

    /**
     * @param show   gdb's show level: &gt; 0 expands typedefs and bodies, 0 prints names but
     *               expands anonymous bodies, &lt; 0 prints names and {@code {...}}
     * @param indent column of the enclosing body, for members
     * @param nesting  how many parameter lists and bodies enclose this type
     */
    String render(Type start, String declarator, int show, int indent, int nesting) {
        if (nesting > MAX_NESTING) {
            throw new dev.tldb.binary.FormatException(start.die().map(Object::toString).orElse("type")
                    + ": types nested more than " + MAX_NESTING + " deep (a cycle?)");
        }
        Type t = start;
        String decl = declarator;
        Set<QualifiedType.Qualifier> pending = EnumSet.noneOf(QualifiedType.Qualifier.class);
        for (int hops = 0; hops <= Types.MAX_CHAIN; hops++) {
            if (t instanceof QualifiedType q) {
                pending.add(q.qualifier());
                t = q.target().resolve();
            } else if (t instanceof PointerType p) {
                String star = switch (p.kind()) {
                    case POINTER -> "*";
                    case REFERENCE -> "&";
                    case RVALUE_REFERENCE -> "&&";
                };
                String quals = qualifiers(pending, true);
                pending.clear();
                decl = star + quals + (decl.isEmpty() ? "" : quals.isEmpty() ? decl : " " + decl);
                t = p.target().resolve();
            } else if (t instanceof ArrayType a) {
                decl = parenthesized(decl);
                StringBuilder b = new StringBuilder(decl);
                if (a.dimensions().isEmpty()) {
                    b.append("[]");
                }
                for (Dimension d : a.dimensions()) {
                    b.append('[');
                    d.count().ifPresent(b::append);
                    b.append(']');
                }
                decl = b.toString();
                t = a.element().resolve(); // qualifiers stay pending: they belong to the elements
            } else if (t instanceof FunctionType f) {
                decl = parenthesized(decl) + parameters(f, nesting);
                pending.clear();
                t = f.returnType().resolve();
            } else if (t instanceof Typedef td && show > 0) {
                t = td.target().resolve();
            } else {
                // gdb's ptype prints void by name alone, dropping its qualifiers ("void *" for const void *).
                String quals = t instanceof VoidType && show > 0 ? "" : qualifiers(pending, false);
                String base = quals + base(t, show, indent, nesting);
                return decl.isEmpty() ? base : base + " " + decl;
            }
        }
        throw types.chainTooLong(start);
    }

    private static String parenthesized(String decl) {
        return decl.startsWith("*") || decl.startsWith("&") ? "(" + decl + ")" : decl;
    }

    private String parameters(FunctionType f, int nesting) {
        if (f.parameters().isEmpty()) {
            return f.varargs() ? "(...)" : f.prototyped() ? "(void)" : "()";
        }
        List<String> ps = new ArrayList<>();
        for (TypeRef p : f.parameters()) {
            ps.add(render(p.resolve(), "", -1, 0, nesting + 1));
        }
        if (f.varargs()) {
            ps.add("...");
        }
        return "(" + String.join(", ", ps) + ")";
    }

    /** "const volatile " before a base type, " const" after a pointer's star. */
    private static String qualifiers(Set<QualifiedType.Qualifier> qs, boolean afterStar) {
        if (qs.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (QualifiedType.Qualifier q : qs) {
            if (afterStar) {
                b.append(' ').append(q.keyword());
            } else {
                b.append(q.keyword()).append(' ');
            }
        }
        return b.toString();
    }

    private String base(Type t, int show, int indent, int nesting) {
        if (t instanceof BaseType b) {
            return canonicalBaseName(b.name());
        } else if (t instanceof Typedef td) {
            return td.name();
        } else if (t instanceof VoidType) {
            return "void";
        } else if (t instanceof UnspecifiedType u) {
            return u.name();
        } else if (t instanceof OtherType o) {
            return o.name().orElse("<" + dev.tldb.dwarf.DwTag.name(o.tag()) + ">");
        } else if (t instanceof StructType s) {
            return struct(s, show, indent, nesting);
        } else if (t instanceof EnumType e) {
            return enumeration(e, show);
        }
        return t.toString();
    }

    private String keyword(Type t, String keyword) {
        return DwLang.isCPlusPlus(types.language(t)) ? "" : keyword + " ";
    }

    private String struct(StructType s, int show, int indent, int nesting) {
        String head = keyword(s, s.kind().keyword()) + s.name().map(n -> n + " ").orElse("");
        if (show <= 0 && s.name().isPresent()) {
            return head.trim();
        }
        if (show < 0 || s.declaration()) {
            return head + "{...}";
        }
        StringBuilder b = new StringBuilder(head).append("{\n");
        String pad = " ".repeat(indent + 4);
        for (Member m : s.members()) {
            b.append(pad).append(render(m.type().resolve(), m.name().orElse(""), show - 1, indent + 4, nesting + 1));
            m.bitSize().ifPresent(bits -> b.append(" : ").append(bits));
            b.append(";\n");
        }
        return b.append(" ".repeat(indent)).append('}').toString();
    }

    private String enumeration(EnumType e, int show) {
        String head = keyword(e, "enum") + e.name().map(n -> n + " ").orElse("");
        if (show <= 0 && e.name().isPresent()) {
            return head.trim();
        }
        if (show < 0 || e.declaration()) {
            return head + "{...}";
        }
        StringBuilder b = new StringBuilder(head).append('{');
        long expected = 0;
        for (int i = 0; i < e.enumerators().size(); i++) {
            Enumerator en = e.enumerators().get(i);
            if (i > 0) {
                b.append(", ");
            }
            b.append(en.name());
            if (en.value() != expected) {
                b.append(" = ").append(en.value());
            }
            expected = en.value() + 1;
        }
        return b.append('}').toString();
    }

    /**
     * gdb prints C integer names in canonical order ({@code long unsigned int} as
     * {@code unsigned long}); other names pass through ({@code __int128 unsigned} stays).
     */
    static String canonicalBaseName(String name) {
        String[] words = name.trim().split("\\s+");
        int longs = 0;
        boolean unsigned = false;
        boolean signed = false;
        boolean isShort = false;
        boolean isInt = false;
        boolean isChar = false;
        for (String w : words) {
            switch (w) {
                case "long" -> longs++;
                case "unsigned" -> unsigned = true;
                case "signed" -> signed = true;
                case "short" -> isShort = true;
                case "int" -> isInt = true;
                case "char" -> isChar = true;
                default -> {
                    return name;
                }
            }
        }
        StringBuilder b = new StringBuilder();
        if (unsigned) {
            b.append("unsigned ");
        } else if (signed && isChar) {
            b.append("signed ");
        }
        if (isChar) {
            return b.append("char").toString();
        }
        if (isShort) {
            return b.append("short").toString();
        }
        if (longs > 0) {
            return b.append(longs > 1 ? "long long" : "long").toString();
        }
        return b.append(isInt || unsigned || signed ? "int" : name).toString();
    }
}
