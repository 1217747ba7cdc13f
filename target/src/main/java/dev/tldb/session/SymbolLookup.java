package dev.tldb.session;

import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwAt;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.TlsExpression;
import dev.tldb.dwarf.index.EntryKind;
import dev.tldb.dwarf.index.IndexEntry;
import dev.tldb.dwarf.lists.AddressRange;
import dev.tldb.dwarf.lists.LocationDescription;
import dev.tldb.dwarf.lists.Locations;
import dev.tldb.dwarf.lists.Ranges;
import dev.tldb.dwarf.lists.SingleLocation;
import dev.tldb.dwarf.type.Type;
import dev.tldb.dwarf.type.Types;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Symbol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds variables, functions and types by name across the loaded modules, as gdb does: first
 * the debug information of every module (the main program first), then the ELF symbol tables.
 * A variable the compiler gave no location (aarch64 and riscv64 gcc write none for TLS
 * variables) gets it from its ELF symbol: for a TLS symbol, {@code st_value} is the offset in the
 * module's block.
 */
final class SymbolLookup {
    private static final int MAX_SCOPE_DIES = 1 << 20;

    private final List<DebugModule> modules;

    SymbolLookup(List<DebugModule> modules) {
        this.modules = modules;
    }

    /** A global or file-static variable, or a function. */
    Optional<Variable> global(String name) {
        for (DebugModule m : modules) {
            Optional<Variable> v = fromIndex(m, name);
            if (v.isPresent()) {
                return v;
            }
        }
        for (DebugModule m : modules) {
            Optional<Variable> v = fromElf(m, name);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** A parameter or local variable of {@code function} (any block of it), or a static local. */
    Optional<Variable> local(String name, String function) {
        for (DebugModule m : modules) {
            Optional<Die> fn = functionDie(m, function);
            if (fn.isEmpty()) {
                continue;
            }
            Deque<Die> work = new ArrayDeque<>(fn.get().children());
            int seen = 0;
            while (!work.isEmpty() && seen++ < MAX_SCOPE_DIES) {
                Die d = work.removeFirst();
                int tag = d.tag();
                if ((tag == DwTag.VARIABLE || tag == DwTag.FORMAL_PARAMETER)
                        && d.resolvedName().filter(name::equals).isPresent()) {
                    return Optional.of(fromDie(m, d, name));
                }
                if (tag == DwTag.LEXICAL_BLOCK) {
                    work.addAll(d.children());
                }
            }
        }
        return Optional.empty();
    }

    /** The DIE of a function with this name. */
    Optional<Die> functionDie(DebugModule m, String function) {
        if (m.index().isEmpty()) {
            return Optional.empty();
        }
        for (IndexEntry e : m.index().get().lookup(function)) {
            if (e.kind() == EntryKind.FUNCTION) {
                Die d = m.dwarf().get().die(e.die());
                if (!Ranges.of(d).isEmpty() || d.has(DwAt.LOW_PC)) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    /** A type by name: a typedef or base type, or {@code struct/union/enum NAME}. */
    Optional<CType> type(String name) {
        String bare = name;
        for (String kw : new String[] {"struct ", "union ", "enum ", "class "}) {
            if (name.startsWith(kw)) {
                bare = name.substring(kw.length()).trim();
            }
        }
        for (DebugModule m : modules) {
            if (m.index().isEmpty()) {
                continue;
            }
            Types types = m.types().get();
            for (IndexEntry e : m.index().get().lookup(bare)) {
                if (e.kind() != EntryKind.TYPE) {
                    continue;
                }
                Type t = types.type(m.dwarf().get().die(e.die()));
                String spelled = types.names().name(t);
                if (spelled.equals(name) || (bare.equals(name) && !spelled.contains(" "))
                        || spelled.equals(name.replace("  ", " "))) {
                    return Optional.of(CType.of(t, types));
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- DWARF

    private Optional<Variable> fromIndex(DebugModule m, String name) {
        if (m.index().isEmpty()) {
            return Optional.empty();
        }
        Variable best = null;
        for (IndexEntry e : m.index().get().lookup(name)) {
            if (e.kind() != EntryKind.VARIABLE && e.kind() != EntryKind.FUNCTION) {
                continue;
            }
            Die d = m.dwarf().get().die(e.die());
            if (d.flag(DwAt.DECLARATION) && !d.has(DwAt.LOCATION)) {
                continue; // an extern declaration; the definition is elsewhere
            }
            Variable v = fromDie(m, d, name);
            if (!(v.storage() instanceof Storage.OptimizedOut)) {
                return Optional.of(v);
            }
            best = best == null ? v : best;
        }
        return Optional.ofNullable(best);
    }

    Variable fromDie(DebugModule m, Die d, String name) {
        Types types = m.types().orElseThrow();
        Type t = types.typeOf(d);
        CType type = CType.of(t, types);
        if (d.tag() == DwTag.SUBPROGRAM) {
            List<AddressRange> ranges = Ranges.of(d);
            OptionalLong low = ranges.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ranges.get(0).begin());
            return new Variable(name, m, Optional.of(d), type,
                    low.isPresent() ? new Storage.Function(low.getAsLong()) : new Storage.OptimizedOut());
        }
        Optional<LocationDescription> loc = Locations.of(d);
        if (loc.isPresent()) {
            if (loc.get() instanceof SingleLocation s) {
                byte[] expr = s.expression();
                if (TlsExpression.isTls(expr)) {
                    OptionalLong off = TlsExpression.blockOffset(d.unit(), expr);
                    if (off.isPresent()) {
                        return new Variable(name, m, Optional.of(d), type, new Storage.Tls(off.getAsLong()));
                    }
                }
                if (expr.length == 1 + s.encoding().addressSize() && (expr[0] & 0xff) == 0x03) { // DW_OP_addr
                    long a = Bytes.integer(expr, 1, s.encoding().addressSize(), m.elf().get().order(), false);
                    return new Variable(name, m, Optional.of(d), type, new Storage.Static(a));
                }
                OptionalLong indexed = addressIndex(expr);
                if (indexed.isPresent()) { // split DWARF: the address sits in the skeleton's .debug_addr
                    long a = d.unit().addressAt(indexed.getAsLong());
                    return new Variable(name, m, Optional.of(d), type, new Storage.Static(a));
                }
            }
            return new Variable(name, m, Optional.of(d), type, new Storage.Computed(loc.get()));
        }
        // No location: take the ELF symbol's (gcc writes none for TLS variables on aarch64 and riscv64).
        Optional<Symbol> sym = elfSymbol(m, name, d);
        if (sym.isPresent()) {
            Symbol s = sym.get();
            return new Variable(name, m, Optional.of(d), type,
                    s.isTls() ? new Storage.Tls(m.elf().get().tlsBlockOffset(s)) : new Storage.Static(s.value()));
        }
        return new Variable(name, m, Optional.of(d), type, new Storage.OptimizedOut());
    }

    /** The index of an expression that is one DW_OP_addrx (0xa1) or DW_OP_GNU_addr_index (0xfb), as gdb reads "static storage". */
    private static OptionalLong addressIndex(byte[] expr) {
        if (expr.length < 2 || ((expr[0] & 0xff) != 0xa1 && (expr[0] & 0xff) != 0xfb)) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (int i = 1, shift = 0; i < expr.length && shift < 63; i++, shift += 7) {
            v |= (long) (expr[i] & 0x7f) << shift;
            if ((expr[i] & 0x80) == 0) {
                return i == expr.length - 1 ? OptionalLong.of(v) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The ELF symbol of a DWARF variable without a location: a global one by name, or a local one
     * from the symbol-table block of the same source file (STT_FILE names it).
     */
    private static Optional<Symbol> elfSymbol(DebugModule m, String name, Die d) {
        if (m.elf().isEmpty()) {
            return Optional.empty();
        }
        ElfFile elf = m.elf().get();
        String unitFile = d.unit().name().map(SymbolLookup::baseName).orElse("");
        Symbol global = null, local = null, localOfUnit = null;
        String file = "";
        for (Symbol s : elf.symbols()) {
            if (s.type() == Elf.STT_FILE) {
                file = s.name();
                continue;
            }
            if (!s.name().equals(name) || !s.isDefined() || !(s.isObject() || s.isTls())) {
                continue;
            }
            if (!s.isLocal()) {
                global = s;
            } else if (baseName(file).equals(unitFile)) {
                localOfUnit = s;
            } else {
                local = s;
            }
        }
        boolean external = d.flag(DwAt.EXTERNAL);
        Symbol pick = external ? global : localOfUnit != null ? localOfUnit : local;
        return Optional.ofNullable(pick != null ? pick : global);
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    // ---------------------------------------------------------------- ELF only

    private Optional<Variable> fromElf(DebugModule m, String name) {
        if (m.elf().isEmpty()) {
            return Optional.empty();
        }
        return m.elf().get().symbol(name).filter(s -> s.isTls() || s.isObject() || s.isFunction()).map(s -> {
            Storage st = s.isTls() ? new Storage.Tls(s.value())
                    : s.isFunction() ? new Storage.Function(s.value()) : new Storage.Static(s.value());
            return new Variable(name, m, Optional.empty(), new CType.Scalar("<data variable, no debug info>",
                    dev.tldb.dwarf.DwAte.SIGNED, 4), st);
        });
    }
}
