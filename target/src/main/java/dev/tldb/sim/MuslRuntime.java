package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.abi.TlsVariant;
import dev.tldb.memory.Region;
import dev.tldb.target.TargetException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * musl's TLS, re-enacted: {@code src/env/__init_tls.c} ({@code static_init_tls}, {@code __copy_tls})
 * for static programs, {@code ldso/dynlink.c} ({@code load_library}'s offsets, {@code __dls3},
 * {@code install_new_tls}) for dynamic ones, and {@code pthread_create}'s placement of a thread's
 * TLS at the top of its mapping.
 *
 * <p>musl has no deferred allocation: every thread's block of every module exists as soon as the
 * module is loaded ({@code install_new_tls} gives all existing threads a copy at dlopen, in memory
 * the new library's allocation reserved for them), and the DTV holds block addresses biased by
 * DTP_OFFSET. dlopen therefore rewrites every thread's DTV pointer; the simulator computes it when
 * read instead of writing it into 10,000 threads: a thread created before the last dlopen of a
 * library with TLS uses that dlopen's DTV copy. {@code dlclose} does nothing in musl (libraries
 * are never unloaded), and neither does it here.
 */
final class MuslRuntime implements TlsRuntime {
    /** {@code sizeof (struct pthread)} on 64-bit musl 1.2 (src/internal/pthread_impl.h). */
    private static final int SIZEOF_PTHREAD = 200;
    /** {@code MIN_TLS_ALIGN}: {@code offsetof (struct builtin_tls, pt)}. */
    private static final long MIN_TLS_ALIGN = 8;
    /** {@code __pthread_tsd_size}: 128 keys. */
    private static final long TSD_SIZE = 128 * 8;

    private final Arch arch;
    private final SimMemory mem;
    private final AddressSpace space;
    private final Symbols symbols;
    private final boolean staticProgram;
    private final int ps = 8;
    private final TlsVariant variant;
    private final long gapAboveTp;
    private final long dtpOffset;

    private long tlsCnt;
    private long tlsOffset;
    private long tlsAlign = MIN_TLS_ALIGN;
    private long tlsSize;
    /** Modules with TLS by id (index 0 unused). */
    private final List<LoadedModule> byId = new CopyOnWriteArrayList<>();
    // Read by memory generators (a debugger's reads) while the scenario adds to them: concurrent collections.
    private final Map<LoadedModule, Long> moduleOffset = new ConcurrentHashMap<>();
    /** Every thread ever created, by number, so DTV copies made at a dlopen can be generated later. */
    private final Map<Integer, SimThread> threadsByNum = new ConcurrentHashMap<>();
    private final Map<SimThread, ThreadTls> threadTls = new ConcurrentHashMap<>();
    private final List<TlsDlopen> tlsDlopens = new CopyOnWriteArrayList<>();
    private final Map<LoadedModule, NewTls> newTls = new ConcurrentHashMap<>();
    private long seq;

    /** Where a thread's own TLS area put its DTV, and how many modules it held. */
    private record ThreadTls(long dtv, long count, long createdSeq) {}

    /** A dlopen that added TLS: the DTV copies it made for the threads that existed then. */
    private record TlsDlopen(long seq, long count, long newDtv, int reservedThreads) {}

    /** The per-thread copies of a dlopen'ed library's TLS. */
    private record NewTls(long base, long stride, int reservedThreads, long seq) {}

    MuslRuntime(Arch arch, SimMemory mem, AddressSpace space, Symbols symbols, boolean staticProgram) {
        this.arch = arch;
        this.mem = mem;
        this.space = space;
        this.symbols = symbols;
        this.staticProgram = staticProgram;
        this.variant = arch.tlsVariant();
        this.gapAboveTp = arch == Arch.AARCH64 ? 16 : 0;
        this.dtpOffset = arch == Arch.RISCV64 ? 0x800 : 0;
        byId.add(null);
    }

    @Override
    public String describe() {
        return "musl" + (staticProgram ? " (static program)" : "") + ", structures of musl 1.2";
    }

    @Override
    public int linkMapSize() {
        return 512; // struct dso starts with the public link_map fields
    }

    private long dtvPointerOffset() {
        return variant == TlsVariant.II ? 8 : SIZEOF_PTHREAD - 8;
    }

    private long prevOffset() {
        return variant == TlsVariant.II ? 16 : 8;
    }

    private long nextOffset() {
        return variant == TlsVariant.II ? 24 : 16;
    }

    private long tidOffset() {
        return variant == TlsVariant.II ? 48 : 32;
    }

    // ---------------------------------------------------------------- ids and offsets

    @Override
    public void assign(List<LoadedModule> added, boolean atStartup) {
        for (LoadedModule m : added) {
            if (m.tls.isEmpty()) {
                continue;
            }
            TlsImage t = m.tls.get();
            long image = t.vaddr() + m.bias;
            long offset;
            long size = t.blockSize();
            if (atStartup && m.main && staticProgram) {
                // static_init_tls: the size is padded so the block ends aligned, the offset is the size.
                size += (-size - image) & (t.align() - 1);
                offset = variant == TlsVariant.II ? size : gapAboveTp + ((-gapAboveTp + image) & (t.align() - 1));
                tlsOffset = variant == TlsVariant.II ? offset : offset + size;
            } else if (m.main) {
                if (variant == TlsVariant.II) {
                    offset = size + (-(image + size) & (t.align() - 1));
                    tlsOffset = offset;
                } else {
                    offset = gapAboveTp + ((-gapAboveTp + image) & (t.align() - 1));
                    tlsOffset = offset + size;
                }
            } else if (variant == TlsVariant.II) {
                tlsOffset += size + t.align() - 1;
                tlsOffset -= (tlsOffset + image) & (t.align() - 1);
                offset = tlsOffset;
            } else {
                offset = tlsOffset + ((t.align() - 1) & (-tlsOffset + image));
                tlsOffset = offset + size;
            }
            m.tlsModid = ++tlsCnt;
            m.tlsOffset = offset;
            moduleOffset.put(m, offset);
            byId.add(m);
            tlsAlign = Math.max(tlsAlign, t.align());
        }
        updateTlsSize();
    }

    /** {@code update_tls_size} (dynamic) or {@code static_init_tls}'s size: DTV, blocks, struct pthread, slack. */
    private void updateTlsSize() {
        if (staticProgram) {
            long mainSize = byId.size() > 1 ? byId.get(1).tls.get().blockSize() : 0;
            long off = byId.size() > 1 ? moduleOffset.get(byId.get(1)) : 0;
            if (byId.size() > 1) {
                TlsImage t = byId.get(1).tls.get();
                mainSize += (-mainSize - (t.vaddr() + byId.get(1).bias)) & (t.align() - 1);
            }
            long align = Math.max(tlsAlign, MIN_TLS_ALIGN);
            tlsSize = (2L * ps + SIZEOF_PTHREAD + (variant == TlsVariant.I ? off : 0) + mainSize + align
                    + MIN_TLS_ALIGN - 1) & -MIN_TLS_ALIGN;
            tlsAlign = align;
        } else {
            tlsSize = Words.alignUp((1 + tlsCnt) * ps + tlsOffset + SIZEOF_PTHREAD + tlsAlign * 2, tlsAlign);
        }
    }

    @Override
    public void linkMapFields(LoadedModule m, byte[] linkMap) {
        // struct dso's TLS fields are not ABI and nothing reads them; the public link_map part is enough.
    }

    // ---------------------------------------------------------------- threads

    @Override
    public void startup(List<LoadedModule> initial, SimThread main) {
        long mem0;
        if (staticProgram && symbols.find("builtin_tls").filter(b -> b.size() >= tlsSize).isPresent()) {
            mem0 = symbols.find("builtin_tls").get().address();
        } else if (staticProgram) {
            mem0 = space.mmap(tlsSize, space.plan().pageSize());
        } else {
            mem0 = space.malloc(tlsSize, 16); // __dls3: calloc (libc.tls_size) for the initial thread
        }
        copyTls(main, mem0);
        long stackSize = 8L << 20;
        main.stackHigh = space.plan().stackTop();
        main.stackLow = main.stackHigh - stackSize;
        mem.mapSegment(new Region(main.stackLow, stackSize, Region.zeros(), "[stack]"));
        // __init_tp: the thread list is the main thread alone.
        mem.writeWord(main.pd + prevOffset(), main.pd);
        mem.writeWord(main.pd + nextOffset(), main.pd);
    }

    /**
     * {@code __copy_tls} over {@code [mem0, mem0 + tls_size)}: places the DTV, the struct pthread
     * and the blocks, as a generated object; records the thread pointer.
     */
    private void copyTls(SimThread t, long mem0) {
        long count = tlsCnt;
        long dtv;
        long td;
        if (variant == TlsVariant.I) {
            dtv = mem0 + tlsSize - (count + 1) * ps;
            td = mem0 + ((-(mem0 + SIZEOF_PTHREAD)) & (tlsAlign - 1));
            t.tp = td + SIZEOF_PTHREAD; // TP_ADJ
        } else {
            dtv = mem0;
            td = Words.alignDown(mem0 + tlsSize - SIZEOF_PTHREAD, tlsAlign);
            t.tp = td;
        }
        t.pd = td;
        t.dtv = dtv;
        long createdSeq = ++seq;
        threadTls.put(t, new ThreadTls(dtv, count, createdSeq));
        threadsByNum.put(t.num, t);
        long start = mem0;
        long size = tlsSize;
        Region r = new Region(start, size, (off, dst, dstOff, len) -> {
            long at = start + off;
            Arrays.fill(dst, dstOff, dstOff + len, (byte) 0);
            for (int id = 1; id <= count; id++) {
                LoadedModule m = byId.get(id);
                long block = blockAddress(t, m);
                TlsImage img = m.tls.get();
                long from = Math.max(at, block);
                long to = Math.min(at + len, block + img.blockSize());
                if (from < to) {
                    img.initialBytes(from - block, dst, dstOff + (int) (from - at), (int) (to - from));
                }
                Words.overlay(at, dst, dstOff, len, dtv + id * (long) ps, ps, block + dtpOffset, mem.order());
            }
            Words.overlay(at, dst, dstOff, len, dtv, ps, count, mem.order());
            Words.overlay(at, dst, dstOff, len, td, ps, td, mem.order()); // self
            Words.overlay(at, dst, dstOff, len, td + dtvPointerOffset(), ps, currentDtv(t), mem.order());
            Words.overlay(at, dst, dstOff, len, td + tidOffset(), 4, t.lwp, mem.order());
        }, "thread " + t.name + " (struct pthread, TLS, DTV)");
        mem.mapObject(r); // builtin_tls lies in the program's .bss: objects sit over segments
        t.ownedObjects.add(start);
    }

    /** The thread's block of module {@code m}: in its own area if the module was there when it started. */
    private long blockAddress(SimThread t, LoadedModule m) {
        ThreadTls tt = threadTls.get(t);
        NewTls nt = newTls.get(m);
        if (nt == null || nt.seq() < tt.createdSeq()) {
            long off = moduleOffset.get(m);
            return variant == TlsVariant.II ? t.tp - off : t.tp + off;
        }
        int j = t.num - 1;
        long slot = nt.base() + j * nt.stride();
        long image = m.tls.get().vaddr() + m.bias;
        return slot + ((image - slot) & (m.tls.get().align() - 1));
    }

    /** The DTV the thread uses now: the copy made by the last TLS dlopen after it started, or its own. */
    private long currentDtv(SimThread t) {
        ThreadTls tt = threadTls.get(t);
        for (int i = tlsDlopens.size() - 1; i >= 0; i--) {
            TlsDlopen d = tlsDlopens.get(i);
            if (d.seq() > tt.createdSeq() && t.num <= d.reservedThreads()) {
                return d.newDtv() + (t.num - 1) * (d.count() + 1) * ps;
            }
        }
        return tt.dtv();
    }

    @Override
    public void createThread(SimThread t, long stackSize) {
        long page = space.plan().pageSize();
        long size = Words.alignUp(Math.max(stackSize, 0x4000) + tlsSize + TSD_SIZE, page);
        long guard = page;
        long map = space.mmap(size + guard, page);
        long tsd = map + guard + size - TSD_SIZE;
        long tls = tsd - tlsSize;
        mem.mapSegment(new Region(map + guard, tls - map - guard, Region.zeros(), "stack of thread " + t.name));
        mem.mapSegment(new Region(tsd, TSD_SIZE, Region.zeros(), "tsd of thread " + t.name));
        t.stackLow = map + guard;
        t.stackHigh = tls;
        copyTls(t, tls);
        // pthread_create links the new thread after the creating one (the main thread here).
        SimThread self = threadsByNum.get(1);
        long selfNext = mem.readWord(self.pd + nextOffset());
        mem.writeWord(t.pd + nextOffset(), selfNext);
        mem.writeWord(t.pd + prevOffset(), self.pd);
        mem.writeWord(selfNext + prevOffset(), t.pd);
        mem.writeWord(self.pd + nextOffset(), t.pd);
    }

    @Override
    public void exitThread(SimThread t) {
        long next = mem.readWord(t.pd + nextOffset());
        long prev = mem.readWord(t.pd + prevOffset());
        mem.writeWord(prev + nextOffset(), next);
        mem.writeWord(next + prevOffset(), prev);
        for (long o : t.ownedObjects) {
            mem.unmapObject(o);
        }
        t.ownedObjects.clear();
        mem.unmapSegment(t.stackLow);
        mem.unmapSegment(t.stackHigh + tlsSize);
    }

    // ---------------------------------------------------------------- dlopen

    @Override
    public void dlopened(List<LoadedModule> added, SimThread caller) {
        List<LoadedModule> withTls = added.stream().filter(m -> m.tls.isPresent()).toList();
        if (withTls.isEmpty()) {
            return;
        }
        long dlopenSeq = ++seq;
        int reserved = threadsByNum.keySet().stream().mapToInt(Integer::intValue).max().orElse(1);
        for (LoadedModule m : withTls) {
            TlsImage t = m.tls.get();
            long stride = t.blockSize() + t.align();
            long base = space.malloc(reserved * stride, 16);
            NewTls nt = new NewTls(base, stride, reserved, dlopenSeq);
            newTls.put(m, nt);
            mem.mapObject(new Region(base, reserved * stride, (off, dst, dstOff, len) -> {
                long at = base + off;
                Arrays.fill(dst, dstOff, dstOff + len, (byte) 0);
                long j0 = off / stride;
                long j1 = (off + len - 1) / stride;
                long image = t.vaddr() + m.bias;
                for (long j = j0; j <= j1; j++) {
                    long slot = base + j * stride;
                    long block = slot + ((image - slot) & (t.align() - 1));
                    long from = Math.max(at, block);
                    long to = Math.min(at + len, block + t.blockSize());
                    if (from < to) {
                        t.initialBytes(from - block, dst, dstOff + (int) (from - at), (int) (to - from));
                    }
                }
            }, "TLS of " + m.name + " for the threads that existed at dlopen"));
        }
        long count = tlsCnt;
        long newDtv = space.malloc(reserved * (count + 1) * ps, 16);
        mem.mapObject(new Region(newDtv, reserved * (count + 1) * ps, (off, dst, dstOff, len) -> {
            long at = newDtv + off;
            Arrays.fill(dst, dstOff, dstOff + len, (byte) 0);
            long w0 = off / ps;
            long w1 = (off + len - 1) / ps;
            for (long w = w0; w <= w1; w++) {
                int num = (int) (w / (count + 1)) + 1;
                long i = w % (count + 1);
                SimThread th = threadsByNum.get(num);
                if (th == null || threadTls.get(th).createdSeq() > dlopenSeq) {
                    continue;
                }
                long v = i == 0 ? count : blockAddress(th, byId.get((int) i)) + dtpOffset;
                Words.overlay(at, dst, dstOff, len, newDtv + w * ps, ps, v, mem.order());
            }
        }, "DTVs installed by dlopen"));
        tlsDlopens.add(new TlsDlopen(dlopenSeq, count, newDtv, reserved));
    }

    @Override
    public void dlclosed(List<LoadedModule> removed) {
        // musl's dlclose unloads nothing; the process keeps the modules (see SimProcess).
    }

    // ---------------------------------------------------------------- access

    @Override
    public long access(SimThread t, LoadedModule m) {
        return tlsGetAddr(t, m);
    }

    @Override
    public long tlsGetAddr(SimThread t, LoadedModule m) {
        if (m.tlsModid == 0) {
            throw new TargetException(m.name + " has no TLS");
        }
        return blockAddress(t, m);
    }
}
