package dev.tldb.sim;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Arch;
import dev.tldb.abi.Libc;
import dev.tldb.abi.LibcDetector;
import dev.tldb.abi.RegisterDef;
import dev.tldb.abi.Registers;
import dev.tldb.binary.FormatException;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;
import dev.tldb.elf.Symbol;
import dev.tldb.exec.ExecTarget;
import dev.tldb.memory.ElfRegions;
import dev.tldb.memory.Region;
import dev.tldb.target.Module;
import dev.tldb.target.Resumable;
import dev.tldb.target.StopInfo;
import dev.tldb.target.Stratum;
import dev.tldb.target.TargetLayer;
import dev.tldb.target.TargetStack;
import dev.tldb.target.TdError;
import dev.tldb.target.ThreadInfo;
import dev.tldb.target.TlsAllocator;
import dev.tldb.target.TlsException;
import dev.tldb.threaddb.ThreadDbLayer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated process (the process stratum): real ELF files loaded at the addresses Linux and the
 * dynamic linker would choose, and in its memory what glibc or musl would have written for its
 * threads and modules: thread descriptors, DTVs, static and dynamic TLS blocks, link maps,
 * {@code r_debug}, the slotinfo list, an auxv, stacks and registers.
 *
 * <p>It is driven by events ({@link #createThread}, {@link #exitThread}, {@link #dlopen},
 * {@link #dlclose}, {@link #touch}, {@link #setTls}, {@link #stop}), usually from a scenario
 * file, and it is meant to be <em>read</em>: the thread layer above resolves TLS through the same
 * code path it uses on a core. Memory is generated on demand from the model, so ten thousand
 * threads and two hundred modules cost what was touched.
 *
 * <p>Capabilities: {@link TlsAllocator} (allocate a thread's dynamic TLS block now, as its first
 * access would) and {@link Resumable} (run the scenario to its next stop, when a driver is set).
 */
public final class SimProcess extends TargetLayer implements TlsAllocator, Resumable {
    private static final int R_DEBUG_SIZE = 40;

    /** What runs the process forward: the scenario. */
    public interface Driver {
        StopEvent resume();
    }

    private final SimOptions options;
    private final Path programPath;
    private final ElfFile program;
    private final Arch arch;
    private final Abi abi;
    private final SimMemory memory;
    private final AddressSpace space;
    private final LibraryResolver resolver;
    private final ExecTarget exec;
    private final List<LoadedModule> modules = new ArrayList<>();
    private final Map<String, SimThread> liveThreads = new LinkedHashMap<>();
    private final Map<Integer, SimThread> threadsByNum = new HashMap<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final boolean dynamic;
    private TlsRuntime runtime;
    private GlibcRuntime glibc;
    private int nextNum = 1;
    private long seq;
    private long rDebug;
    private byte[] auxv = new byte[0];
    private StopInfo stop;
    /** The thread list as last built; null after a change (rebuilt on demand, not on every pthread_create). */
    private List<ThreadInfo> threadList;
    /** The module list as last built; null after a dlopen or dlclose (the thread layer asks on every lookup). */
    private List<Module> moduleList;
    private Driver driver;
    private TargetStack stack;

    private SimProcess(Path programPath, ElfFile program, Arch arch, Libc libc, SimOptions options) {
        this.options = options;
        this.programPath = programPath;
        this.program = program;
        this.arch = arch;
        this.abi = new Abi(arch, libc);
        AddressPlan plan = AddressPlan.of(arch);
        this.memory = new SimMemory(arch.order(), arch.pointerSize());
        this.space = new AddressSpace(plan, memory);
        this.resolver = new LibraryResolver(arch, libc, options.libraryPath(), options.sysroots());
        this.dynamic = !program.segments(Elf.PT_INTERP).isEmpty();
        long bias = program.type() == Elf.ET_DYN ? plan.pieBase() - program.linkBase() : 0;
        this.exec = new ExecTarget(program, bias, Optional.of(libc));
    }

    /**
     * Starts a process of {@code programPath}: maps it and the libraries it needs (found as
     * {@link LibraryResolver} describes), runs the C library's start-up (TLS ids and offsets, the
     * main thread's TLS and DTV, link maps, {@code r_debug}) and stops before {@code main}.
     */
    public static SimProcess start(Path programPath, SimOptions options) {
        if (!Files.isRegularFile(programPath)) {
            throw new SimException("cannot open " + programPath + ": no such file");
        }
        ElfFile program;
        try {
            program = ElfFile.open(programPath);
        } catch (FormatException e) {
            throw new SimException(programPath + ": " + e.getMessage());
        }
        Arch arch = Arch.of(program).orElseThrow(() -> new SimException(programPath + ": unsupported architecture "
                + Elf.machineName(program.machine())));
        if (arch != Arch.X86_64 && arch != Arch.AARCH64 && arch != Arch.RISCV64) {
            throw new SimException(programPath + ": the simulator supports x86-64, aarch64 and riscv64 programs, not "
                    + arch.gdbName());
        }
        if (program.type() != Elf.ET_EXEC && program.type() != Elf.ET_DYN) {
            throw new SimException(programPath + ": not an executable (" + Elf.typeName(program.type()) + ")");
        }
        Libc libc = LibcDetector.detect(program).orElse(Libc.GLIBC);
        SimProcess p = new SimProcess(programPath, program, arch, libc, options);
        synchronized (p) {
            p.boot();
        }
        return p;
    }

    // ---------------------------------------------------------------- start-up

    private void boot() {
        long exeBias = exec.files().get(0).bias();
        LoadedModule exe = new LoadedModule(program, programPath, "", programPath.getFileName().toString(), exeBias,
                true, ++seq);
        exe.startup = true;
        List<LoadedModule> initial = new ArrayList<>();
        initial.add(exe);
        mapSegments(exe);
        space.startHeap(exe.end());
        if (dynamic) {
            loadClosure(exe, initial, true);
        }
        modules.addAll(initial);
        Symbols symbols = this::findSymbol;
        if (abi.libc() == Libc.MUSL) {
            runtime = new MuslRuntime(arch, memory, space, symbols, !dynamic);
        } else {
            Optional<ElfFile> libcElf = dynamic
                    ? initial.stream().filter(m -> m.elf.soname().map(s -> s.startsWith("libc.so")).orElse(false))
                            .map(m -> m.elf).findFirst()
                    : Optional.of(program);
            GlibcLayout layout = GlibcLayout.of(arch, libcElf);
            if (!layout.fromDescriptors()) {
                warnings.add("no glibc _thread_db_* descriptors (libc.so.6 for " + arch.gdbName() + " not found or not "
                        + "loaded): glibc's structures are written with its 2.36 layout, and readers fall back to the "
                        + arch.gdbName() + " ABI's DTV layout");
            }
            glibc = new GlibcRuntime(arch, memory, space, layout, symbols, !dynamic);
            runtime = glibc;
        }
        if (dynamic) {
            for (LoadedModule m : initial) {
                m.lmAddress = space.malloc(runtime.linkMapSize(), 16);
            }
        }
        runtime.assign(initial, true);
        if (dynamic) {
            LoadedModule prev = null;
            for (LoadedModule m : initial) {
                writeLinkMap(m, prev);
                prev = m;
            }
            writeRDebug(exe);
        }
        SimThread main = new SimThread(nextNum++, options.pid(), options.pid(), "main", ++seq);
        runtime.startup(initial, main);
        main.pc = findSymbol("main").isPresent() ? functionAddress("main") : entry();
        addThread(main);
        writeAuxv(exe, main);
        stop = new StopInfo(main.info(), 5, "start");
    }

    /** Loads what {@code root} needs (DT_NEEDED, breadth first, then the interpreter), mapping each. */
    private List<LoadedModule> loadClosure(LoadedModule root, List<LoadedModule> into, boolean atStartup) {
        List<LoadedModule> added = new ArrayList<>();
        Deque<LoadedModule> queue = new ArrayDeque<>();
        queue.add(root);
        while (!queue.isEmpty()) {
            LoadedModule m = queue.poll();
            List<String> needed = new ArrayList<>(m.elf.needed());
            if (m.main) {
                interpreter().ifPresent(needed::add);
            }
            for (String name : needed) {
                if (isLoaded(name, into)) {
                    continue;
                }
                Optional<LibraryResolver.Located> f = resolver.find(name, Optional.of(m.elf), Optional.of(m.path));
                if (f.isEmpty()) {
                    if (isLibcPart(name)) {
                        warnings.add("cannot find " + name + " for " + arch.gdbName() + " (searched "
                                + resolver.describeSearch(Optional.of(m.elf), Optional.of(m.path)) + "): left out");
                        continue;
                    }
                    throw new SimException("cannot find " + name + " (needed by " + m.fileName() + "); searched "
                            + resolver.describeSearch(Optional.of(m.elf), Optional.of(m.path)));
                }
                if (!options.loadLibc() && isLibcPart(name)) {
                    continue;
                }
                Path path = f.get().path();
                if (isLoadedPath(path, into)) {
                    if (m.main && interpreter().map(name::equals).orElse(false)) {
                        // musl's libc.so is also its dynamic linker: loaded first as DT_NEEDED
                        // "libc.so", it is still named by PT_INTERP in the link map (musl's __dls3
                        // sets ldso.name from it), which is the file gdb opens to find _dl_debug_state.
                        into.stream().filter(x -> samePath(x.path, path)).forEach(x -> x.linkName = name);
                    }
                    continue;
                }
                LoadedModule lib = new LoadedModule(f.get().elf(), path, linkName(name, path), name,
                        libraryBias(f.get().elf()), false, ++seq);
                lib.startup = atStartup;
                mapSegments(lib);
                into.add(lib);
                added.add(lib);
                queue.add(lib);
            }
        }
        return added;
    }

    private static boolean isLibcPart(String name) {
        String n = name.substring(name.lastIndexOf('/') + 1);
        return n.startsWith("libc.so") || n.startsWith("ld-linux") || n.startsWith("ld64.so") || n.startsWith("ld-musl")
                || n.equals("ld.so.1");
    }

    private Optional<String> interpreter() {
        for (Segment p : program.segments(Elf.PT_INTERP)) {
            byte[] raw = new byte[(int) Math.min(p.filesz(), 4096)];
            program.contents(p).get(0, raw);
            String s = new String(raw, StandardCharsets.UTF_8);
            int nul = s.indexOf('\0');
            return Optional.of(nul >= 0 ? s.substring(0, nul) : s);
        }
        return Optional.empty();
    }

    private boolean isLoaded(String name, List<LoadedModule> in) {
        for (LoadedModule m : in) {
            if (!m.main && (m.name.equals(name) || m.elf.soname().map(name::equals).orElse(false)
                    || m.linkName.equals(name))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoadedPath(Path path, List<LoadedModule> in) {
        for (LoadedModule m : in) {
            if (samePath(m.path, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePath(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (java.io.IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /** The name the target would record: the path inside the sysroot, without the host's prefix. */
    private String linkName(String requested, Path found) {
        if (requested.startsWith("/")) {
            return requested; // PT_INTERP: ld.so's link map keeps that string
        }
        String abs = found.toAbsolutePath().normalize().toString();
        for (Path root : LibraryResolver.defaultSysroots(arch, abi.libc())) {
            String r = root.toString();
            if (!r.equals("/") && abs.startsWith(r + "/")) {
                return abs.substring(r.length());
            }
        }
        for (Path root : options.sysroots()) {
            String r = root.toAbsolutePath().normalize().toString();
            if (abs.startsWith(r + "/")) {
                return abs.substring(r.length());
            }
        }
        return abs;
    }

    private long libraryBias(ElfFile elf) {
        long start = space.mmap(LoadedModule.span(elf), LoadedModule.maxAlign(elf));
        return start - elf.linkBase();
    }

    private void mapSegments(LoadedModule m) {
        if (!m.main) {
            exec.map(m.elf, m.bias);
        }
        for (Region r : ElfRegions.of(m.elf, m.bias, m.fileName())) {
            memory.mapSegment(r);
        }
    }

    private void unmapSegments(LoadedModule m) {
        for (Segment p : m.elf.segments()) {
            if (!p.isLoad() || p.memsz() == 0) {
                continue;
            }
            long start = p.vaddr() + m.bias;
            long fileBytes = Math.min(p.filesz(), p.memsz());
            memory.unmapSegment(start);
            memory.unmapSegment(start + fileBytes);
        }
    }

    // ---------------------------------------------------------------- link maps and r_debug

    /** Allocates and writes a link_map ({@code l_addr, l_name, l_ld, l_next, l_prev} + TLS fields) after {@code prev}. */
    private void writeLinkMap(LoadedModule m, LoadedModule prev) {
        int ps = arch.pointerSize();
        byte[] lm = new byte[runtime.linkMapSize()];
        long name = string(m.linkName);
        Words.put(lm, 0, ps, m.bias, arch.order()); // l_addr: the load bias
        Words.put(lm, ps, ps, name, arch.order());
        Words.put(lm, 2 * ps, ps, m.dynamicAddress(), arch.order());
        Words.put(lm, 4 * ps, ps, prev == null ? 0 : prev.lmAddress, arch.order());
        runtime.linkMapFields(m, lm);
        memory.mapBytes(m.lmAddress, lm, "link_map of " + m.name);
        if (prev != null) {
            memory.writeWord(prev.lmAddress + 3L * ps, m.lmAddress);
        }
    }

    private long string(String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_8);
        long a = space.malloc(b.length, 16);
        memory.mapBytes(a, b, "string");
        return a;
    }

    /** {@code _r_debug} (in ld.so when it is loaded) and the executable's DT_DEBUG pointing at it. */
    private void writeRDebug(LoadedModule exe) {
        Optional<Symbols.At> sym = abi.libc() == Libc.GLIBC ? findSymbol("_r_debug") : Optional.empty();
        if (sym.isPresent()) {
            rDebug = sym.get().address();
        } else {
            rDebug = space.malloc(R_DEBUG_SIZE, 16);
            memory.mapBytes(rDebug, new byte[R_DEBUG_SIZE], "r_debug");
        }
        int ps = arch.pointerSize();
        memory.writeUnsigned(rDebug, 4, 1); // r_version
        memory.writeWord(rDebug + ps, exe.lmAddress); // r_map
        memory.writeWord(rDebug + 2L * ps, findSymbol("_dl_debug_state").map(Symbols.At::address).orElse(0L)); // r_brk
        memory.writeUnsigned(rDebug + 3L * ps, 4, 0); // r_state: RT_CONSISTENT
        long ldBase = modules.stream().filter(m -> interpreter().map(i -> m.linkName.equals(i)).orElse(false))
                .map(m -> m.bias).findFirst().orElse(0L);
        memory.writeWord(rDebug + 4L * ps, ldBase); // r_ldbase
        Optional<Segment> dyn = program.segments(Elf.PT_DYNAMIC).stream().findFirst();
        if (dyn.isPresent()) {
            int i = 0;
            for (var e : program.dynamic()) {
                if (e.tag() == Elf.DT_DEBUG) {
                    memory.writeWord(exe.bias + dyn.get().vaddr() + (long) i * 2 * ps + ps, rDebug);
                }
                i++;
            }
        }
    }

    /** The auxiliary vector the kernel gave the program, with AT_EXECFN and AT_RANDOM on the main stack. */
    private void writeAuxv(LoadedModule exe, SimThread main) {
        int ps = arch.pointerSize();
        long top = main.stackHigh - 0x40;
        byte[] execfn = (programPath.toString() + "\0").getBytes(StandardCharsets.UTF_8);
        long execfnAt = Words.alignDown(top - execfn.length, 16);
        memory.write(execfnAt, execfn, 0, execfn.length);
        long randomAt = execfnAt - 16;
        byte[] random = new byte[16];
        for (int i = 0; i < 16; i++) {
            random[i] = (byte) (0x5a ^ i * 37);
        }
        memory.write(randomAt, random, 0, 16);
        long phdr = program.segments(Elf.PT_PHDR).stream().findFirst().map(p -> p.vaddr())
                .orElse(program.linkBase() + program.header().phoff()) + exe.bias;
        long base = modules.stream().filter(m -> interpreter().map(i -> m.linkName.equals(i)).orElse(false))
                .map(m -> m.bias).findFirst().orElse(0L);
        long[][] entries = {
                {Elf.AT_PHDR, phdr}, {Elf.AT_PHENT, program.header().phentsize()},
                {Elf.AT_PHNUM, program.header().phnum()}, {Elf.AT_PAGESZ, space.plan().pageSize()},
                {Elf.AT_BASE, base}, {8 /* AT_FLAGS */, 0}, {Elf.AT_ENTRY, entry()},
                {11 /* AT_UID */, 1000}, {12 /* AT_EUID */, 1000}, {13 /* AT_GID */, 1000}, {14 /* AT_EGID */, 1000},
                {23 /* AT_SECURE */, 0}, {Elf.AT_RANDOM, randomAt}, {Elf.AT_EXECFN, execfnAt}, {Elf.AT_NULL, 0}};
        byte[] b = new byte[entries.length * 2 * ps];
        for (int i = 0; i < entries.length; i++) {
            Words.put(b, 2 * i * ps, ps, entries[i][0], arch.order());
            Words.put(b, (2 * i + 1) * ps, ps, entries[i][1], arch.order());
        }
        auxv = b;
    }

    private long entry() {
        return program.header().entry() + modules.get(0).bias;
    }

    // ---------------------------------------------------------------- symbols

    private Optional<Symbols.At> findSymbol(String name) {
        for (LoadedModule m : modules) {
            Optional<Symbol> s = m.elf.symbol(name);
            if (s.isPresent()) {
                return Optional.of(new Symbols.At(m.bias + s.get().value(), s.get().size()));
            }
        }
        return Optional.empty();
    }

    private long functionAddress(String name) {
        for (LoadedModule m : modules) {
            for (List<Symbol> table : List.of(m.elf.symbols(), m.elf.dynamicSymbols())) {
                for (Symbol s : table) {
                    if (s.isDefined() && s.isFunction() && s.name().equals(name)) {
                        return m.bias + s.value();
                    }
                }
            }
        }
        throw new SimException("unknown function \"" + name + "\" (no such function symbol in the loaded modules)");
    }

    /** A TLS variable by name ({@code name} or {@code module::name}): the executable's first, then in load order. */
    private TlsVariable variable(String spec) {
        String modulePart = null;
        String name = spec;
        int sep = spec.lastIndexOf("::");
        if (sep > 0) {
            modulePart = spec.substring(0, sep);
            name = spec.substring(sep + 2);
        }
        for (LoadedModule m : modules) {
            if (modulePart != null && !m.matches(modulePart)) {
                continue;
            }
            for (List<Symbol> table : List.of(m.elf.symbols(), m.elf.dynamicSymbols())) {
                for (Symbol s : table) {
                    if (s.isTls() && s.isDefined() && s.name().equals(name)) {
                        return TlsVariable.of(m, s);
                    }
                }
            }
        }
        throw new SimException("unknown TLS variable \"" + spec + "\""
                + (modulePart != null && module(modulePart).isEmpty() ? " (no module " + modulePart + " is loaded)" : ""));
    }

    // ---------------------------------------------------------------- events

    /** pthread_create: a new thread named {@code name}, its PC at {@code function} (the entry point if empty). */
    public synchronized ThreadInfo createThread(String name, Optional<String> function) {
        if (liveThreads.containsKey(name)) {
            throw new SimException("a thread named \"" + name + "\" already exists");
        }
        int num = nextNum++;
        SimThread t = new SimThread(num, options.pid(), options.pid() + num - 1, name, ++seq);
        long pc = function.map(this::functionAddress).orElseGet(this::entry);
        runtime.createThread(t, options.stackSize());
        t.pc = pc;
        addThread(t);
        return t.info();
    }

    private void addThread(SimThread t) {
        liveThreads.put(t.name, t);
        threadsByNum.put(t.num, t);
        threadList = null;
    }

    /** The thread leaves (pthread_exit): it disappears from the thread list and its memory is freed. */
    public synchronized void exitThread(String name) {
        SimThread t = thread(name);
        if (t.num == 1) {
            throw new SimException("the main thread cannot exit (the process would end)");
        }
        runtime.exitThread(t);
        liveThreads.remove(name);
        threadsByNum.remove(t.num);
        threadList = null;
    }

    /** Moves a thread's program counter to a function (where the scenario says it is now). */
    public synchronized void setFunction(String threadName, String function) {
        SimThread t = thread(threadName);
        t.pc = functionAddress(function);
        t.written = Optional.empty();
    }

    /**
     * dlopen: loads {@code file} (a path, or a name searched like a DT_NEEDED entry) and what it
     * needs, on behalf of {@code caller} (the main thread if empty). Opening a loaded library again
     * only counts the reference, as glibc does.
     */
    public synchronized Module dlopen(String file, Optional<String> caller) {
        if (!dynamic) {
            throw new SimException("dlopen in a static program is not simulated");
        }
        SimThread by = caller.map(this::thread).orElseGet(() -> threadsByNum.get(1));
        Optional<LoadedModule> loaded = module(file);
        if (loaded.isPresent()) {
            loaded.get().openCount++;
            return loaded.get().toModule();
        }
        LoadedModule exe = modules.get(0);
        Optional<LibraryResolver.Located> f = resolver.find(file, Optional.of(exe.elf), Optional.of(exe.path));
        if (f.isEmpty()) {
            throw new SimException("cannot open " + file + " (searched "
                    + resolver.describeSearch(Optional.of(exe.elf), Optional.of(exe.path)) + ")");
        }
        for (LoadedModule m : modules) {
            if (samePath(m.path, f.get().path())) {
                m.openCount++;
                return m.toModule();
            }
        }
        String shownName = file.contains("/") ? f.get().path().getFileName().toString() : file;
        LoadedModule root = new LoadedModule(f.get().elf(), f.get().path(),
                f.get().path().toAbsolutePath().normalize().toString(), shownName, libraryBias(f.get().elf()), false,
                ++seq);
        mapSegments(root);
        List<LoadedModule> all = new ArrayList<>(modules);
        all.add(root);
        List<LoadedModule> added = new ArrayList<>();
        added.add(root);
        added.addAll(loadClosure(root, all, false));
        root.openCount = 1;
        root.broughtIn.addAll(added.subList(1, added.size()));
        for (LoadedModule m : added) {
            m.lmAddress = space.malloc(runtime.linkMapSize(), 16);
        }
        try {
            runtime.assign(added, false);
        } catch (dev.tldb.target.TargetException e) {
            for (LoadedModule m : added) {
                unmapSegments(m);
            }
            throw new SimException("dlopen " + file + ": " + e.getMessage());
        }
        LoadedModule prev = modules.get(modules.size() - 1);
        for (LoadedModule m : added) {
            writeLinkMap(m, prev);
            prev = m;
            modules.add(m);
        }
        moduleList = null;
        runtime.dlopened(added, by);
        return root.toModule();
    }

    /**
     * dlclose: drops a reference; at the last one glibc unloads the library and what it brought in
     * (their TLS slots freed for reuse, the generation bumped). musl never unloads: nothing happens.
     */
    public synchronized void dlclose(String name) {
        LoadedModule m = module(name).orElseThrow(() -> new SimException("no library \"" + name + "\" is loaded"));
        if (m.main || m.startup) {
            throw new SimException(m.name + " was loaded at start-up, not by dlopen");
        }
        if (m.openCount == 0) {
            throw new SimException(m.name + " was not opened by dlopen (it was loaded as a dependency)");
        }
        if (--m.openCount > 0 || abi.libc() == Libc.MUSL) {
            return;
        }
        List<LoadedModule> removed = new ArrayList<>();
        removed.add(m);
        for (LoadedModule dep : m.broughtIn) {
            boolean stillUsed = dep.openCount > 0 || modules.stream().anyMatch(o -> o != m && !o.unloaded
                    && o.broughtIn.contains(dep));
            if (!stillUsed) {
                removed.add(dep);
            }
        }
        int ps = arch.pointerSize();
        for (LoadedModule r : removed) {
            long next = memory.readWord(r.lmAddress + 3L * ps);
            long prev = memory.readWord(r.lmAddress + 4L * ps);
            if (prev != 0) {
                memory.writeWord(prev + 3L * ps, next);
            }
            if (next != 0) {
                memory.writeWord(next + 4L * ps, prev);
            }
            r.unloaded = true;
        }
        runtime.dlclosed(removed);
        for (LoadedModule r : removed) {
            memory.unmapObject(r.lmAddress);
            unmapSegments(r);
            modules.remove(r);
        }
        moduleList = null;
    }

    /** A thread's first (or later) access to a module's TLS through {@code __tls_get_addr}; returns the block. */
    public synchronized long touch(String threadName, String moduleName) {
        SimThread t = thread(threadName);
        LoadedModule m = module(moduleName).orElseThrow(() -> new SimException("no library \"" + moduleName
                + "\" is loaded"));
        if (m.tls.isEmpty()) {
            throw new SimException(moduleName + " has no thread-local storage");
        }
        return runtime.tlsGetAddr(t, m);
    }

    /** Assigns a TLS variable in a thread, as the thread's own code would (allocating the block if needed). */
    public synchronized void setTls(String threadName, String variableName, TlsValue value) {
        SimThread t = thread(threadName);
        TlsVariable v = variable(variableName);
        byte[] bytes = v.encode(value, arch.order());
        long block = runtime.access(t, v.module());
        memory.write(block + v.offset(), bytes, 0, bytes.length);
    }

    /** A named stop point: the process is stopped with SIGTRAP in {@code thread} (the main thread if empty). */
    public synchronized StopInfo stop(String name, Optional<String> threadName) {
        SimThread t = threadName.map(this::thread).orElseGet(() -> threadsByNum.get(1));
        stop = new StopInfo(t.info(), 5, name);
        return stop;
    }

    // ---------------------------------------------------------------- lookups

    private SimThread thread(String name) {
        SimThread t = liveThreads.get(name);
        if (t == null) {
            throw new SimException("unknown thread \"" + name + "\"");
        }
        return t;
    }

    private Optional<LoadedModule> module(String name) {
        for (LoadedModule m : modules) {
            if (m.matches(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The live thread with this name. */
    public synchronized Optional<ThreadInfo> threadNamed(String name) {
        return Optional.ofNullable(liveThreads.get(name)).map(SimThread::info);
    }

    /** The loaded module with this name (as dlopen'ed, its file name, soname or path). */
    public synchronized Optional<Module> moduleNamed(String name) {
        return module(name).map(LoadedModule::toModule);
    }

    /** Caveats found while loading (libc not found, ...), to show the user once. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Which C library is simulated and where its structure layout came from. */
    public String libcDescription() {
        return runtime.describe();
    }

    public SimOptions options() {
        return options;
    }

    /** The file stratum for this process: the same files at the same addresses. */
    public ExecTarget execTarget() {
        return exec;
    }

    /** Sets what {@link #resume} runs (a scenario). */
    public synchronized void setDriver(Driver d) {
        this.driver = d;
    }

    /**
     * The usual stack over this process: {@link ExecTarget} (files) beneath, {@link ThreadDbLayer}
     * (simulated libthread_db) above. Built once.
     */
    public synchronized TargetStack stack() {
        if (stack == null) {
            stack = new TargetStack().push(exec).push(this).push(new ThreadDbLayer());
        }
        return stack;
    }

    /** How many 64-byte chunks of memory were written after being generated (a measure of what was touched). */
    public int writtenChunks() {
        return memory.writtenChunks();
    }

    // ---------------------------------------------------------------- Target

    @Override
    public Stratum stratum() {
        return Stratum.PROCESS;
    }

    @Override
    public String shortName() {
        return "sim";
    }

    @Override
    public String description() {
        return "Simulated process " + options.pid() + " of `" + programPath + "' (" + abi.describe() + "), stopped at "
                + stop.reason();
    }

    @Override
    public Abi abi() {
        return abi;
    }

    @Override
    public int readMemory(long address, byte[] buffer, int offset, int length) {
        return memory.read(address, buffer, offset, length);
    }

    @Override
    public void writeMemory(long address, byte[] data, int offset, int length) {
        memory.write(address, data, offset, length);
    }

    @Override
    public synchronized List<ThreadInfo> threads() {
        if (threadList == null) {
            threadList = liveThreads.values().stream().map(SimThread::info).toList();
        }
        return threadList;
    }

    @Override
    public synchronized Registers registers(ThreadInfo thread) {
        SimThread t = threadsByNum.get(thread.num());
        if (t == null || t.lwp != thread.lwp()) {
            throw new TlsException(TdError.TD_NOTHR, "No thread " + thread.describe() + " in the simulated process");
        }
        if (t.written.isPresent()) {
            return t.written.get().copy();
        }
        Registers r = new Registers(arch.registers(), arch.order());
        for (int i = 0; i < arch.registers().size(); i++) {
            RegisterDef d = arch.registers().get(i);
            r.setRaw(i, new byte[d.byteSize()]);
        }
        r.set(arch.pcRegister(), t.pc);
        r.set(arch.spRegister(), t.sp());
        switch (arch) {
            case X86_64 -> {
                r.set("fs_base", t.tp);
                r.set("eflags", 0x246);
                r.set("cs", 0x33);
                r.set("ss", 0x2b);
            }
            case AARCH64 -> {
                r.set("tpidr", t.tp);
                r.set("cpsr", 0x6000_0000L);
            }
            case RISCV64 -> {
                r.set("tp", t.tp);
                findSymbol("__global_pointer$").ifPresent(gp -> r.set("gp", gp.address()));
            }
            default -> throw new IllegalStateException(arch.name());
        }
        return r;
    }

    @Override
    public synchronized void writeRegisters(ThreadInfo thread, Registers registers) {
        SimThread t = threadsByNum.get(thread.num());
        if (t == null) {
            throw new TlsException(TdError.TD_NOTHR, "No thread " + thread.describe() + " in the simulated process");
        }
        t.written = Optional.of(registers.copy());
    }

    @Override
    public synchronized List<Module> modules() {
        if (moduleList == null) {
            List<Module> out = new ArrayList<>(modules.size());
            for (LoadedModule m : modules) {
                out.add(m.toModule());
            }
            moduleList = List.copyOf(out);
        }
        return moduleList;
    }

    @Override
    public Optional<byte[]> auxv() {
        return Optional.of(auxv.clone());
    }

    @Override
    public synchronized StopInfo stopInfo() {
        return stop;
    }

    @Override
    public Optional<Path> executablePath() {
        return Optional.of(programPath);
    }

    // ---------------------------------------------------------------- capabilities

    @Override
    public synchronized long allocateTls(ThreadInfo thread, Module module) {
        SimThread t = threadsByNum.get(thread.num());
        if (t == null) {
            throw new TlsException(TdError.TD_NOTHR, "No thread " + thread.describe() + " in the simulated process");
        }
        LoadedModule m = null;
        for (LoadedModule x : modules) {
            if (module.lmAddress() != 0 ? x.lmAddress == module.lmAddress() : x.main == module.isMainProgram()
                    && x.toModule().name().equals(module.name())) {
                m = x;
            }
        }
        if (m == null) {
            throw new TlsException(TdError.TD_ERR, "Cannot allocate TLS: `" + module.shortName()
                    + "' is not loaded in the simulated process");
        }
        if (m.tls.isEmpty()) {
            throw new TlsException(TdError.TD_NOTLS, "`" + module.shortName() + "' has no thread-local storage");
        }
        return runtime.tlsGetAddr(t, m);
    }

    @Override
    public StopEvent resume() {
        Driver d;
        synchronized (this) {
            d = driver;
        }
        if (d == null) {
            return new StopEvent.Exited(0);
        }
        return d.resume();
    }

    /** Is this address readable? (tests and the stub's memory map) */
    public boolean isMapped(long address, long length) {
        return memory.isMapped(address, length);
    }

}
