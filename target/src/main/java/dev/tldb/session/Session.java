package dev.tldb.session;

import dev.tldb.dwarf.index.cache.IndexCache;
import dev.tldb.dwarf.line.SourceLocation;
import dev.tldb.session.expr.Expr;
import dev.tldb.session.expr.ExprParser;
import dev.tldb.target.Module;
import dev.tldb.target.Target;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.UnallocatedTls;

import dev.tldb.dwarf.index.EntryKind;
import dev.tldb.dwarf.index.IndexEntry;
import dev.tldb.dwarf.index.NameIndex;
import dev.tldb.session.expr.Expr.TypeSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A debugging session over a target: finds variables by name in the program and every loaded
 * library, evaluates expressions in a chosen thread (thread-local variables through the target
 * stack's simulated libthread_db), and prints values and symbol facts the way gdb does. The
 * command line, the REPL and scripts all go through this. Name indexes of files without one of
 * their own come from an {@link IndexCache} when the session is given one (the command line
 * passes the user's; tests and embedders get none unless they ask).
 */
public final class Session {
    private final Target target;
    private final IndexCache indexCache;
    private final Map<String, DebugModule> debugModules = new LinkedHashMap<>();
    private final List<Value> history = new ArrayList<>();
    private UnallocatedTls unallocated = UnallocatedTls.ERROR;
    private List<Module> lastModules = List.of();
    private List<DebugModule> modules = List.of();
    private Symbolizer symbolizer;

    public Session(Target target) {
        this(target, IndexCache.disabled());
    }

    public Session(Target target, IndexCache indexCache) {
        this.target = target;
        this.indexCache = indexCache;
    }

    public Target target() {
        return target;
    }

    public UnallocatedTls unallocatedPolicy() {
        return unallocated;
    }

    public void setUnallocatedPolicy(UnallocatedTls policy) {
        this.unallocated = policy;
    }

    /** The loaded modules with their debug information, refreshed when the target's module list changed. */
    synchronized List<DebugModule> modules() {
        List<Module> now = target.modules();
        if (!now.equals(lastModules)) {
            List<DebugModule> out = new ArrayList<>(now.size());
            for (Module m : now) {
                String key = m.name() + "@" + Long.toHexString(m.loadBias());
                DebugModule dm = debugModules.get(key);
                if (dm == null || !dm.module().equals(m)) {
                    dm = new DebugModule(m, indexCache);
                    debugModules.put(key, dm);
                }
                out.add(dm);
            }
            modules = List.copyOf(out);
            lastModules = now;
            symbolizer = null;
        }
        return modules;
    }

    private synchronized Symbolizer symbolizer() {
        List<DebugModule> ms = modules();
        if (symbolizer == null) {
            symbolizer = new Symbolizer(ms.stream().map(DebugModule::module).toList());
        }
        return symbolizer;
    }

    private SymbolLookup lookup() {
        return new SymbolLookup(modules());
    }

    /** Parses an expression (identifiers that name types make casts). */
    public Expr parse(String expression) {
        SymbolLookup lookup = lookup();
        return ExprParser.parse(expression, name -> lookup.type(name).isPresent());
    }

    /**
     * Evaluates {@code expression} in {@code thread} (TLS variables need one), with the locals of
     * {@code scope} (a function name) visible when given.
     */
    public Value evaluate(String expression, Optional<ThreadInfo> thread, Optional<String> scope) {
        Expr e = parse(expression);
        SymbolLookup lookup = lookup();
        VariableReader reader = new VariableReader(target, unallocated);
        return new ExpressionEvaluator(target, lookup, reader, thread, scope, history).eval(e);
    }

    /** The text gdb prints after {@code $N = }. */
    public String format(Value v, PrintFormat format) {
        return formatter().format(v, format);
    }

    private ValueFormatter formatter() {
        return new ValueFormatter(target, symbolizer(), new CTypeNames());
    }

    /** Records a printed value in the value history; returns its number ({@code $N}). */
    public synchronized int remember(Value v) {
        history.add(v);
        return history.size();
    }

    /** gdb's {@code whatis}: the type's name. */
    public String typeName(Value v) {
        return new CTypeNames().name(v.type());
    }

    /** gdb's {@code ptype}: the type spelled out, structs with their members. */
    public String ptype(Value v) {
        return ptype(v.type());
    }

    /** gdb's {@code ptype} of a type. */
    public String ptype(CType type) {
        if (type instanceof CType.Dwarf d) {
            return d.types().names().ptype(d.type());
        }
        return new CTypeNames().name(type);
    }

    /** gdb's {@code whatis} of a type. */
    public String typeName(CType type) {
        return new CTypeNames().name(type);
    }

    /**
     * A type named the way C spells it ({@code int}, {@code unsigned long}, {@code struct pair},
     * {@code char *}), for {@code ptype TYPE} and {@code whatis TYPE}; empty when the words name
     * no type (they may be an expression instead).
     */
    public Optional<CType> typeNamed(String spelled) {
        String text = spelled.trim();
        int pointers = 0;
        while (text.endsWith("*")) {
            pointers++;
            text = text.substring(0, text.length() - 1).trim();
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        SymbolLookup lookup = lookup();
        boolean keyword = text.startsWith("struct ") || text.startsWith("union ") || text.startsWith("enum ");
        if (!keyword && lookup.type(text).isEmpty() && !ExpressionEvaluator.isBuiltinType(text)) {
            return Optional.empty();
        }
        try {
            VariableReader reader = new VariableReader(target, unallocated);
            return Optional.of(new ExpressionEvaluator(target, lookup, reader, Optional.empty(), Optional.empty(), history)
                    .resolveType(new TypeSpec(text, pointers)));
        } catch (SessionException e) {
            if (keyword) {
                // gdb: "No struct type named nosuch."
                int space = text.indexOf(' ');
                throw new SessionException("No " + text.substring(0, space) + " type named "
                        + text.substring(space + 1).trim() + ".");
            }
            return Optional.empty();
        }
    }

    /** A name the program's debug information defines, for completion and listings. */
    public record Name(String name, EntryKind kind, boolean threadLocal) {}

    /**
     * Every global variable, function and type name of every loaded module's DWARF name index
     * (the main program first), each name once. Builds the indexes it needs, so the first call
     * costs what the first {@code print} would.
     */
    public List<Name> names() {
        Set<String> seen = new LinkedHashSet<>();
        List<Name> out = new ArrayList<>();
        for (DebugModule m : modules()) {
            Optional<NameIndex> index = m.index();
            if (index.isEmpty()) {
                continue;
            }
            for (IndexEntry e : index.get().entries()) {
                EntryKind k = e.kind();
                if ((k == EntryKind.VARIABLE || k == EntryKind.FUNCTION || k == EntryKind.TYPE)
                        && !e.name().isEmpty() && seen.add(k + " " + e.name())) {
                    out.add(new Name(e.name(), k, e.tls()));
                }
            }
        }
        return out;
    }

    /** Told once per module while {@link #loadDebugInfo} reads it. */
    @FunctionalInterface
    public interface LoadProgress {
        /** Module {@code index} of {@code total} ({@code module}) is about to be read. */
        void reading(int index, int total, Module module);
    }

    /**
     * Reads every loaded module's debug information and name index now (otherwise the first
     * lookup does it), telling {@code progress} before each module, so that a front end can show
     * how far a large program has got.
     */
    public void loadDebugInfo(LoadProgress progress) {
        List<DebugModule> ms = modules();
        for (int i = 0; i < ms.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            progress.reading(i, ms.size(), ms.get(i).module());
            ms.get(i).index();
        }
    }

    /** gdb's {@code info address NAME} sentence, with the locals of {@code scope} visible when given. */
    public String infoAddress(String name, Optional<String> scope) {
        SymbolLookup lookup = lookup();
        Optional<Variable> v = scope.flatMap(s -> lookup.local(name, s)).or(() -> lookup.global(name));
        if (v.isEmpty()) {
            throw new SessionException("No symbol \"" + name + "\" in current context.");
        }
        var regs = target.abi().arch().registers();
        return new AddressDescriber(target.abi().order(), n -> regs.indexOfDwarf(n)
                .map(i -> regs.get(i).name()).orElse("r" + n)).describe(v.get());
    }

    /** Whether the name is a TLS variable (for listings that put TLS first). */
    public boolean isThreadLocal(String name) {
        return lookup().global(name).map(Variable::isTls).orElse(false);
    }

    /** {@code <symbol+offset>} for an address, as gdb annotates pointers. */
    public Optional<String> symbolize(long address) {
        return symbolizer().describe(address);
    }

    /** The source file and line of a code address, from the line table of the module that holds it. */
    public Optional<SourceLocation> sourceLocation(long pc) {
        for (DebugModule m : modules()) {
            long bias = m.module().loadBias();
            if (m.elf().isEmpty() || m.elf().get().sectionContaining(pc - bias).isEmpty()) {
                continue;
            }
            Optional<SourceLocation> loc = m.lines().flatMap(l -> l.location(pc - bias));
            if (loc.isPresent()) {
                return loc;
            }
        }
        return Optional.empty();
    }
}
