package dev.tldb.threaddb;

import dev.tldb.abi.Abi;
import dev.tldb.elf.Segment;
import dev.tldb.target.Module;
import dev.tldb.target.TdError;
import dev.tldb.target.Target;
import dev.tldb.target.ThreadInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * musl has no libthread_db; this is the one it would have. musl keeps a one-word DTV per thread
 * whose entry 0 is the number of modules and entry {@code i} the block of module {@code i},
 * biased by DTP_OFFSET (0x800 on riscv); module ids count the modules that have TLS, in load order,
 * the executable first. musl allocates every thread's block when a library is loaded, so there is
 * no "not allocated yet" state except a DTV shorter than the module id.
 */
final class MuslThreadDb implements ThreadDb {
    private static final int MAX_THREADS = 1 << 20;

    private final Target process;
    private final Abi abi;
    private final ProcessMemory mem;

    MuslThreadDb(Target process, Abi abi) {
        this.process = process;
        this.abi = abi;
        this.mem = new ProcessMemory(process, abi);
    }

    @Override
    public String describe() {
        return "musl, DTV layout from the " + abi.arch().gdbName() + " ABI";
    }

    @Override
    public List<String> warnings() {
        return List.of();
    }

    @Override
    public ThreadHandle mapLwp(ThreadInfo thread) {
        Optional<Long> tp = abi.arch().threadPointer(process.registers(thread));
        if (tp.isPresent()) {
            // musl's struct pthread starts at the TP (variant II) or ends at it (variant I); the DTV is what matters.
            return new ThreadHandle(thread.lwp(), 0, tp.get());
        }
        // No thread pointer in the registers (qemu-user's aarch64 cores): find the thread in musl's own list.
        for (ThreadHandle h : iterate()) {
            if (h.lwp() == thread.lwp()) {
                return h;
            }
        }
        throw new TdException(TdError.TD_NOCAPAB, "the registers of LWP " + thread.lwp()
                + " hold no thread pointer, and musl's thread list (found from builtin_tls) does not name it");
    }

    /**
     * musl links every thread's {@code struct pthread} in a circular list through {@code next}.
     * To get into the list without a thread pointer: the main thread's descriptor sits in
     * {@code builtin_tls} when the program's TLS fits there (how gdb 17 recognises static musl),
     * and every other thread's descriptor sits at the top of its own stack mapping, above its SP.
     * A descriptor is recognised by {@code self} holding its own address and {@code tid} the LWP.
     */
    @Override
    public List<ThreadHandle> iterate() {
        Optional<MuslLayout> layout = MuslLayout.of(abi.arch());
        if (layout.isEmpty()) {
            return List.of();
        }
        MuslLayout l = layout.get();
        Optional<Long> start = descriptorInBuiltinTls(l).or(() -> descriptorAboveAStack(l));
        if (start.isEmpty()) {
            return List.of();
        }
        List<ThreadHandle> out = new ArrayList<>();
        long td = start.get();
        for (int steps = 0; steps < MAX_THREADS; steps++) {
            long tid = mem.unsigned(td + l.tid(), 4, "struct pthread.tid");
            out.add(new ThreadHandle((int) tid, td, threadPointer(l, td)));
            td = mem.pointer(td + l.next(), "struct pthread.next");
            if (td == start.get() || td == 0) {
                return out;
            }
        }
        throw new TdException(TdError.TD_DBERR, "musl's thread list does not come back to where it started");
    }

    private long threadPointer(MuslLayout l, long td) {
        return abi.tlsVariant() == dev.tldb.abi.TlsVariant.II ? td : td + l.size();
    }

    /** The main thread's descriptor in {@code builtin_tls}: the word there that holds its own address. */
    private Optional<Long> descriptorInBuiltinTls(MuslLayout l) {
        Optional<ProcessSymbols.Found> builtin = new ProcessSymbols(process.modules()).lookup("builtin_tls");
        if (builtin.isEmpty()) {
            return Optional.empty();
        }
        long start = builtin.get().address();
        int size = (int) Math.min(builtin.get().symbol().size(), 1 << 16);
        return selfPointer(start, size, l, -1);
    }

    /** A thread's descriptor at the top of its stack mapping, searched upward from its stack pointer. */
    private Optional<Long> descriptorAboveAStack(MuslLayout l) {
        for (ThreadInfo t : process.threads()) {
            Optional<Long> sp = process.registers(t).get(abi.arch().spRegister());
            if (sp.isEmpty()) {
                continue;
            }
            long at = sp.get() & -CHUNK;
            for (long scanned = 0; scanned < MAX_STACK_SCAN; scanned += CHUNK, at += CHUNK) {
                Optional<Long> td = selfPointer(at, CHUNK, l, t.lwp());
                if (td.isPresent()) {
                    return td;
                }
                if (process.readMemory(at + CHUNK, new byte[1], 0, 1) == 0) {
                    break; // the end of the stack's mapping
                }
            }
        }
        return Optional.empty();
    }

    private static final int CHUNK = 64 * 1024;
    private static final long MAX_STACK_SCAN = 64L << 20;

    /** An aligned word in {@code [start, start+size)} holding its own address (and, if given, the LWP as tid). */
    private Optional<Long> selfPointer(long start, int size, MuslLayout l, long lwp) {
        byte[] bytes = new byte[size];
        int n = process.readMemory(start, bytes, 0, size);
        int word = abi.pointerSize();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(abi.order());
        for (int off = 0; off + word <= n; off += word) {
            long v = word == 8 ? b.getLong(off) : b.getInt(off) & 0xffff_ffffL;
            if (v != start + off) {
                continue;
            }
            try {
                long tid = mem.unsigned(v + l.tid(), 4, "struct pthread.tid");
                long next = mem.pointer(v + l.next(), "struct pthread.next");
                if ((lwp < 0 || tid == lwp) && next != 0) {
                    return Optional.of(v);
                }
            } catch (TdException e) {
                // not a descriptor after all
            }
        }
        return Optional.empty();
    }

    @Override
    public OptionalLong moduleId(Module module, List<Module> all) {
        if (module.elf().isEmpty()) {
            return module.isMainProgram() && module.lmAddress() == 0 ? OptionalLong.of(1) : OptionalLong.empty();
        }
        return LoadOrder.moduleId(module, all);
    }

    @Override
    public long tlsBase(ThreadHandle th, long modid, List<Module> all) {
        if (modid < 1) {
            throw new TdException(TdError.TD_NOTLS, "module id " + modid);
        }
        long dtv = mem.pointer(abi.dtvPointerAddress(th.threadPointer()), "the DTV pointer");
        long count = mem.pointer(abi.dtvEntryAddress(dtv, 0), "the DTV length");
        if (Long.compareUnsigned(modid, count) > 0) {
            throw new TdException(TdError.TD_NOTALLOC, "not allocated yet");
        }
        return mem.pointer(abi.dtvEntryAddress(dtv, modid), "DTV entry " + modid) - abi.dtpOffset();
    }

    @Override
    public TlsLayout layout(ThreadInfo info, ThreadHandle th, List<Module> all) {
        long dtv = mem.pointer(abi.dtvPointerAddress(th.threadPointer()), "the DTV pointer");
        OptionalLong count = OptionalLong.empty();
        try {
            count = OptionalLong.of(mem.pointer(abi.dtvEntryAddress(dtv, 0), "the DTV length"));
        } catch (TdException e) {
            // shown as unknown
        }
        List<TlsLayout.ModuleBlock> blocks = new ArrayList<>();
        for (Module m : all) {
            OptionalLong id = moduleId(m, all);
            if (id.isEmpty()) {
                continue;
            }
            long size = m.elf().flatMap(e -> e.tlsSegment()).map(Segment::memsz).orElse(0L);
            OptionalLong entry = OptionalLong.empty(), address = OptionalLong.empty();
            String state = "allocated";
            try {
                entry = OptionalLong.of(mem.pointer(abi.dtvEntryAddress(dtv, id.getAsLong()), "DTV entry"));
                address = OptionalLong.of(tlsBase(th, id.getAsLong(), all));
            } catch (TdException e) {
                state = e.error() == TdError.TD_NOTALLOC ? "not allocated yet" : e.getMessage();
            }
            // Modules present at start-up live in musl's static TLS area; later ones are allocated by dlopen.
            boolean isStatic = m.isMainProgram() || m.lmAddress() == 0;
            blocks.add(new TlsLayout.ModuleBlock(m.shortName(), id.getAsLong(), size, isStatic, entry, address, state));
        }
        return new TlsLayout(info, th.threadPointer(), dtv, OptionalLong.empty(), count, blocks);
    }
}
