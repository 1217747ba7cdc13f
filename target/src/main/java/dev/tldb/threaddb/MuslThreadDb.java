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
        if (tp.isEmpty()) {
            throw new TdException(TdError.TD_NOCAPAB, "the registers of LWP " + thread.lwp()
                    + " hold no thread pointer, and musl keeps no thread list a debugger can read");
        }
        // musl's struct pthread starts at the TP (variant II) or ends at it (variant I); the DTV is what matters.
        return new ThreadHandle(thread.lwp(), 0, tp.get());
    }

    @Override
    public List<ThreadHandle> iterate() {
        return List.of();
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
