package dev.tldb.core;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Libc;
import dev.tldb.abi.Registers;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;
import dev.tldb.exec.ExecTarget;
import dev.tldb.linkmap.LinkMap;
import dev.tldb.linkmap.LinkMapEntry;
import dev.tldb.linkmap.LinkMapReader;
import dev.tldb.linkmap.LinkMapSource;
import dev.tldb.linkmap.MemoryView;
import dev.tldb.linkmap.ModuleList;
import dev.tldb.linkmap.ProgramImage;
import dev.tldb.memory.WriteOverlay;
import dev.tldb.target.MemoryException;
import dev.tldb.target.Module;
import dev.tldb.target.NotSupportedException;
import dev.tldb.target.StopInfo;
import dev.tldb.target.Stratum;
import dev.tldb.target.TargetException;
import dev.tldb.target.TargetLayer;
import dev.tldb.target.ThreadInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process stratum over a core file, like gdb's {@code core} target: threads, registers,
 * auxv and memory from the core; the link map read from that memory.
 *
 * <p>Memory: bytes the core holds come from its mapped PT_LOAD segments; for any other address
 * (text the kernel left out because the file has it, the part of a segment past
 * {@code p_filesz}, memory lost to truncation) the read goes to the files the process had
 * mapped there, whole pages as NT_FILE records them ({@link FileBackedMemory}), then falls
 * through to the file stratum beneath, as gdb's core target does. A read stops at the first
 * byte none of them has. Unlike gdb,
 * memory that is in a core segment but in neither the core's bytes nor a program file is
 * unreadable rather than zero: gdb's last resort reads it as zeros, which would present a
 * guard page or an unfound library's code as real zeros.
 *
 * <p>Writes (gdb's {@code M}, {@code X}, {@code set var}) go to an in-memory overlay over
 * readable memory; the core file is never written. Register writes are likewise kept here.
 *
 * <p>Threads are numbered 1..N in NT_PRSTATUS order, as gdb numbers them (the first is the
 * thread that received the fatal signal in kernel cores, the thread gdb had selected in gcore
 * cores).
 */
public final class CoreTarget extends TargetLayer implements LinkMapSource {
    private final CoreFile core;
    private final WriteOverlay overlay = new WriteOverlay();
    private final Map<Integer, Registers> writtenRegisters = new ConcurrentHashMap<>();
    private final List<ThreadInfo> threads;
    private volatile ModuleState moduleState;
    /** The module list of a module state and file count: every TLS lookup asks for it; building it matches files to the link map. */
    private volatile ModulesCache modulesCache;
    private volatile FileBackingState fileBacking;

    /** The program's place in memory and its link map, read once per file stratum beneath. */
    private record ModuleState(Optional<ExecTarget> exec, ProgramImage image, LinkMap linkMap,
                               Optional<ModuleList.AddressRange> vdso) {}

    private record ModulesCache(ModuleState state, int files, List<Module> modules) {}

    /** NT_FILE mappings of the files the stratum beneath maps (which grows as the loader adds libraries). */
    private record FileBackingState(Optional<ExecTarget> exec, int files, FileBackedMemory memory) {}

    public CoreTarget(CoreFile core) {
        this.core = core;
        long pid = core.pid();
        List<ThreadInfo> list = new ArrayList<>();
        for (CoreThread t : core.threads()) {
            list.add(new ThreadInfo(t.number(), pid, t.lwp()));
        }
        if (list.isEmpty()) {
            // gdb, too, invents one thread for a core without NT_PRSTATUS.
            list.add(new ThreadInfo(1, pid, pid));
        }
        this.threads = List.copyOf(list);
    }

    public CoreFile coreFile() {
        return core;
    }

    @Override
    public Stratum stratum() {
        return Stratum.PROCESS;
    }

    @Override
    public String shortName() {
        return "core";
    }

    @Override
    public String description() {
        return "Local core dump file: `" + core.displayName() + "'";
    }

    /** The program file's ABI when there is one beneath; else the core's architecture and a libc guess. */
    @Override
    public Abi abi() {
        try {
            return beneath().abi();
        } catch (NotSupportedException e) {
            return new Abi(core.arch(), core.libcHint().orElse(Libc.GLIBC));
        }
    }

    // ---------------------------------------------------------------- memory

    @Override
    public int readMemory(long address, byte[] buffer, int offset, int length) {
        int done = 0;
        CoreMemory mem = core.memory();
        while (done < length) {
            long at = address + done;
            int n = mem.read(at, buffer, offset + done, length - done);
            if (n > 0) {
                done += n;
                continue;
            }
            // Not in the core: the files the process had mapped there, but only up to where
            // core bytes resume.
            long want = length - done;
            OptionalLong next = mem.nextStart(at);
            if (next.isPresent() && Long.compareUnsigned(next.getAsLong() - at, want) < 0) {
                want = next.getAsLong() - at;
            }
            int m = fileBacked().read(at, buffer, offset + done, (int) want);
            if (m <= 0) {
                m = beneath().readMemory(at, buffer, offset + done, (int) want);
            }
            if (m <= 0) {
                break;
            }
            done += m;
        }
        overlay.apply(address, buffer, offset, done);
        return done;
    }

    private FileBackedMemory fileBacked() {
        Optional<ExecTarget> exec = beneath().capability(ExecTarget.class);
        int files = exec.map(e -> e.files().size()).orElse(0);
        FileBackingState s = fileBacking;
        if (s == null || !s.exec.equals(exec) || s.files != files) {
            s = new FileBackingState(exec, files,
                    exec.map(e -> FileBackedMemory.of(core, e)).orElse(FileBackedMemory.none()));
            fileBacking = s;
        }
        return s.memory;
    }

    /** Keeps the bytes in the overlay; memory that cannot be read cannot be written either. */
    @Override
    public void writeMemory(long address, byte[] data, int offset, int length) {
        byte[] probe = new byte[length];
        int readable = readMemory(address, probe, 0, length);
        if (readable < length) {
            throw new MemoryException(address + readable);
        }
        overlay.write(address, data, offset, length);
    }

    // ---------------------------------------------------------------- threads and registers

    @Override
    public List<ThreadInfo> threads() {
        return threads;
    }

    @Override
    public Registers registers(ThreadInfo thread) {
        int num = checkThread(thread);
        Registers written = writtenRegisters.get(num);
        if (written != null) {
            return written.copy();
        }
        if (core.threads().isEmpty()) {
            return new Registers(core.arch().registers(), core.arch().order());
        }
        return core.threads().get(num - 1).registers();
    }

    @Override
    public void writeRegisters(ThreadInfo thread, Registers registers) {
        writtenRegisters.put(checkThread(thread), registers.copy());
    }

    private int checkThread(ThreadInfo thread) {
        int num = thread.num();
        if (num < 1 || num > threads.size() || threads.get(num - 1).lwp() != thread.lwp()) {
            throw new TargetException("Unknown thread " + num + " (LWP " + thread.lwp() + ") in core "
                    + core.displayName());
        }
        return num;
    }

    @Override
    public Optional<byte[]> auxv() {
        return core.auxvBytes();
    }

    /**
     * The first thread and its {@code pr_cursig} (the signal that made the core: the kernel
     * and gcore put the signalled thread first), or NT_SIGINFO's signal when that is 0.
     */
    @Override
    public StopInfo stopInfo() {
        int signal = core.threads().isEmpty() ? 0 : core.threads().get(0).status().signal();
        if (signal == 0) {
            signal = core.signalInfo().map(SigInfo::signal).orElse(0);
        }
        String reason = signal > 0
                ? "Program terminated with signal " + LinuxSignals.name(signal) + ", "
                        + LinuxSignals.description(signal) + "."
                : "The core records no signal.";
        return new StopInfo(threads.get(0), signal, reason);
    }

    /** The program file beneath, if one was found; a path the core merely records is not claimed. */
    @Override
    public Optional<Path> executablePath() {
        return beneath().executablePath();
    }

    // ---------------------------------------------------------------- link map and modules

    @Override
    public LinkMap linkMap() {
        return moduleState().linkMap;
    }

    /** Where the main program is loaded, from its file beneath or else its headers in memory. */
    public ProgramImage programImage() {
        return moduleState().image;
    }

    /**
     * The main program, then each library of the link map (without the vDSO), each with the
     * ELF file the file stratum maps at its address, if any.
     */
    @Override
    public List<Module> modules() {
        ModuleState s = moduleState();
        // The files beneath grow as the loader maps libraries; each one may give a module its ELF file.
        int files = s.exec.map(e -> e.files().size()).orElse(0);
        ModulesCache cached = modulesCache;
        if (cached != null && cached.state() == s && cached.files() == files) {
            return cached.modules();
        }
        String programName = s.exec.flatMap(e -> e.program().path()).map(Path::toString)
                .or(() -> core.executableHints().stream().findFirst())
                .orElse("");
        List<Module> modules = List.copyOf(ModuleList.of(s.image, programName, s.exec.map(ExecTarget::program),
                s.linkMap, s.vdso, entry -> s.exec.flatMap(e -> mappedFile(e, entry))));
        modulesCache = new ModulesCache(s, files, modules);
        return modules;
    }

    /** The file mapped at a link-map entry: same bias, and its PT_DYNAMIC lands on {@code l_ld}. */
    private static Optional<ElfFile> mappedFile(ExecTarget exec, LinkMapEntry entry) {
        for (ExecTarget.MappedFile f : exec.files()) {
            if (f.elf() == exec.program() || f.bias() != entry.loadBias()) {
                continue;
            }
            Optional<Segment> dyn = f.elf().segments(Elf.PT_DYNAMIC).stream().findFirst();
            if (dyn.isEmpty() || dyn.get().vaddr() + f.bias() == entry.dynamic()) {
                return Optional.of(f.elf());
            }
        }
        return Optional.empty();
    }

    private ModuleState moduleState() {
        Optional<ExecTarget> exec = beneath().capability(ExecTarget.class);
        ModuleState s = moduleState;
        if (s != null && s.exec.equals(exec)) {
            return s;
        }
        MemoryView mem = MemoryView.of(this);
        ProgramImage image = exec.map(e -> ProgramImage.of(e.program(), core.auxv()))
                .or(() -> ProgramImage.fromMemory(mem, core.auxv()))
                .orElseGet(() -> new ProgramImage(0, OptionalLong.empty(), 0, false, false, 0,
                        List.of("neither the program file nor its program headers in memory (AT_PHDR) are "
                                + "available: the link map cannot be found")));
        LinkMap map = LinkMapReader.read(mem, image);
        s = new ModuleState(exec, image, map, ModuleList.vdsoRange(mem, core.auxv()));
        moduleState = s;
        return s;
    }
}
