package dev.tldb.linkmap;

import dev.tldb.elf.Elf;
import dev.tldb.target.MemoryException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the SVR4 link map from a process image, as gdb's {@code solib-svr4.c} does: the main
 * program's dynamic section (in memory, where the dynamic linker filled in DT_DEBUG) gives
 * {@code struct r_debug}, whose {@code r_map} starts the chain of {@code struct link_map}
 * entries linked by {@code l_next}.
 *
 * <p>Memory is input: every count is bounded, every chase capped, and a cycle or a broken back
 * link ends the walk with a problem line instead of a hang. What was read before stays.
 */
public final class LinkMapReader {
    /** Far more modules than a process loads; a longer chain is corrupt or cyclic. */
    static final int MAX_ENTRIES = 8192;
    /** PATH_MAX: longer {@code l_name}s are not names. */
    static final int MAX_NAME = 4096;
    /** Dynamic entries scanned when the section's size is unknown. */
    static final int MAX_DYNAMIC_ENTRIES = 4096;

    private LinkMapReader() {}

    /** The link map of the program described by {@code program}; {@link LinkMap#none()} for a static one. */
    public static LinkMap read(MemoryView mem, ProgramImage program) {
        if (program.dynamicAddress().isEmpty()) {
            return LinkMap.none();
        }
        OptionalLong rDebug;
        try {
            rDebug = findDtDebug(mem, program.dynamicAddress().getAsLong(), program.dynamicSize());
        } catch (MemoryException e) {
            return LinkMap.none("cannot read the program's dynamic section at 0x"
                    + Long.toHexString(program.dynamicAddress().getAsLong()) + " to find the link map: " + e.getMessage());
        }
        if (rDebug.isEmpty() || rDebug.getAsLong() == 0) {
            // Static PIEs have a dynamic section and no dynamic linker; a dynamic program with
            // DT_DEBUG still 0 stopped before ld.so initialised r_debug.
            return program.hasInterp()
                    ? LinkMap.none("DT_DEBUG is not set: the dynamic linker had not initialised r_debug; no shared libraries")
                    : LinkMap.none();
        }
        return walk(mem, rDebug.getAsLong());
    }

    /** The value of DT_DEBUG in the dynamic section at {@code address} ({@code size} bytes, 0 if unknown). */
    static OptionalLong findDtDebug(MemoryView mem, long address, long size) {
        int p = mem.pointerSize();
        long entries = size > 0 ? Math.min(size / (2L * p), MAX_DYNAMIC_ENTRIES) : MAX_DYNAMIC_ENTRIES;
        for (long i = 0; i < entries; i++) {
            long at = address + i * 2 * p;
            long tag = mem.pointer(at);
            if (p == 4) {
                tag = (int) tag; // Elf32_Sword
            }
            if (tag == Elf.DT_NULL) {
                break;
            }
            if (tag == Elf.DT_DEBUG) {
                return OptionalLong.of(mem.pointer(at + p));
            }
        }
        return OptionalLong.empty();
    }

    /** Walks the chain from {@code r_debug} at {@code rDebug}. */
    public static LinkMap walk(MemoryView mem, long rDebug) {
        int p = mem.pointerSize();
        List<String> problems = new ArrayList<>();
        List<LinkMapEntry> out = new ArrayList<>();
        long lm;
        try {
            // struct r_debug { int r_version; struct link_map *r_map; ... }: r_map is pointer-aligned.
            lm = mem.pointer(rDebug + p);
        } catch (MemoryException e) {
            return new LinkMap(OptionalLong.of(rDebug), List.of(),
                    List.of("cannot read r_debug at 0x" + Long.toHexString(rDebug) + ": " + e.getMessage()));
        }
        Set<Long> seen = new HashSet<>();
        long prev = 0;
        while (lm != 0) {
            if (out.size() >= MAX_ENTRIES) {
                problems.add("link map longer than " + MAX_ENTRIES + " entries; stopped at 0x" + Long.toHexString(lm));
                break;
            }
            if (!seen.add(lm)) {
                problems.add("link map loops back to 0x" + Long.toHexString(lm) + "; stopped there");
                break;
            }
            long lAddr, lName, lLd, lNext, lPrev;
            try {
                lAddr = mem.pointer(lm);
                lName = mem.pointer(lm + p);
                lLd = mem.pointer(lm + 2L * p);
                lNext = mem.pointer(lm + 3L * p);
                lPrev = mem.pointer(lm + 4L * p);
            } catch (MemoryException e) {
                problems.add("cannot read the link_map at 0x" + Long.toHexString(lm) + ": " + e.getMessage());
                break;
            }
            if (lPrev != prev) {
                // gdb: "Corrupted shared library list: 0x... != 0x...". The entry is suspect; stop.
                problems.add("corrupted link map: l_prev of 0x" + Long.toHexString(lm) + " is 0x"
                        + Long.toHexString(lPrev) + ", expected 0x" + Long.toHexString(prev));
                break;
            }
            String name;
            if (lName == 0) {
                name = "";
            } else {
                var s = mem.cstring(lName, MAX_NAME);
                if (s.isEmpty()) {
                    problems.add("cannot read the name of the link_map at 0x" + Long.toHexString(lm) + " (l_name 0x"
                            + Long.toHexString(lName) + ")");
                    name = "";
                } else {
                    name = s.get();
                }
            }
            out.add(new LinkMapEntry(lm, lAddr, name, lLd, lNext, lPrev));
            prev = lm;
            lm = lNext;
        }
        return new LinkMap(OptionalLong.of(rDebug), out, problems);
    }
}
