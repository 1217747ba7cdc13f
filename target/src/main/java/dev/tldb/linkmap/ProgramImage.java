package dev.tldb.linkmap;

import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Segment;
import dev.tldb.target.Auxv;
import dev.tldb.target.MemoryException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where the main program was loaded and what the link map needs from it: the load bias (0 for
 * a fixed-address executable; for a PIE, what the kernel chose), the address of its dynamic
 * section, whether it asks for a dynamic linker (PT_INTERP) and whether it has TLS.
 *
 * <p>The bias comes from the auxiliary vector as gdb's {@code svr4_exec_displacement} finds it:
 * AT_ENTRY minus the file's entry point, checked against AT_PHDR minus the link-time address of
 * the program headers. When the two disagree, the file is not the program that ran: the
 * disagreement is reported in {@link #problems()}.
 *
 * @param bias             load bias
 * @param dynamicAddress   PT_DYNAMIC's runtime address, when the program has one
 * @param dynamicSize      PT_DYNAMIC's size in bytes (0 when absent)
 * @param hasInterp        PT_INTERP present: a dynamically linked program with a link map
 * @param hasTls           PT_TLS present: the program is TLS module 1
 * @param entry            the runtime entry point
 * @param problems         one line per inconsistency between the file and the auxv
 */
public record ProgramImage(long bias, OptionalLong dynamicAddress, long dynamicSize, boolean hasInterp,
                           boolean hasTls, long entry, List<String> problems) {

    private static final long PAGE_MASK = 0xfff;

    public ProgramImage {
        problems = List.copyOf(problems);
    }

    /** From the program file and the auxv of the process that ran it. */
    public static ProgramImage of(ElfFile program, Auxv auxv) {
        List<String> problems = new ArrayList<>();
        String name = program.path().map(Object::toString).orElse(program.name());
        long fileEntry = program.header().entry();
        OptionalLong phdrVaddr = phdrAddress(program);
        OptionalLong atEntry = auxv.entry();
        OptionalLong atPhdr = auxv.phdr();
        long bias = 0;
        if (program.type() == Elf.ET_DYN) {
            if (atEntry.isPresent()) {
                bias = atEntry.getAsLong() - fileEntry;
                if ((bias & PAGE_MASK) != 0) {
                    problems.add("AT_ENTRY 0x" + Long.toHexString(atEntry.getAsLong()) + " is not the entry point 0x"
                            + Long.toHexString(fileEntry) + " of " + name + " moved by a whole number of pages");
                }
            } else if (atPhdr.isPresent() && phdrVaddr.isPresent()) {
                bias = atPhdr.getAsLong() - phdrVaddr.getAsLong();
            } else {
                problems.add("the auxiliary vector has neither AT_ENTRY nor AT_PHDR: cannot tell where the PIE "
                        + name + " was loaded; assuming it was not moved");
            }
        } else if (atEntry.isPresent() && atEntry.getAsLong() != fileEntry) {
            problems.add("AT_ENTRY is 0x" + Long.toHexString(atEntry.getAsLong()) + " but " + name
                    + " starts at 0x" + Long.toHexString(fileEntry));
        }
        if (atPhdr.isPresent() && phdrVaddr.isPresent() && atPhdr.getAsLong() != phdrVaddr.getAsLong() + bias) {
            problems.add("AT_PHDR is 0x" + Long.toHexString(atPhdr.getAsLong()) + " but " + name
                    + " would have its program headers at 0x" + Long.toHexString(phdrVaddr.getAsLong() + bias));
        }
        Optional<Segment> dyn = program.segments(Elf.PT_DYNAMIC).stream().findFirst();
        return new ProgramImage(bias,
                dyn.isPresent() ? OptionalLong.of(dyn.get().vaddr() + bias) : OptionalLong.empty(),
                dyn.map(Segment::memsz).orElse(0L),
                !program.segments(Elf.PT_INTERP).isEmpty(),
                program.tlsSegment().isPresent(),
                fileEntry + bias,
                problems);
    }

    /**
     * Without the program file: from its program headers as mapped in memory (AT_PHDR,
     * AT_PHNUM, AT_PHENT). Empty when the auxv lacks them or that memory is unreadable.
     */
    public static Optional<ProgramImage> fromMemory(MemoryView mem, Auxv auxv) {
        OptionalLong phdr = auxv.phdr();
        OptionalLong phnum = auxv.get(Elf.AT_PHNUM);
        OptionalLong phent = auxv.get(Elf.AT_PHENT);
        if (phdr.isEmpty() || phnum.isEmpty()) {
            return Optional.empty();
        }
        List<Segment> segs;
        try {
            segs = ElfImage.programHeaders(mem, phdr.getAsLong(), (int) Math.min(phnum.getAsLong(), Integer.MAX_VALUE),
                    (int) phent.orElse(mem.pointerSize() == 8 ? 56 : 32));
        } catch (MemoryException e) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        long bias = 0;
        Optional<Segment> pt = segs.stream().filter(p -> p.type() == Elf.PT_PHDR).findFirst();
        if (pt.isPresent()) {
            bias = phdr.getAsLong() - pt.get().vaddr();
        } else {
            // A static executable often has no PT_PHDR; it is then mapped where it was linked
            // unless AT_ENTRY says otherwise (static PIE always has PT_PHDR).
            boolean entryInside = auxv.entry().isPresent() && segs.stream()
                    .anyMatch(p -> p.isLoad() && p.containsAddress(auxv.entry().getAsLong()));
            if (!entryInside) {
                problems.add("no PT_PHDR in the program headers at 0x" + Long.toHexString(phdr.getAsLong())
                        + ": assuming the program was not moved");
            }
        }
        Optional<Segment> dyn = segs.stream().filter(p -> p.type() == Elf.PT_DYNAMIC).findFirst();
        return Optional.of(new ProgramImage(bias,
                dyn.isPresent() ? OptionalLong.of(dyn.get().vaddr() + bias) : OptionalLong.empty(),
                dyn.map(Segment::memsz).orElse(0L),
                segs.stream().anyMatch(p -> p.type() == Elf.PT_INTERP),
                segs.stream().anyMatch(p -> p.type() == Elf.PT_TLS),
                auxv.entry().orElse(0),
                problems));
    }

    /**
     * The link-time address of the program headers: PT_PHDR when present, else the address at
     * which the PT_LOAD covering {@code e_phoff} maps them.
     */
    public static OptionalLong phdrAddress(ElfFile program) {
        for (Segment p : program.segments(Elf.PT_PHDR)) {
            return OptionalLong.of(p.vaddr());
        }
        long phoff = program.header().phoff();
        for (Segment p : program.segments()) {
            if (p.isLoad() && phoff >= p.offset() && phoff - p.offset() < p.filesz()) {
                return OptionalLong.of(p.vaddr() + (phoff - p.offset()));
            }
        }
        return OptionalLong.empty();
    }
}
