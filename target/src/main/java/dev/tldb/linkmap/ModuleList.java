package dev.tldb.linkmap;

import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.target.Auxv;
import dev.tldb.target.Module;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Turns a link map into {@link Module}s the way gdb's {@code info sharedlibrary} sees them: the
 * main program first (its {@code lm} is the first link-map entry, or 0 for a static program),
 * then each library in link-map order. The vDSO is left out, as gdb leaves it out: no file on
 * disk backs it. Entries whose name could not be read are left out too (gdb skips them).
 */
public final class ModuleList {
    private ModuleList() {}

    /**
     * @param program     where the main program sits
     * @param programName its path (on this host when found, else as the process knew it)
     * @param programFile the program's ELF file, when found
     * @param map         the link map (empty for static programs)
     * @param vdso        the vDSO's address range, from {@link #vdsoRange}
     * @param libraryFile the ELF file found on this host for a link-map entry, if any
     */
    public static List<Module> of(ProgramImage program, String programName, Optional<ElfFile> programFile,
                                  LinkMap map, Optional<AddressRange> vdso,
                                  Function<LinkMapEntry, Optional<ElfFile>> libraryFile) {
        List<Module> out = new ArrayList<>();
        OptionalLong tls = program.hasTls() ? OptionalLong.of(1) : OptionalLong.empty();
        Optional<LinkMapEntry> first = map.first();
        if (first.isPresent()) {
            LinkMapEntry main = first.get();
            out.add(new Module(programName, main.loadBias(), main.address(), main.dynamic(), tls, programFile, true));
        } else {
            out.add(new Module(programName, program.bias(), 0, program.dynamicAddress().orElse(0), tls, programFile,
                    true));
        }
        for (int i = 1; i < map.entries().size(); i++) {
            LinkMapEntry e = map.entries().get(i);
            if (e.name().isEmpty() || vdso.map(r -> r.contains(e.dynamic())).orElse(false)) {
                continue;
            }
            out.add(new Module(e.name(), e.loadBias(), e.address(), e.dynamic(), OptionalLong.empty(),
                    libraryFile.apply(e), false));
        }
        return out;
    }

    /** The vDSO's extent, from AT_SYSINFO_EHDR and the vDSO's own headers in memory. */
    public static Optional<AddressRange> vdsoRange(MemoryView mem, Auxv auxv) {
        OptionalLong ehdr = auxv.get(Elf.AT_SYSINFO_EHDR);
        if (ehdr.isEmpty() || ehdr.getAsLong() == 0) {
            return Optional.empty();
        }
        return ElfImage.read(mem, ehdr.getAsLong()).map(img -> {
            long[] ext = img.extent();
            return new AddressRange(ext[0], ext[1]);
        });
    }

    /** {@code [start, end)}. */
    public record AddressRange(long start, long end) {
        public boolean contains(long address) {
            return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
        }
    }
}
