package dev.tldb.threaddb;

import dev.tldb.abi.Abi;
import dev.tldb.abi.Arch;
import dev.tldb.abi.Registers;
import dev.tldb.elf.Segment;
import dev.tldb.target.Module;
import dev.tldb.target.TdError;
import dev.tldb.target.Target;
import dev.tldb.target.ThreadInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * glibc's libthread_db semantics ({@code nptl_db}), read from process memory.
 *
 * <p>With the {@code _thread_db_*} descriptors that glibc exports (from libc.so.6, or from a static
 * program), it follows {@code td_thr_tlsbase} exactly: find the module's slot in
 * {@code _dl_tls_dtv_slotinfo_list}, compare the slot's generation with the thread's DTV
 * generation, take the DTV entry, and fall back to static TLS through {@code l_tls_offset} when
 * the DTV is stale or the entry unallocated. Without descriptors (libc not found on this host) it
 * falls back to the ABI's DTV layout alone and says so.
 */
final class GlibcThreadDb implements ThreadDb {
    private static final int MAX_WALK = 1 << 20;

    private final Target process;
    private final Abi abi;
    private final ProcessMemory mem;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private volatile Layout layout;
    private volatile int layoutTriedWithModules = -1;

    /** The descriptors td_thr_tlsbase and td_ta_thr_iter need, and where they came from. */
    private record Layout(
            String source,
            ProcessSymbols symbols,
            Descriptor pthreadDtvp,
            Descriptor dtvDtv,
            Descriptor dtvPointerVal,
            Descriptor dtvCounter,
            Descriptor linkMapModid,
            Descriptor linkMapTlsOffset,
            Descriptor slotinfoListLen,
            Descriptor slotinfoListNext,
            Descriptor slotinfoListSlotinfo,
            Descriptor slotinfoGen,
            Descriptor slotinfoMap,
            Optional<Descriptor> rtldSlotinfoList,
            Optional<Descriptor> rtldStackUser,
            Optional<Descriptor> rtldStackUsed,
            Optional<Descriptor> pthreadList,
            Optional<Descriptor> pthreadTid,
            Optional<Descriptor> listNext,
            long descriptorBias) {}

    GlibcThreadDb(Target process, Abi abi) {
        this.process = process;
        this.abi = abi;
        this.mem = new ProcessMemory(process, abi);
    }

    @Override
    public String describe() {
        Layout l = layout(process.modules());
        return l == null ? "glibc, DTV layout from the " + abi.arch().gdbName() + " ABI (no _thread_db_* descriptors found)"
                : "glibc, layout from " + l.source() + "'s _thread_db_* descriptors";
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private Layout layout(List<Module> modules) {
        Layout l = layout;
        if (l != null || layoutTriedWithModules == modules.size()) {
            return l;
        }
        synchronized (this) {
            if (layout == null && layoutTriedWithModules != modules.size()) {
                layout = resolve(new ProcessSymbols(modules));
                layoutTriedWithModules = modules.size();
                if (layout == null && modules.stream().anyMatch(m -> m.elf().isPresent())) {
                    warn("glibc's _thread_db_* descriptors were not found (libc not on this host, or a static program "
                            + "without threads): TLS is read through the " + abi.arch().gdbName()
                            + " ABI's DTV layout, without generation checks");
                }
            }
            return layout;
        }
    }

    private Layout resolve(ProcessSymbols s) {
        Optional<Descriptor> dtvp = s.descriptor("pthread_dtvp"), dtv = s.descriptor("dtv_dtv"),
                val = s.descriptor("dtv_t_pointer_val"), counter = s.descriptor("dtv_t_counter"),
                modid = s.descriptor("link_map_l_tls_modid"), tlsOff = s.descriptor("link_map_l_tls_offset"),
                len = s.descriptor("dtv_slotinfo_list_len"), next = s.descriptor("dtv_slotinfo_list_next"),
                slotinfo = s.descriptor("dtv_slotinfo_list_slotinfo"), gen = s.descriptor("dtv_slotinfo_gen"),
                map = s.descriptor("dtv_slotinfo_map");
        for (Optional<Descriptor> d : List.of(dtvp, dtv, val, counter, modid, tlsOff, len, next, slotinfo, gen, map)) {
            if (d.isEmpty()) {
                return null;
            }
        }
        String source = s.lookup("_thread_db_pthread_dtvp").map(f -> f.module().shortName()).orElse("?");
        long bias = 0;
        Optional<Descriptor> reg = s.descriptor(abi.pointerSize() == 8 ? "register64" : "register32");
        Optional<Integer> constArea = s.constant("const_thread_area");
        if (reg.isPresent()) {
            bias = reg.get().nelem(); // REGISTER(bits, size, regofs, bias): nelem holds the bias
        } else if (constArea.isPresent() && abi.arch() == Arch.AARCH64) {
            bias = -(long) constArea.get(); // ps_get_thread_area on aarch64: tpidr - idx
        }
        return new Layout(source, s, dtvp.get(), dtv.get(), val.get(), counter.get(), modid.get(), tlsOff.get(),
                len.get(), next.get(), slotinfo.get(), gen.get(), map.get(),
                s.descriptor("rtld_global__dl_tls_dtv_slotinfo_list"), s.descriptor("rtld_global__dl_stack_user"),
                s.descriptor("rtld_global__dl_stack_used"), s.descriptor("pthread_list"), s.descriptor("pthread_tid"),
                s.descriptor("list_t_next"), bias);
    }

    private void warn(String w) {
        if (!warnings.contains(w)) {
            warnings.add(w);
        }
    }

    // ---------------------------------------------------------------- threads

    @Override
    public ThreadHandle mapLwp(ThreadInfo thread) {
        Registers regs = process.registers(thread);
        Optional<Long> tp = abi.arch().threadPointer(regs);
        Layout l = layout(process.modules());
        if (tp.isPresent()) {
            long pd = l == null ? 0 : tp.get() + l.descriptorBias();
            if (l != null && pd + l.pthreadDtvp().offset() != abi.dtvPointerAddress(tp.get())) {
                warn("glibc's descriptors place the DTV pointer at 0x" + Long.toHexString(pd + l.pthreadDtvp().offset())
                        + " but the " + abi.arch().gdbName() + " ABI at 0x"
                        + Long.toHexString(abi.dtvPointerAddress(tp.get())) + "; following glibc");
            }
            return new ThreadHandle(thread.lwp(), pd, tp.get());
        }
        // No thread pointer in the registers (qemu-user's aarch64 cores): find the thread in glibc's lists.
        for (ThreadHandle h : iterate()) {
            if (h.lwp() == thread.lwp()) {
                return h;
            }
        }
        throw new TdException(TdError.TD_NOTHR, "the registers of LWP " + thread.lwp()
                + " hold no thread pointer and glibc's thread lists do not name it");
    }

    @Override
    public List<ThreadHandle> iterate() {
        Layout l = layout(process.modules());
        if (l == null || l.pthreadList().isEmpty() || l.pthreadTid().isEmpty() || l.listNext().isEmpty()) {
            return List.of();
        }
        List<Long> heads = new ArrayList<>();
        Optional<ProcessSymbols.Found> rtldPtr = l.symbols().lookup("__nptl_rtld_global");
        if (rtldPtr.isPresent() && l.rtldStackUser().isPresent() && l.rtldStackUsed().isPresent()) {
            long rtld = mem.pointer(rtldPtr.get().address(), "__nptl_rtld_global");
            heads.add(rtld + l.rtldStackUser().get().offset());
            heads.add(rtld + l.rtldStackUsed().get().offset());
        } else {
            for (String name : List.of("_dl_stack_user", "_dl_stack_used", "__stack_user", "stack_used")) {
                l.symbols().lookup(name).ifPresent(f -> heads.add(f.address()));
            }
        }
        List<ThreadHandle> out = new ArrayList<>();
        long listOff = l.pthreadList().get().offset();
        for (long head : heads) {
            long next = mem.field(head, l.listNext().get(), "list_t.next");
            int steps = 0;
            while (next != head && next != 0) {
                if (++steps > MAX_WALK) {
                    throw new TdException(TdError.TD_DBERR, "glibc's thread list at 0x" + Long.toHexString(head)
                            + " does not come back to its head (corrupt or cyclic)");
                }
                long pd = next - listOff;
                long tid = mem.field(pd, l.pthreadTid().get(), "struct pthread.tid");
                out.add(new ThreadHandle((int) tid, pd, pd - l.descriptorBias()));
                next = mem.field(next, l.listNext().get(), "list_t.next");
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- modules

    @Override
    public OptionalLong moduleId(Module module, List<Module> all) {
        if (module.elf().isPresent() && module.elf().get().tlsSegment().isEmpty()) {
            return OptionalLong.empty();
        }
        if (module.lmAddress() == 0) {
            // No link_map (a static program, or gdbserver's lm == 0): the executable is module 1.
            return module.isMainProgram() ? OptionalLong.of(1) : OptionalLong.empty();
        }
        Layout l = layout(all);
        if (l != null) {
            long id = mem.field(module.lmAddress(), l.linkMapModid(), "link_map.l_tls_modid of " + module.shortName());
            return id == 0 ? OptionalLong.empty() : OptionalLong.of(id);
        }
        return LoadOrder.moduleId(module, all);
    }

    // ---------------------------------------------------------------- TLS

    @Override
    public long tlsBase(ThreadHandle th, long modid, List<Module> all) {
        if (modid < 1) {
            throw new TdException(TdError.TD_NOTLS, "module id " + modid);
        }
        Layout l = layout(all);
        return l == null ? abiTlsBase(th, modid) : glibcTlsBase(l, th, modid);
    }

    /** td_thr_tlsbase, step by step. */
    private long glibcTlsBase(Layout l, ThreadHandle th, long modid) {
        long entry = slotinfoEntry(l, modid);
        long map = mem.field(entry, l.slotinfoMap(), "dtv_slotinfo.map");
        if (map == 0) {
            throw new TdException(TdError.TD_ERR, "TLS module id " + modid + " has no link_map in the slotinfo list"
                    + " (module unloaded)");
        }
        long modgen = mem.field(entry, l.slotinfoGen(), "dtv_slotinfo.gen");
        long dtv = dtvOf(l, th);
        long dtvgen = mem.unsigned(dtv + l.dtvDtv().at(0) + l.dtvCounter().offset(),
                l.dtvCounter().elementSize(), "the DTV generation");
        if (Long.compareUnsigned(dtvgen, modgen) < 0) {
            return staticTls(l, th, map);
        }
        long length = mem.unsigned(dtv + l.dtvDtv().at(-1) + l.dtvCounter().offset(),
                l.dtvCounter().elementSize(), "the DTV length");
        if (Long.compareUnsigned(modid, length) > 0) {
            return staticTls(l, th, map);
        }
        long val = mem.unsigned(dtv + l.dtvDtv().at(modid) + l.dtvPointerVal().offset(),
                l.dtvPointerVal().elementSize(), "DTV entry " + modid);
        if ((val & 1) != 0) { // TLS_DTV_UNALLOCATED is (void *) -1
            return staticTls(l, th, map);
        }
        return val;
    }

    private long dtvOf(Layout l, ThreadHandle th) {
        long at = th.descriptor() != 0 ? th.descriptor() + l.pthreadDtvp().offset() : abi.dtvPointerAddress(th.threadPointer());
        return mem.pointer(at, "the DTV pointer");
    }

    /** The module's static TLS block, if it has one; otherwise it is not allocated yet in this thread. */
    private long staticTls(Layout l, ThreadHandle th, long map) {
        long off = mem.field(map, l.linkMapTlsOffset(), "link_map.l_tls_offset");
        if (abi.pointerSize() == 4) {
            off = (int) off;
        }
        if (hasStaticTls(off)) {
            return abi.staticTlsBlock(th.threadPointer(), off);
        }
        throw new TdException(TdError.TD_NOTALLOC, "not allocated yet");
    }

    /**
     * Whether an {@code l_tls_offset} places the module in static TLS. The markers for "none" are
     * per architecture: on riscv and powerpc offset 0 is the first static block (often the
     * executable's) and "none" is -1.
     */
    private boolean hasStaticTls(long tlsOffset) {
        return tlsOffset != abi.glibcNoTlsOffset() && tlsOffset != abi.glibcForcedDynamicTlsOffset();
    }

    /** Address of the {@code dtv_slotinfo} of {@code modid} in the chunked slotinfo list. */
    private long slotinfoEntry(Layout l, long modid) {
        long slot = slotinfoListHead(l);
        long base = 0;
        for (int steps = 0; slot != 0; steps++) {
            if (steps > MAX_WALK) {
                throw new TdException(TdError.TD_DBERR, "the DTV slotinfo list does not end");
            }
            long len = mem.field(slot, l.slotinfoListLen(), "dtv_slotinfo_list.len");
            if (Long.compareUnsigned(modid, base + len) < 0) {
                return slot + l.slotinfoListSlotinfo().at(modid - base);
            }
            base += len;
            slot = mem.field(slot, l.slotinfoListNext(), "dtv_slotinfo_list.next");
        }
        throw new TdException(TdError.TD_ERR, "TLS module id " + modid + " is not in the DTV slotinfo list");
    }

    private long slotinfoListHead(Layout l) {
        Optional<ProcessSymbols.Found> rtldPtr = l.symbols().lookup("__nptl_rtld_global");
        if (rtldPtr.isPresent() && l.rtldSlotinfoList().isPresent()) {
            long rtld = mem.pointer(rtldPtr.get().address(), "__nptl_rtld_global");
            return mem.field(rtld, l.rtldSlotinfoList().get(), "_rtld_global._dl_tls_dtv_slotinfo_list");
        }
        Optional<ProcessSymbols.Found> sym = l.symbols().lookup("_dl_tls_dtv_slotinfo_list");
        if (sym.isPresent()) {
            return mem.pointer(sym.get().address(), "_dl_tls_dtv_slotinfo_list");
        }
        throw new TdException(TdError.TD_ERR, "neither __nptl_rtld_global nor _dl_tls_dtv_slotinfo_list was found");
    }

    /** Without descriptors: the DTV as the ABI lays it out (glibc: {@code dtv[-1]} is its length). */
    private long abiTlsBase(ThreadHandle th, long modid) {
        long dtv = mem.pointer(abi.dtvPointerAddress(th.threadPointer()), "the DTV pointer");
        long length = mem.pointer(abi.dtvEntryAddress(dtv, -1), "the DTV length");
        if (Long.compareUnsigned(modid, length) > 0) {
            throw new TdException(TdError.TD_NOTALLOC, "not allocated yet");
        }
        long val = mem.pointer(abi.dtvEntryAddress(dtv, modid), "DTV entry " + modid);
        if ((val & 1) != 0) {
            throw new TdException(TdError.TD_NOTALLOC, "not allocated yet");
        }
        return val - abi.dtpOffset();
    }

    // ---------------------------------------------------------------- layout for display

    @Override
    public TlsLayout layout(ThreadInfo info, ThreadHandle th, List<Module> all) {
        Layout l = layout(all);
        long dtv = l == null ? mem.pointer(abi.dtvPointerAddress(th.threadPointer()), "the DTV pointer") : dtvOf(l, th);
        OptionalLong gen = OptionalLong.empty(), len = OptionalLong.empty();
        int counterSize = l == null ? abi.pointerSize() : l.dtvCounter().elementSize();
        long genAt = l == null ? abi.dtvEntryAddress(dtv, 0) : dtv + l.dtvDtv().at(0) + l.dtvCounter().offset();
        long lenAt = l == null ? abi.dtvEntryAddress(dtv, -1) : dtv + l.dtvDtv().at(-1) + l.dtvCounter().offset();
        try {
            gen = OptionalLong.of(mem.unsigned(genAt, counterSize, "the DTV generation"));
            len = OptionalLong.of(mem.unsigned(lenAt, counterSize, "the DTV length"));
        } catch (TdException e) {
            // Leave them unknown: the drawing says so.
        }
        List<TlsLayout.ModuleBlock> blocks = new ArrayList<>();
        for (Module m : all) {
            OptionalLong id;
            try {
                id = m.tlsModuleId().isPresent() ? m.tlsModuleId() : moduleId(m, all);
            } catch (TdException e) {
                continue;
            }
            if (id.isEmpty()) {
                continue;
            }
            long size = m.elf().flatMap(e -> e.tlsSegment()).map(Segment::memsz).orElse(0L);
            boolean isStatic = false;
            if (l != null && m.lmAddress() != 0) {
                try {
                    long off = mem.field(m.lmAddress(), l.linkMapTlsOffset(), "link_map.l_tls_offset");
                    isStatic = hasStaticTls(abi.pointerSize() == 4 ? (int) off : off);
                } catch (TdException e) {
                    // unknown: shown as dynamic
                }
            } else if (m.lmAddress() == 0 && m.isMainProgram()) {
                isStatic = true;
            }
            OptionalLong entry = OptionalLong.empty();
            long entryAt = l == null ? abi.dtvEntryAddress(dtv, id.getAsLong())
                    : dtv + l.dtvDtv().at(id.getAsLong()) + l.dtvPointerVal().offset();
            if (len.isEmpty() || Long.compareUnsigned(id.getAsLong(), len.getAsLong()) <= 0) {
                try {
                    entry = OptionalLong.of(mem.pointer(entryAt, "DTV entry"));
                } catch (TdException e) {
                    // unreadable entry: shown as such
                }
            }
            OptionalLong address;
            String state;
            try {
                address = OptionalLong.of(tlsBase(th, id.getAsLong(), all));
                state = "allocated";
            } catch (TdException e) {
                address = OptionalLong.empty();
                state = e.error() == TdError.TD_NOTALLOC ? "not allocated yet" : e.getMessage();
            }
            blocks.add(new TlsLayout.ModuleBlock(m.shortName(), id.getAsLong(), size, isStatic, entry, address, state));
        }
        return new TlsLayout(info, th.threadPointer(), dtv, gen, len, blocks);
    }
}
