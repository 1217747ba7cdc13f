package dev.tldb.dwarf.index;

import dev.tldb.dwarf.AttributeValue;
import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DieRef;
import dev.tldb.dwarf.DieCursor;
import dev.tldb.dwarf.DwAt;
import dev.tldb.dwarf.DwLang;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.TlsExpression;
import dev.tldb.dwarf.Unit;
import dev.tldb.elf.Symbol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the global names of one unit, the way gdb's indexer chooses them: DIEs at unit level
 * (and inside C++ namespaces) that define something — variables (file-scope {@code static}s
 * included, function-local statics not), functions, named types, enumerators. Declarations are
 * skipped; definitions that carry their name on a DW_AT_specification are named through it.
 * Function bodies and type members are stepped over whole (DW_AT_sibling makes that a jump).
 */
final class UnitScanner {
    private static final int NAME = 0;
    private static final int DECLARATION = 1;
    private static final int EXTERNAL = 2;
    private static final int SPECIFICATION = 3;
    private static final int ABSTRACT_ORIGIN = 4;
    private static final int LOCATION = 5;
    private static final int[] WANTED = {DwAt.NAME, DwAt.DECLARATION, DwAt.EXTERNAL, DwAt.SPECIFICATION,
            DwAt.ABSTRACT_ORIGIN, DwAt.LOCATION};

    /** Where one scan of one unit puts the entries it finds (in DIE order). */
    interface EntrySink {
        /**
         * One entry; {@code number} is the name's number in the scanning thread's
         * {@link StringCache} (equal numbers, equal names), or -1 when it has none.
         */
        void accept(String name, int number, EntryKind kind, long dieOffset, boolean tls, boolean external);
    }

    private final DwarfInfo dwarf;
    private volatile Set<String> tlsSymbols;

    UnitScanner(DwarfInfo dwarf) {
        this.dwarf = dwarf;
    }

    /**
     * The file's defined STT_TLS symbol names. aarch64 and riscv64 gcc write no DW_AT_location for
     * TLS variables: their STT_TLS symbol says it. Read on first need only: a large program has a
     * large symbol table, and producers that write locations never need it.
     */
    private Set<String> tlsSymbols() {
        Set<String> t = tlsSymbols;
        if (t == null) {
            synchronized (this) {
                t = tlsSymbols;
                if (t == null) {
                    Set<String> tls = new HashSet<>();
                    for (Symbol s : dwarf.elf().symbols()) {
                        if (s.isTls() && s.isDefined()) {
                            tls.add(s.name());
                        }
                    }
                    t = tlsSymbols = tls;
                }
            }
        }
        return t;
    }

    /** The key units are known by in entries: a split unit's skeleton offset, else its own. */
    static long unitKey(Unit unit) {
        return unit.skeleton().map(s -> s.header().offset()).orElse(unit.header().offset());
    }

    private static boolean indexedTag(int tag) {
        return switch (tag) {
            case DwTag.VARIABLE, DwTag.SUBPROGRAM, DwTag.BASE_TYPE, DwTag.TYPEDEF, DwTag.STRUCTURE_TYPE,
                    DwTag.CLASS_TYPE, DwTag.UNION_TYPE, DwTag.ENUMERATION_TYPE, DwTag.UNSPECIFIED_TYPE,
                    DwTag.NAMESPACE, DwTag.ENUMERATOR -> true;
            default -> false;
        };
    }

    /** The entries of {@code unit} (a split unit rather than its skeleton), in DIE order. */
    List<IndexEntry> scan(Unit unit) {
        return scan(unit, null);
    }

    /**
     * The entries of {@code unit}; with {@code only} (a name's UTF-8 bytes), just the entries of
     * that name, whose bytes are compared in place in the string section so that the names
     * passed over cost no String.
     */
    List<IndexEntry> scan(Unit unit, byte[] only) {
        List<IndexEntry> out = new ArrayList<>();
        long key = unitKey(unit);
        dev.tldb.dwarf.UnitSection section = unit.section();
        scan(unit, only, null, (name, number, kind, die, tls, external) ->
                out.add(new IndexEntry(name, kind, new DieRef(section, key, die), tls, external)));
        return out;
    }

    /**
     * Scans {@code unit} into {@code sink}; with {@code strings}, names from {@code .debug_str}
     * are decoded once per scanning thread.
     */
    void scan(Unit unit, byte[] only, StringCache strings, EntrySink sink) {
        boolean cpp = DwLang.isCPlusPlus(unit.language());
        DieCursor c = unit.cursor();
        AttributeValue[] v = new AttributeValue[WANTED.length];
        // What the DIE at each depth is, so children know whether they sit in a namespace or an enum.
        java.util.Map<Long, String> declarationScopes = new java.util.HashMap<>();
        int[] tags = new int[16];
        String[] scopes = new String[16];
        scopes[0] = "";
        while (c.next()) {
            int depth = c.depth();
            int tag = c.tag();
            if (depth == 0) {
                continue;
            }
            if (depth >= tags.length) {
                tags = Arrays.copyOf(tags, depth * 2);
                scopes = Arrays.copyOf(scopes, depth * 2);
            }
            tags[depth] = tag;
            int parentTag = depth == 1 ? DwTag.COMPILE_UNIT : tags[depth - 1];
            boolean atScope = depth == 1 || parentTag == DwTag.NAMESPACE;
            // Only enums that are themselves at a global scope are descended into (see below).
            boolean inEnum = parentTag == DwTag.ENUMERATION_TYPE;
            if (!indexedTag(tag) || (!atScope && !(tag == DwTag.ENUMERATOR && inEnum))
                    || (tag == DwTag.ENUMERATOR && !inEnum)) {
                c.skipChildren();
                continue;
            }
            c.readAttributes(WANTED, v);
            String scope = scopes[depth - 1] == null ? "" : scopes[depth - 1];
            if (cpp && !scope.isEmpty()) {
                declarationScopes.put(c.offset(), scope); // for definitions that point back here
            }
            if (tag == DwTag.NAMESPACE) {
                String ns = v[NAME] == null ? "(anonymous namespace)" : unit.string(v[NAME]).orElse("");
                scopes[depth] = scope + ns + "::";
                sink.accept(scope + ns, -1, EntryKind.NAMESPACE, c.offset(), false, true);
                continue; // descend: namespace members are global names too
            }
            if (tag == DwTag.ENUMERATION_TYPE) {
                scopes[depth] = scope; // enumerators of an unscoped enum live in the enum's own scope
            } else if (tag != DwTag.ENUMERATOR) {
                c.skipChildren();
            }
            if (isTrue(v[DECLARATION])) {
                continue;
            }
            if (only != null && v[NAME] != null && !cpp && !unit.stringEquals(v[NAME], only)) {
                continue;
            }
            // The name, decoded once per thread when it lives in .debug_str (and numbered there).
            int number = -1;
            Optional<String> name = Optional.empty();
            if (v[NAME] != null) {
                long off = strings != null ? unit.debugStrOffset(v[NAME]) : -1;
                if (off >= 0) {
                    number = strings.numberOf(off);
                    String known = number >= 0 ? strings.name(number) : null;
                    if (known == null) {
                        known = unit.string(v[NAME]).orElse("");
                        number = strings.add(off, known);
                    }
                    name = Optional.of(known);
                } else {
                    name = unit.string(v[NAME]);
                }
            }
            boolean external = isTrue(v[EXTERNAL]);
            if (v[SPECIFICATION] != null || v[ABSTRACT_ORIGIN] != null) {
                Die die = c.die();
                if (name.isEmpty()) {
                    name = die.resolvedName();
                }
                external = external || die.attributeFollowingOrigins(DwAt.EXTERNAL).map(UnitScanner::isTrue)
                        .orElse(false);
                if (cpp && scope.isEmpty()) {
                    // A C++ definition outside its namespace or class: the declaration knows the scope.
                    scope = declarationScope(die, declarationScopes);
                }
            }
            if (name.isEmpty()) {
                continue; // anonymous types, unnamed artificial variables
            }
            EntryKind kind = EntryKind.ofTag(tag);
            boolean tls = false;
            if (tag == DwTag.VARIABLE) {
                byte[] expr = expression(v[LOCATION]);
                tls = expr != null ? TlsExpression.isTls(expr) : v[LOCATION] == null && tlsSymbols().contains(name.get());
                if (!external && v[LOCATION] == null && !tls && c.abbreviation().indexOf(DwAt.CONST_VALUE) < 0) {
                    continue; // an optimised-away static: nothing to show, and gdb does not index it either
                }
            } else if (tag == DwTag.ENUMERATOR) {
                external = true;
            }
            String full = cpp && !scope.isEmpty() ? scope + name.get() : name.get();
            if (only != null && !java.util.Arrays.equals(full.getBytes(java.nio.charset.StandardCharsets.UTF_8), only)) {
                continue;
            }
            sink.accept(full, full == name.get() ? number : -1, kind, c.offset(), tls, external);
        }
    }

    /**
     * The scope prefix ({@code ns::Class::}) of the declaration a C++ definition points to: from
     * the scan's own record when the declaration sat in a namespace, else by walking parents.
     */
    private static String declarationScope(Die definition, java.util.Map<Long, String> known) {
        Optional<Die> decl = definition.reference(DwAt.SPECIFICATION);
        if (decl.isEmpty()) {
            decl = definition.reference(DwAt.ABSTRACT_ORIGIN);
        }
        if (decl.isEmpty()) {
            return "";
        }
        String s = known.get(decl.get().sectionOffset());
        if (s != null) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        Optional<Die> p = decl.get().parent();
        for (int i = 0; i < 32 && p.isPresent(); i++) {
            Die d = p.get();
            int t = d.tag();
            if (t == DwTag.NAMESPACE || t == DwTag.STRUCTURE_TYPE || t == DwTag.CLASS_TYPE || t == DwTag.UNION_TYPE) {
                b.insert(0, d.name().orElse(t == DwTag.NAMESPACE ? "(anonymous namespace)" : "{anonymous}") + "::");
            } else if (t == DwTag.COMPILE_UNIT || t == DwTag.PARTIAL_UNIT || t == DwTag.TYPE_UNIT) {
                break;
            }
            p = d.parent();
        }
        return b.toString();
    }

    /** The entry for one DIE found through a precomputed index (slower path: decodes through {@link Die}). */
    Optional<IndexEntry> entry(Die die) {
        if (!indexedTag(die.tag()) || die.flag(DwAt.DECLARATION)) {
            return Optional.empty();
        }
        Optional<String> name = die.resolvedName();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        boolean tls = false;
        boolean external = die.tag() == DwTag.ENUMERATOR
                || die.attributeFollowingOrigins(DwAt.EXTERNAL).map(UnitScanner::isTrue).orElse(false);
        if (die.tag() == DwTag.VARIABLE) {
            Optional<AttributeValue> loc = die.attribute(DwAt.LOCATION);
            byte[] expr = loc.map(UnitScanner::expression).orElse(null);
            tls = expr != null ? TlsExpression.isTls(expr) : loc.isEmpty() && tlsSymbols().contains(name.get());
            if (!external && loc.isEmpty() && !tls && !die.has(DwAt.CONST_VALUE)) {
                return Optional.empty();
            }
        }
        return Optional.of(new IndexEntry(name.get(), EntryKind.ofTag(die.tag()), die.ref(), tls, external));
    }

    private static byte[] expression(AttributeValue v) {
        if (v instanceof AttributeValue.Exprloc e) {
            return e.bytes();
        }
        if (v instanceof AttributeValue.Block b) {
            return b.bytes();
        }
        return null;
    }

    private static boolean isTrue(AttributeValue v) {
        return v instanceof AttributeValue.Flag f ? f.value()
                : v instanceof AttributeValue.UnsignedConstant c && c.value() != 0;
    }
}
