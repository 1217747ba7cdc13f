package dev.tldb.sim;

import dev.tldb.abi.Arch;
import dev.tldb.abi.TlsVariant;
import dev.tldb.elf.Elf;
import dev.tldb.memory.Region;
import dev.tldb.target.TargetException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * glibc's TLS machinery, re-enacted over simulated memory: what {@code rtld.c} ({@code init_tls}),
 * {@code csu/libc-tls.c} (static programs), {@code elf/dl-tls.c} ({@code _dl_assign_tls_modid},
 * {@code _dl_determine_tlsoffset}, {@code _dl_allocate_tls}, {@code _dl_add_to_slotinfo},
 * {@code _dl_update_slotinfo}, {@code __tls_get_addr}), {@code elf/dl-open.c},
 * {@code elf/dl-close.c} ({@code remove_slotinfo}) and {@code nptl/allocatestack.c} write, at the
 * offsets the C library's {@code _thread_db_*} descriptors give ({@link GlibcLayout}).
 *
 * <p>Like the C code, it reads its own structures back from memory (a DTV's generation, a slot's
 * map, a link map's {@code l_tls_offset}), so whatever a debugger wrote there is what the program
 * sees next. Its globals ({@code GL(dl_tls_generation)}, {@code GL(dl_tls_max_dtv_idx)}, the gap
 * flag, the static TLS sizes) have no descriptors and live in fields here.
 *
 * <p>Two quirks of glibc 2.36 reproduced because a reader sees them: at start-up
 * {@code init_tls} fills the slotinfo array from index 0 (for {@code _dl_determine_tlsoffset}) and
 * {@code _dl_add_to_slotinfo} then stores each module again at its module id with generation 1,
 * so slot 0 keeps a stale pointer to the first TLS module with generation 0; and a thread's DTV is
 * only brought up to the generation of the module it accesses, not to the global one.
 */
final class GlibcRuntime implements TlsRuntime {
    private static final long DTV_UNALLOCATED = -1;
    /** {@code DF_STATIC_TLS} in DT_FLAGS: the module uses initial-exec TLS and needs static TLS even when dlopen'ed. */
    private static final long DF_STATIC_TLS = 0x10;
    /** {@code _Alignof (max_align_t)}: larger TLS alignments make {@code allocate_dtv_entry} over-allocate. */
    private static final long MALLOC_ALIGN = 16;

    private final Arch arch;
    private final SimMemory mem;
    private final AddressSpace space;
    private final GlibcLayout lay;
    private final Symbols symbols;
    private final boolean staticProgram;
    private final int ps;
    private final int entry;

    // GL(...) and GLRO(...) variables of ld.so (no descriptors: libthread_db never reads them).
    private long generation;
    private long maxDtvIdx;
    private boolean dtvGaps;
    private long staticNelem;
    private long staticUsed;
    private long staticSize;
    private long staticAlign;

    /** The slotinfo list's chunks in memory: {address, len}. Chunks are only ever appended. */
    private final List<long[]> chunks = new ArrayList<>();
    private long stackUsedHead;
    private long stackUserHead;
    private long initialDtv;
    private final Map<Long, LoadedModule> byLinkMap = new HashMap<>();
    /** The link_map glibc uses for each module (a static program's is {@code _dl_main_map}). */
    private final Map<LoadedModule, Long> linkMapOf = new HashMap<>();
    private final List<LoadedModule> needStaticInit = new ArrayList<>();
    /** Modules with static TLS, for the blocks every thread's static area holds. Copy-on-write. */
    private volatile List<StaticBlock> staticBlocks = List.of();
    private DtvTemplate template;

    private record StaticBlock(long offset, TlsImage image) {}

    GlibcRuntime(Arch arch, SimMemory mem, AddressSpace space, GlibcLayout layout, Symbols symbols,
                 boolean staticProgram) {
        this.arch = arch;
        this.mem = mem;
        this.space = space;
        this.lay = layout;
        this.symbols = symbols;
        this.staticProgram = staticProgram;
        this.ps = layout.pointerSize();
        this.entry = layout.dtvEntrySize();
    }

    @Override
    public String describe() {
        return "glibc" + (staticProgram ? " (static program)" : "") + ", structures laid out from " + lay.source();
    }

    @Override
    public int linkMapSize() {
        return lay.linkMapSize();
    }

    private boolean isStaticOffset(long off) {
        return off != lay.noTlsOffset() && off != lay.forcedDynamicTlsOffset();
    }

    /** Where a module's static block starts for a thread: {@code tp - off} (variant II) or {@code tp + off} (I). */
    private long staticBlock(long tp, long off) {
        // td_thr_tlsbase: variant I is pd + off + TLS_PRE_TCB_SIZE, and pd = tp - TLS_PRE_TCB_SIZE.
        return lay.variant() == TlsVariant.II ? tp - off : tp + off;
    }

    // ---------------------------------------------------------------- module ids and offsets

    @Override
    public void assign(List<LoadedModule> added, boolean atStartup) {
        for (LoadedModule m : added) {
            m.tlsOffset = lay.noTlsOffset(); // dl-object.c: every new link_map starts without a TLS offset
        }
        if (atStartup && staticProgram) {
            assignStaticProgram(added.get(0));
        } else if (atStartup) {
            assignStartup(added);
        } else {
            for (LoadedModule m : added) {
                if (m.tls.isPresent()) {
                    m.tlsModid = assignModid(m);
                    if ((dynamicFlags(m) & DF_STATIC_TLS) != 0) {
                        tryAllocateStaticTls(m);
                    }
                }
            }
        }
        for (LoadedModule m : added) {
            if (m.tls.isPresent()) {
                byLinkMap.put(linkMapOf(m), m);
            }
        }
    }

    private long linkMapOf(LoadedModule m) {
        return linkMapOf.getOrDefault(m, m.lmAddress);
    }

    /** rtld.c: ids in load order, then {@code _dl_determine_tlsoffset} over them. */
    private void assignStartup(List<LoadedModule> initial) {
        List<TlsImage> blocks = new ArrayList<>();
        List<LoadedModule> withTls = new ArrayList<>();
        for (LoadedModule m : initial) {
            if (m.tls.isPresent()) {
                m.tlsModid = ++maxDtvIdx; // _dl_assign_tls_modid without gaps at start-up
                withTls.add(m);
                blocks.add(m.tls.get());
            }
        }
        StaticTlsLayout st = StaticTlsLayout.determine(blocks, lay.variant(), lay.tlsTcbSize(), lay.tcbAlignment(),
                GlibcLayout.STATIC_TLS_SURPLUS);
        for (int i = 0; i < withTls.size(); i++) {
            withTls.get(i).tlsOffset = st.offsets()[i];
        }
        staticUsed = st.used();
        staticSize = st.size();
        staticAlign = st.align();
        staticNelem = maxDtvIdx;
        List<StaticBlock> sb = new ArrayList<>();
        for (LoadedModule m : withTls) {
            sb.add(new StaticBlock(m.tlsOffset, m.tls.get()));
        }
        staticBlocks = List.copyOf(sb);
    }

    /** csu/libc-tls.c {@code __libc_setup_tls}: the executable is module 1, right against the TCB. */
    private void assignStaticProgram(LoadedModule exe) {
        maxDtvIdx = 1;
        staticNelem = 1;
        long memsz = 0, align = 0, maxAlign = lay.tcbAlignment();
        if (exe.tls.isPresent()) {
            memsz = exe.tls.get().blockSize();
            align = exe.tls.get().align();
            maxAlign = Math.max(maxAlign, align);
        }
        long a = align == 0 ? 1 : align;
        long off;
        long used;
        if (lay.variant() == TlsVariant.II) {
            off = StaticTlsLayout.roundup(memsz, a);
            used = off;
            staticSize = StaticTlsLayout.roundup(used + GlibcLayout.STATIC_TLS_SURPLUS, lay.tcbAlignment())
                    + lay.tlsTcbSize();
        } else {
            off = StaticTlsLayout.roundup(lay.tlsInitTcbSize(), a); // tcb_offset
            used = StaticTlsLayout.roundup(memsz, a) + off;
            staticSize = StaticTlsLayout.roundup(used + GlibcLayout.STATIC_TLS_SURPLUS, lay.tcbAlignment());
        }
        staticUsed = used;
        staticAlign = maxAlign;
        exe.tlsModid = 1;
        exe.tlsOffset = off;
        staticBlocks = exe.tls.isPresent() ? List.of(new StaticBlock(off, exe.tls.get())) : List.of();
        long mainMap = symbols.find("_dl_main_map").map(Symbols.At::address)
                .orElseGet(() -> space.malloc(lay.linkMapSize(), 16));
        if (symbols.find("_dl_main_map").isEmpty()) {
            mem.mapBytes(mainMap, new byte[lay.linkMapSize()], "link_map of " + exe.name);
        }
        linkMapOf.put(exe, mainMap);
    }

    /** elf/dl-tls.c {@code _dl_assign_tls_modid}: the lowest free slot above the static ones when dlclose left gaps. */
    private long assignModid(LoadedModule l) {
        if (dtvGaps) {
            long disp = 0;
            long result = staticNelem + 1;
            if (result <= maxDtvIdx) {
                for (long[] runp : chunks) {
                    while (result - disp < runp[1]) {
                        if (slotMap(runp, result - disp) == 0) {
                            break;
                        }
                        ++result;
                    }
                    if (result - disp < runp[1]) {
                        // Mark the entry as used, so any dependency see it.
                        mem.writeWord(slotAddress(runp, result - disp) + lay.slotMap(), linkMapOf(l));
                        break;
                    }
                    disp += runp[1];
                }
            }
            if (result > maxDtvIdx) {
                dtvGaps = false; // there is no gap any more: the new index is one past the old highest
                result = ++maxDtvIdx;
            }
            return result;
        }
        return ++maxDtvIdx;
    }

    /** elf/dl-reloc.c {@code _dl_try_allocate_static_tls} for an initial-exec module loaded by dlopen. */
    private void tryAllocateStaticTls(LoadedModule m) {
        TlsImage t = m.tls.orElseThrow();
        if (t.align() > staticAlign) {
            throw new TargetException("cannot allocate memory in static TLS block for " + m.name
                    + " (its TLS alignment " + t.align() + " exceeds the static TLS alignment " + staticAlign + ")");
        }
        long offset;
        if (lay.variant() == TlsVariant.II) {
            long freebytes = staticSize - staticUsed;
            long blsize = t.blockSize() + t.firstByte();
            if (freebytes < lay.tlsTcbSize() || freebytes - lay.tlsTcbSize() < blsize) {
                throw new TargetException("cannot allocate memory in static TLS block for " + m.name);
            }
            freebytes -= lay.tlsTcbSize();
            long n = (freebytes - blsize) / t.align();
            long use = freebytes - n * t.align() - t.firstByte();
            offset = staticUsed + use;
            staticUsed = offset;
        } else {
            offset = Words.alignUp(staticUsed - t.firstByte(), t.align()) + t.firstByte();
            long used = offset + t.blockSize();
            if (used > staticSize) {
                throw new TargetException("cannot allocate memory in static TLS block for " + m.name);
            }
            staticUsed = used;
        }
        m.tlsOffset = offset;
        needStaticInit.add(m);
    }

    private static long dynamicFlags(LoadedModule m) {
        long flags = 0;
        for (var e : m.elf.dynamic()) {
            if (e.tag() == Elf.DT_FLAGS) {
                flags |= e.value();
            }
        }
        return flags;
    }

    @Override
    public void linkMapFields(LoadedModule m, byte[] lm) {
        Words.put(lm, lay.linkMapModid(), ps, m.tlsModid, mem.order());
        Words.put(lm, lay.linkMapTlsOffset(), ps, m.tlsOffset, mem.order());
    }

    // ---------------------------------------------------------------- the slotinfo list

    private long slotAddress(long[] chunk, long idx) {
        return chunk[0] + lay.slotListSlotinfo() + idx * lay.slotinfoSize();
    }

    private long slotMap(long[] chunk, long idx) {
        return mem.readWord(slotAddress(chunk, idx) + lay.slotMap());
    }

    /** The chunk holding {@code modid} and the index in it, or null past the end of the list. */
    private long[] slotOf(long modid) {
        long idx = modid;
        for (long[] c : chunks) {
            if (idx < c[1]) {
                return new long[] {c[0], c[1], idx};
            }
            idx -= c[1];
        }
        return null;
    }

    private long slotGen(long modid) {
        long[] s = slotOf(modid);
        return s == null ? 0 : mem.readWord(slotAddress(s, s[2]) + lay.slotGen());
    }

    private long slotMapOf(long modid) {
        long[] s = slotOf(modid);
        return s == null ? 0 : mem.readWord(slotAddress(s, s[2]) + lay.slotMap());
    }

    /** A new chunk of {@code len} slots (zeroed, as calloc or the memset after malloc). */
    private long[] newChunk(long len, byte[] initial) {
        long size = lay.slotListSlotinfo() + len * lay.slotinfoSize();
        long addr = space.malloc(size, 16);
        byte[] bytes = initial != null ? initial : new byte[(int) size];
        Words.put(bytes, lay.slotListLen(), ps, len, mem.order());
        mem.mapBytes(addr, bytes, "dtv_slotinfo_list");
        long[] c = {addr, len};
        chunks.add(c);
        return c;
    }

    /** elf/dl-tls.c {@code _dl_add_to_slotinfo (l, true)}: the module's slot gets the next generation. */
    private void addToSlotinfo(LoadedModule l) {
        long idx = l.tlsModid;
        long[] prev = null;
        long[] found = null;
        for (long[] c : chunks) {
            if (idx < c[1]) {
                found = c;
                break;
            }
            idx -= c[1];
            prev = c;
        }
        if (found == null) {
            found = newChunk(GlibcLayout.TLS_SLOTINFO_SURPLUS, null);
            mem.writeWord(prev[0] + lay.slotListNext(), found[0]);
        }
        long slot = slotAddress(found, idx);
        mem.writeWord(slot + lay.slotMap(), linkMapOf(l));
        mem.writeWord(slot + lay.slotGen(), generation + 1);
    }

    /**
     * elf/dl-close.c {@code remove_slotinfo}: the slot is emptied with the next generation; if it
     * was the highest in use, the highest index goes down to the next used one, else there is a gap.
     */
    private boolean removeSlotinfo(long idx, int chunk, long disp, boolean shouldBeThere) {
        long[] listp = chunks.get(chunk);
        if (idx - disp >= listp[1]) {
            if (chunk + 1 >= chunks.size()) {
                return false; // closed before it was fully set up
            }
            if (removeSlotinfo(idx, chunk + 1, disp + listp[1], shouldBeThere)) {
                return true;
            }
            idx = disp + listp[1]; // no used entry in later chunks: search down from the end of this one
        } else {
            long slot = slotAddress(listp, idx - disp);
            if (mem.readWord(slot + lay.slotMap()) != 0) {
                mem.writeWord(slot + lay.slotGen(), generation + 1);
                mem.writeWord(slot + lay.slotMap(), 0);
            }
            if (idx != maxDtvIdx) {
                dtvGaps = true; // an unused entry in the middle
                return true;
            }
        }
        while (idx - disp > (disp == 0 ? 1 + staticNelem : 0)) {
            --idx;
            if (mem.readWord(slotAddress(listp, idx - disp) + lay.slotMap()) != 0) {
                maxDtvIdx = idx;
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- start-up

    @Override
    public void startup(List<LoadedModule> initial, SimThread main) {
        long rtld;
        if (staticProgram) {
            LoadedModule exe = initial.get(0);
            // csu/libc-tls.c init_slotinfo: a static array as long as _dl_static_dtv, module 1 in slot 1, generation 0.
            long len = GlibcLayout.STATIC_DTV_ELEMENTS;
            long size = lay.slotListSlotinfo() + len * lay.slotinfoSize();
            Optional<Symbols.At> st = symbols.find("static_slotinfo").filter(s -> s.size() >= size);
            long[] c;
            if (st.isPresent()) {
                c = new long[] {st.get().address(), len};
                chunks.add(c);
                mem.writeWord(c[0] + lay.slotListLen(), len);
            } else {
                c = newChunk(len, null);
            }
            if (exe.tls.isPresent()) {
                mem.writeWord(slotAddress(c, 1) + lay.slotMap(), linkMapOf(exe));
            }
            writeVariable("_dl_tls_dtv_slotinfo_list", c[0]);
            long mainMap = linkMapOf(exe);
            mem.writeWord(mainMap + lay.linkMapModid(), exe.tlsModid);
            mem.writeWord(mainMap + lay.linkMapTlsOffset(), exe.tlsOffset);
            stackUsedHead = symbols.find("_dl_stack_used").map(Symbols.At::address).orElseGet(() -> listHead("_dl_stack_used"));
            stackUserHead = symbols.find("_dl_stack_user").map(Symbols.At::address).orElseGet(() -> listHead("_dl_stack_user"));
        } else {
            // rtld.c init_tls: one chunk with room for 62 more modules, filled from index 0 ...
            long nelem = maxDtvIdx + 1 + GlibcLayout.TLS_SLOTINFO_SURPLUS;
            byte[] bytes = new byte[(int) (lay.slotListSlotinfo() + nelem * lay.slotinfoSize())];
            int i = 0;
            for (LoadedModule m : initial) {
                if (m.tls.isPresent()) {
                    Words.put(bytes, (int) (lay.slotListSlotinfo() + i * (long) lay.slotinfoSize() + lay.slotMap()), ps,
                            linkMapOf(m), mem.order());
                    i++;
                }
            }
            newChunk(nelem, bytes);
            // ... then, after relocation, _dl_add_to_slotinfo stores each at its module id with generation 1.
            for (LoadedModule m : initial) {
                if (m.tls.isPresent()) {
                    addToSlotinfo(m);
                }
            }
            if (maxDtvIdx > 0) {
                ++generation;
            }
            Optional<Symbols.At> rg = symbols.find("_rtld_global");
            if (rg.isPresent()) {
                rtld = rg.get().address();
            } else {
                rtld = space.malloc(lay.rtldGlobalSize(), 64); // no ld.so found: glibc's globals still live somewhere
                mem.mapBytes(rtld, new byte[lay.rtldGlobalSize()], "_rtld_global (no ld.so found)");
            }
            mem.writeWord(rtld + lay.rtldSlotinfoList(), chunks.get(0)[0]);
            stackUsedHead = rtld + lay.rtldStackUsed();
            stackUserHead = rtld + lay.rtldStackUser();
            writeVariable("__nptl_rtld_global", rtld);
        }
        initListHead(stackUsedHead);
        initListHead(stackUserHead);
        allocateMainThread(initial.get(0), main);
    }

    private long listHead(String what) {
        long a = space.malloc(2L * ps, 16);
        mem.mapBytes(a, new byte[2 * ps], what);
        return a;
    }

    private void initListHead(long head) {
        mem.writeWord(head + lay.listNext(), head);
        mem.writeWord(head + lay.listPrev(), head);
    }

    private void writeVariable(String name, long value) {
        symbols.find(name).ifPresent(s -> mem.writeWord(s.address(), value));
    }

    /** The main thread: {@code _dl_allocate_tls_storage} (or libc-tls.c's block), its DTV, {@code dl_stack_user}. */
    private void allocateMainThread(LoadedModule exe, SimThread main) {
        long tcb;
        long objStart;
        long objSize;
        if (staticProgram) {
            long memsz = exe.tls.map(TlsImage::blockSize).orElse(0L);
            long align = exe.tls.map(TlsImage::align).orElse(1L);
            long maxAlign = Math.max(lay.tcbAlignment(), align);
            long block;
            if (lay.variant() == TlsVariant.II) {
                long tcbOffset = StaticTlsLayout.roundup(memsz + GlibcLayout.STATIC_TLS_SURPLUS, maxAlign);
                objSize = tcbOffset + lay.tlsInitTcbSize() + maxAlign;
                objStart = space.malloc(objSize, 16);
                block = Words.alignUp(objStart, maxAlign);
                tcb = block + tcbOffset;
            } else {
                long tcbOffset = StaticTlsLayout.roundup(lay.tlsInitTcbSize(), align);
                objSize = tcbOffset + memsz + maxAlign + lay.tlsPreTcbSize() + GlibcLayout.STATIC_TLS_SURPLUS;
                objStart = space.malloc(objSize, 16);
                tcb = Words.alignUp(objStart + lay.tlsPreTcbSize(), maxAlign);
            }
        } else {
            // _dl_allocate_tls_storage: malloc (size + alignment + sizeof (void *)), then align.
            long size = staticSize + (lay.variant() == TlsVariant.I ? lay.tlsPreTcbSize() : 0);
            objSize = size + staticAlign + ps;
            objStart = space.malloc(objSize, 16);
            if (lay.variant() == TlsVariant.II) {
                tcb = Words.alignUp(objStart, staticAlign) + size - lay.tlsTcbSize();
            } else {
                tcb = Words.alignUp(ps + lay.tlsPreTcbSize() + objStart, staticAlign);
            }
        }
        main.tp = tcb;
        main.pd = tcb + lay.pdBias();
        long dtvArray;
        long length;
        if (staticProgram) {
            length = GlibcLayout.STATIC_DTV_ELEMENTS - 2;
            Optional<Symbols.At> sd = symbols.find("_dl_static_dtv");
            dtvArray = sd.isPresent() ? sd.get().address() : space.malloc((length + 2) * entry, 16);
        } else {
            length = maxDtvIdx + GlibcLayout.DTV_SURPLUS;
            dtvArray = space.malloc((length + 2) * entry, 16);
        }
        mapDtv(main, dtvArray, length, currentTemplate());
        initialDtv = main.dtv;
        mapThreadArea(main, objStart, objSize, stackUserHead);
        // The initial thread runs on the process stack, near the top of the address space.
        long stackSize = 8L << 20;
        main.stackHigh = space.plan().stackTop();
        main.stackLow = main.stackHigh - stackSize;
        mem.mapSegment(new Region(main.stackLow, stackSize, Region.zeros(), "[stack]"));
    }

    // ---------------------------------------------------------------- threads

    @Override
    public void createThread(SimThread t, long stackSize) {
        long forStack = StaticTlsLayout.roundup(staticSize, staticAlign); // __nptl_tls_static_size_for_stack
        long page = space.plan().pageSize();
        long size = Words.alignUp(Math.max(stackSize, forStack + 4 * page), page);
        long mem0 = space.mmap(size, page);
        long pd;
        if (lay.variant() == TlsVariant.II) {
            pd = Words.alignDown(mem0 + size - lay.tlsTcbSize(), staticAlign);
            t.stackHigh = pd + lay.tlsTcbSize() - forStack;
        } else {
            pd = Words.alignDown(mem0 + size - forStack, staticAlign) - lay.tlsPreTcbSize();
            t.stackHigh = pd;
        }
        t.stackLow = mem0;
        t.pd = pd;
        t.tp = pd - lay.pdBias();
        long length = maxDtvIdx + GlibcLayout.DTV_SURPLUS; // allocate_dtv
        long dtvArray = space.malloc((length + 2) * entry, 16);
        mapDtv(t, dtvArray, length, currentTemplate());
        mapThreadArea(t, mem0, size, stackUsedHead);
    }

    /**
     * Maps the thread's TCB/static-TLS memory as a generated object (zeros, the struct pthread
     * fields libthread_db reads, the static blocks' init images) and links the thread at the head
     * of {@code list} as {@code list_add} does.
     */
    private void mapThreadArea(SimThread t, long start, long size, long listHead) {
        long listAt = t.pd + lay.pthreadList();
        long oldFirst = mem.readWord(listHead + lay.listNext());
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(lay.pthreadDtvp(), ps, t.dtv));
        fields.add(new Field(lay.pthreadTid(), lay.pthreadTidSize(), t.lwp));
        fields.add(new Field(lay.pthreadList() + lay.listNext(), ps, oldFirst));
        fields.add(new Field(lay.pthreadList() + lay.listPrev(), ps, listHead));
        if (arch == Arch.X86_64) {
            fields.add(new Field(0, ps, t.tp)); // tcbhead_t.tcb
            fields.add(new Field(2L * ps, ps, t.pd)); // tcbhead_t.self
        }
        Field[] f = fields.toArray(new Field[0]);
        long pd = t.pd;
        long tp = t.tp;
        mem.mapObject(new Region(start, size, (off, dst, dstOff, len) -> {
            long at = start + off;
            Arrays.fill(dst, dstOff, dstOff + len, (byte) 0);
            for (StaticBlock b : staticBlocks) {
                long blockStart = staticBlock(tp, b.offset());
                long from = Math.max(at, blockStart);
                long to = Math.min(at + len, blockStart + b.image().blockSize());
                if (from < to) {
                    b.image().initialBytes(from - blockStart, dst, dstOff + (int) (from - at), (int) (to - from));
                }
            }
            for (Field x : f) {
                Words.overlay(at, dst, dstOff, len, pd + x.offset(), x.size(), x.value(), mem.order());
            }
        }, "thread " + t.name + " (stack, struct pthread, static TLS)"));
        t.ownedObjects.add(start);
        // list_add (&pd->list, head): the old first element and the head now point at us.
        mem.writeWord(oldFirst + lay.listPrev(), listAt);
        mem.writeWord(listHead + lay.listNext(), listAt);
    }

    @Override
    public void exitThread(SimThread t) {
        // __nptl_stack_list_del: unlink from dl_stack_used / dl_stack_user.
        long listAt = t.pd + lay.pthreadList();
        long next = mem.readWord(listAt + lay.listNext());
        long prev = mem.readWord(listAt + lay.listPrev());
        mem.writeWord(prev + lay.listNext(), next);
        mem.writeWord(next + lay.listPrev(), prev);
        for (long o : t.ownedObjects) {
            mem.unmapObject(o);
        }
        t.ownedObjects.clear();
    }

    // ---------------------------------------------------------------- DTVs

    /** What {@code _dl_allocate_tls_init} puts in a new thread's DTV, shared by all threads created alike. */
    private record DtvTemplate(long gen, long[] kind) {
        static final long EMPTY = Long.MIN_VALUE, UNALLOCATED = Long.MIN_VALUE + 1;

        long slot(long modid) {
            return modid < kind.length ? kind[(int) modid] : EMPTY;
        }
    }

    private DtvTemplate currentTemplate() {
        if (template != null) {
            return template;
        }
        long[] kind = new long[(int) maxDtvIdx + 1];
        Arrays.fill(kind, DtvTemplate.EMPTY);
        long maxgen = 0;
        long total = 0;
        for (long[] c : chunks) {
            long cnt;
            for (cnt = total == 0 ? 1 : 0; cnt < c[1]; ++cnt) {
                if (total + cnt > maxDtvIdx) {
                    break;
                }
                long slot = slotAddress(c, cnt);
                long map = mem.readWord(slot + lay.slotMap());
                if (map == 0) {
                    continue;
                }
                maxgen = Math.max(maxgen, mem.readWord(slot + lay.slotGen()));
                long off = mem.readWord(map + lay.linkMapTlsOffset());
                kind[(int) (total + cnt)] = isStaticOffset(off) ? off : DtvTemplate.UNALLOCATED;
            }
            total += cnt;
            if (total > maxDtvIdx) {
                break;
            }
        }
        template = new DtvTemplate(maxgen, kind);
        return template;
    }

    /**
     * Maps a DTV array (element -1 is its length, element 0 its generation) generated from a
     * template and the thread's TP, and installs it: the TCB points at element 0.
     */
    private void mapDtv(SimThread t, long array, long length, DtvTemplate tpl) {
        long tp = t.tp;
        long size = (length + 2) * entry;
        int valOff = 0;
        mem.mapObject(new Region(array, size, (off, dst, dstOff, len) -> {
            long at = array + off;
            Arrays.fill(dst, dstOff, dstOff + len, (byte) 0);
            long first = off / entry;
            long last = (off + len - 1) / entry;
            for (long j = first; j <= last; j++) {
                long e = array + j * entry;
                if (j == 0) {
                    Words.overlay(at, dst, dstOff, len, e, ps, length, mem.order());
                } else if (j == 1) {
                    Words.overlay(at, dst, dstOff, len, e, ps, tpl.gen(), mem.order());
                } else {
                    long k = tpl.slot(j - 1);
                    if (k == DtvTemplate.UNALLOCATED) {
                        Words.overlay(at, dst, dstOff, len, e + valOff, ps, DTV_UNALLOCATED, mem.order());
                    } else if (k != DtvTemplate.EMPTY) {
                        Words.overlay(at, dst, dstOff, len, e + valOff, ps, staticBlock(tp, k), mem.order());
                    }
                }
            }
        }, "DTV of thread " + t.name));
        t.ownedObjects.add(array);
        t.dtv = array + entry;
        if (t.pd != 0 && mem.isMapped(t.pd + lay.pthreadDtvp(), ps)) {
            mem.writeWord(t.pd + lay.pthreadDtvp(), t.dtv); // INSTALL_DTV on a thread that already exists
        }
    }

    private long dtvOf(SimThread t) {
        return mem.readWord(t.pd + lay.pthreadDtvp());
    }

    private long entryAddress(long dtv, long modid) {
        return dtv + modid * entry;
    }

    /** {@code _dl_resize_dtv}: a longer copy; the initial DTV is abandoned, any other freed. Returns {@code &new[1]}. */
    private long resizeDtv(SimThread t, long dtv, long maxModid) {
        long newsize = maxModid + GlibcLayout.DTV_SURPLUS;
        long oldsize = mem.readWord(dtv - entry);
        byte[] bytes = new byte[(int) ((2 + newsize) * entry)];
        byte[] old = mem.readFully(dtv - entry, (int) ((2 + oldsize) * entry));
        System.arraycopy(old, 0, bytes, 0, old.length);
        Words.put(bytes, 0, ps, newsize, mem.order());
        long array = space.malloc(bytes.length, 16);
        mem.mapBytes(array, bytes, "DTV of thread " + t.name);
        t.ownedObjects.add(array);
        if (dtv != initialDtv) {
            free(t, dtv - entry);
        }
        long newDtv = array + entry;
        mem.writeWord(t.pd + lay.pthreadDtvp(), newDtv); // INSTALL_NEW_DTV
        t.dtv = newDtv;
        return newDtv;
    }

    private void free(SimThread t, long pointer) {
        if (pointer != 0 && t.ownedObjects.remove(Long.valueOf(pointer))) {
            mem.unmapObject(pointer);
        }
    }

    /** elf/dl-tls.c {@code _dl_update_slotinfo}: bring the DTV up to the generation of {@code reqModid}'s slot. */
    private long updateSlotinfo(SimThread t, long reqModid) {
        long theMap = 0;
        long dtv = dtvOf(t);
        long dtvGen = mem.readWord(dtv);
        long newGen = slotGen(reqModid);
        if (dtvGen < newGen) {
            long total = 0;
            long maxModid = maxDtvIdx;
            outer:
            for (long[] c : chunks) {
                for (long cnt = total == 0 ? 1 : 0; cnt < c[1]; ++cnt) {
                    long modid = total + cnt;
                    if (modid > maxModid) {
                        break;
                    }
                    long slot = slotAddress(c, cnt);
                    long gen = mem.readWord(slot + lay.slotGen());
                    if (gen > newGen || gen <= dtvGen) {
                        continue; // not relevant yet, or already handled by this DTV
                    }
                    long map = mem.readWord(slot + lay.slotMap());
                    if (mem.readWord(dtv - entry) < modid) {
                        if (map == 0) {
                            continue;
                        }
                        dtv = resizeDtv(t, dtv, maxModid);
                    }
                    long e = entryAddress(dtv, modid);
                    free(t, mem.readWord(e + ps)); // to_free
                    mem.writeWord(e, DTV_UNALLOCATED);
                    mem.writeWord(e + ps, 0);
                    if (modid == reqModid) {
                        theMap = map;
                    }
                }
                total += c[1];
                if (total > maxModid) {
                    break outer;
                }
            }
            mem.writeWord(dtv, newGen);
        }
        return theMap;
    }

    @Override
    public long tlsGetAddr(SimThread t, LoadedModule m) {
        long modid = m.tlsModid;
        long dtv = dtvOf(t);
        long theMap = 0;
        boolean updated = false;
        if (mem.readWord(dtv) != generation) {
            theMap = updateSlotinfo(t, modid);
            dtv = dtvOf(t);
            updated = true;
        }
        long p = mem.readWord(entryAddress(dtv, modid));
        if (p == DTV_UNALLOCATED) {
            return tlsGetAddrTail(t, modid, dtv, updated ? theMap : 0);
        }
        return p;
    }

    /** {@code tls_get_addr_tail}: use the static block if the module has one, else allocate and initialise a block. */
    private long tlsGetAddrTail(SimThread t, long modid, long dtv, long theMap) {
        if (theMap == 0) {
            theMap = slotMapOf(modid);
        }
        LoadedModule m = byLinkMap.get(theMap);
        if (m == null) {
            throw new IllegalStateException("TLS module " + modid + " has no module in the simulation");
        }
        long e = entryAddress(dtv, modid);
        long off = mem.readWord(theMap + lay.linkMapTlsOffset());
        if (off != lay.forcedDynamicTlsOffset()) {
            if (off == lay.noTlsOffset()) {
                mem.writeWord(theMap + lay.linkMapTlsOffset(), lay.forcedDynamicTlsOffset());
                m.tlsOffset = lay.forcedDynamicTlsOffset();
            } else {
                long p = staticBlock(t.tp, off);
                mem.writeWord(e + ps, 0);
                mem.writeWord(e, p);
                return p;
            }
        }
        // allocate_dtv_entry + allocate_and_init
        TlsImage img = m.tls.orElseThrow();
        long toFree;
        long val;
        long allocSize;
        if (Long.bitCount(img.align()) == 1 && img.align() <= MALLOC_ALIGN) {
            allocSize = img.blockSize();
            toFree = val = space.malloc(allocSize, MALLOC_ALIGN);
        } else {
            allocSize = img.blockSize() + img.align();
            toFree = space.malloc(allocSize, MALLOC_ALIGN);
            val = StaticTlsLayout.roundup(toFree, img.align());
        }
        long start = toFree;
        long blockVal = val;
        mem.mapObject(new Region(start, allocSize, (o, dst, dstOff, len) -> {
            long at = start + o;
            Arrays.fill(dst, dstOff, dstOff + len, (byte) 0);
            long from = Math.max(at, blockVal);
            long to = Math.min(at + len, blockVal + img.blockSize());
            if (from < to) {
                img.initialBytes(from - blockVal, dst, dstOff + (int) (from - at), (int) (to - from));
            }
        }, "TLS block of " + m.name + " in thread " + t.name));
        t.ownedObjects.add(start);
        mem.writeWord(e, val);
        mem.writeWord(e + ps, toFree);
        return val;
    }

    @Override
    public long access(SimThread t, LoadedModule m) {
        if (m.main && isStaticOffset(m.tlsOffset)) {
            return staticBlock(t.tp, m.tlsOffset); // local-exec code: no DTV involved
        }
        return tlsGetAddr(t, m);
    }

    // ---------------------------------------------------------------- dlopen / dlclose

    @Override
    public void dlopened(List<LoadedModule> added, SimThread caller) {
        boolean anyTls = false;
        for (LoadedModule m : added) {
            if (m.tls.isPresent()) {
                addToSlotinfo(m); // update_tls_slotinfo
                anyTls = true;
            }
        }
        if (anyTls) {
            ++generation;
            template = null;
        }
        // The second pass for initial-exec modules: the caller's DTV catches up, every thread gets the image.
        for (LoadedModule m : List.copyOf(needStaticInit)) {
            if (added.contains(m)) {
                needStaticInit.remove(m);
                updateSlotinfo(caller, m.tlsModid);
                List<StaticBlock> sb = new ArrayList<>(staticBlocks);
                sb.add(new StaticBlock(m.tlsOffset, m.tls.orElseThrow()));
                staticBlocks = List.copyOf(sb);
            }
        }
    }

    @Override
    public void dlclosed(List<LoadedModule> removed) {
        boolean anyTls = false;
        for (LoadedModule m : removed) {
            if (m.tls.isPresent() && m.tlsModid > 0) {
                anyTls = true;
                if (!removeSlotinfo(m.tlsModid, 0, 0, true)) {
                    maxDtvIdx = staticNelem;
                }
                byLinkMap.remove(linkMapOf(m));
            }
        }
        if (anyTls) {
            ++generation;
            template = null;
        }
    }
}
