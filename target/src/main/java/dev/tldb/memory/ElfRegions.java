package dev.tldb.memory;

import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The memory an ELF file's PT_LOAD segments occupy at a load bias: file bytes, then zeros (.bss). */
public final class ElfRegions {
    private ElfRegions() {}

    public static List<Region> of(ElfFile elf, long bias, String name) {
        List<Region> out = new ArrayList<>();
        for (Segment p : elf.segments()) {
            if (!p.isLoad() || p.memsz() == 0) {
                continue;
            }
            long start = p.vaddr() + bias;
            long fileBytes = Math.min(p.filesz(), p.memsz());
            if (fileBytes > 0) {
                ByteBuffer data = elf.contents(p);
                out.add(new Region(start, fileBytes, (off, dst, dstOff, len) -> data.get((int) off, dst, dstOff, len),
                        name));
            }
            if (p.memsz() > fileBytes) {
                out.add(new Region(start + fileBytes, p.memsz() - fileBytes, Region.zeros(), name + " (bss)"));
            }
        }
        return out;
    }
}
