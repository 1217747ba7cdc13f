package dev.tldb.sim;

import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;
import dev.tldb.error.TldbException;
import dev.tldb.target.Module;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One loaded ELF file of the simulated process, with what the dynamic linker keeps about it: its
 * link_map address and name, its load bias, and its TLS bookkeeping ({@code l_tls_modid},
 * {@code l_tls_offset}) which the libc runtime fills in. Mutable: the runtime changes the TLS
 * offset when a dynamic block is first used ({@code FORCED_DYNAMIC_TLS_OFFSET}).
 */
final class LoadedModule {
    final ElfFile elf;
    final Path path;
    /**
     * What the link map's {@code l_name} holds: "" for the executable, the path found for a library,
     * the program's PT_INTERP string for the dynamic linker (set once at start-up, see SimProcess).
     */
    String linkName;
    /** How scenarios name it (the name given to dlopen, or the file name). */
    final String name;
    final long bias;
    final boolean main;
    final Optional<TlsImage> tls;
    final long loadSeq;
    /** Libraries this one brought in when it was loaded (its DT_NEEDED closure at dlopen time). */
    final List<LoadedModule> broughtIn = new ArrayList<>();

    private Optional<DwarfInfo> dwarf;

    long lmAddress;
    long tlsModid;
    long tlsOffset;
    /** Opened at start-up (never unloaded) or by dlopen. */
    boolean startup;
    int openCount;
    boolean unloaded;

    LoadedModule(ElfFile elf, Path path, String linkName, String name, long bias, boolean main, long loadSeq) {
        this.elf = elf;
        this.path = path;
        this.linkName = linkName;
        this.name = name;
        this.bias = bias;
        this.main = main;
        this.tls = TlsImage.of(elf);
        this.loadSeq = loadSeq;
    }

    /** The module's DWARF, opened on first use; empty when it has none (a stripped libc). */
    synchronized Optional<DwarfInfo> dwarf() {
        if (dwarf == null) {
            Optional<DwarfInfo> d;
            try {
                DwarfInfo info = DwarfInfo.of(elf);
                d = info.units().isEmpty() ? Optional.empty() : Optional.of(info);
            } catch (TldbException e) {
                d = Optional.empty();
            }
            dwarf = d;
        }
        return dwarf;
    }

    String fileName() {
        return path.getFileName().toString();
    }

    /** The runtime address of the dynamic section (the link map's {@code l_ld}); 0 for static programs. */
    long dynamicAddress() {
        return elf.segments(Elf.PT_DYNAMIC).stream().findFirst().map(p -> p.vaddr() + bias).orElse(0L);
    }

    /** The bytes a file occupies when mapped, from its lowest PT_LOAD page to its highest byte. */
    static long span(ElfFile elf) {
        long lo = Long.MAX_VALUE, hi = 0;
        for (Segment p : elf.segments()) {
            if (p.isLoad() && p.memsz() > 0) {
                lo = Math.min(lo, p.vaddr() & -Math.max(1, p.align()));
                hi = Math.max(hi, p.vaddr() + p.memsz());
            }
        }
        return lo == Long.MAX_VALUE ? 0 : hi - lo;
    }

    /** The largest PT_LOAD alignment (the kernel and ld.so align the whole mapping to it). */
    static long maxAlign(ElfFile elf) {
        long a = 0x1000;
        for (Segment p : elf.segments()) {
            if (p.isLoad()) {
                a = Math.max(a, p.align());
            }
        }
        return a;
    }

    long end() {
        long hi = 0;
        for (Segment p : elf.segments()) {
            if (p.isLoad()) {
                hi = Math.max(hi, p.vaddr() + p.memsz());
            }
        }
        return hi + bias;
    }

    boolean matches(String nameOrPath) {
        return name.equals(nameOrPath) || linkName.equals(nameOrPath) || path.toString().equals(nameOrPath)
                || fileName().equals(nameOrPath) || elf.soname().map(nameOrPath::equals).orElse(false);
    }

    /** The module as the target stack lists it; the TLS module id is left to the thread layer to read. */
    Module toModule() {
        String shown = main || linkName.isEmpty() ? path.toString() : linkName;
        return new Module(shown, bias, lmAddress, dynamicAddress(), OptionalLong.empty(), Optional.of(elf), main);
    }

    @Override
    public String toString() {
        return name;
    }
}
