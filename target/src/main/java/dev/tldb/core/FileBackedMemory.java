package dev.tldb.core;

import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;
import dev.tldb.exec.ExecTarget;

import java.util.ArrayList;
import java.util.List;

/**
 * Memory the process had mapped from files and the core left out, read from those files as
 * the kernel mapped them: whole pages at the offsets NT_FILE records (gdb 13 reads cores'
 * file-backed memory the same way). This is more than the files' segments: the page holding the
 * end of a code segment also maps the file bytes after it, and code near a segment's end is
 * read across that boundary.
 *
 * <p>Only files the loader accepted for this core (those the file stratum maps) are used, and a
 * mapping is matched to a file by layout, not by name: the mapping must map the file offsets
 * one of the file's PT_LOAD segments has at its load bias. A file that merely has the same path
 * is never read.
 */
final class FileBackedMemory {
    private record Backing(FileMapping mapping, ElfFile file) {}

    private final List<Backing> backings;

    private FileBackedMemory(List<Backing> backings) {
        this.backings = List.copyOf(backings);
    }

    static FileBackedMemory none() {
        return new FileBackedMemory(List.of());
    }

    /** The NT_FILE mappings of {@code core} that map a file {@code exec} has at its load bias. */
    static FileBackedMemory of(CoreFile core, ExecTarget exec) {
        long page = core.fileMappingPageSize() > 0 ? core.fileMappingPageSize() : 4096;
        List<Backing> out = new ArrayList<>();
        for (FileMapping m : core.fileMappings()) {
            for (ExecTarget.MappedFile f : exec.files()) {
                if (maps(m, f, page)) {
                    out.add(new Backing(m, f.elf()));
                    break;
                }
            }
        }
        return new FileBackedMemory(out);
    }

    /**
     * Whether {@code m} maps part of {@code f}: some PT_LOAD segment's pages, at the file's
     * bias, cover the mapping's start, and the mapping's file offset is the one those pages
     * have there (a segment split by {@code mprotect}, as RELRO is, gives several mappings).
     */
    private static boolean maps(FileMapping m, ExecTarget.MappedFile f, long page) {
        for (Segment p : f.elf().segments()) {
            if (!p.isLoad() || p.memsz() == 0) {
                continue;
            }
            long start = (p.vaddr() + f.bias()) & -page;
            long end = (p.vaddr() + f.bias() + p.memsz() + page - 1) & -page;
            long fileStart = p.offset() & -page;
            if (Long.compareUnsigned(m.start(), start) >= 0 && Long.compareUnsigned(m.start(), end) < 0
                    && m.fileOffset() - fileStart == m.start() - start) {
                return true;
            }
        }
        return false;
    }

    /** Reads file bytes at {@code address}, up to the end of its mapping or of the file; 0 if none. */
    int read(long address, byte[] buffer, int offset, int length) {
        for (Backing b : backings) {
            FileMapping m = b.mapping;
            if (!m.contains(address)) {
                continue;
            }
            long fileOffset = m.fileOffset() + (address - m.start());
            long n = Math.min(length, m.end() - address);
            n = Math.min(n, b.file.fileSize() - fileOffset);
            if (n <= 0) {
                return 0;
            }
            b.file.fileBytes(fileOffset, n).get(0, buffer, offset, (int) n);
            return (int) n;
        }
        return 0;
    }
}
