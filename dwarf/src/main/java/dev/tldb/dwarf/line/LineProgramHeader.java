package dev.tldb.dwarf.line;

import java.util.List;

/**
 * A line program header (DWARF 2–5). DWARF 5 headers describe directory and file entries with
 * format tables; older ones use NUL-terminated lists. Both end up as {@code directories} and
 * {@code files}: in DWARF 5, index 0 of each is the unit's own directory and primary file; in
 * DWARF 2–4, file indexes start at 1 and directory 0 means the compilation directory.
 */
public record LineProgramHeader(
        long offset,
        long end,
        int version,
        boolean dwarf64,
        int addressSize,
        long programStart,
        int minimumInstructionLength,
        int maximumOperationsPerInstruction,
        boolean defaultIsStmt,
        int lineBase,
        int lineRange,
        int opcodeBase,
        List<Integer> standardOpcodeLengths,
        List<String> directories,
        List<FileEntry> files) {

    public LineProgramHeader {
        standardOpcodeLengths = List.copyOf(standardOpcodeLengths);
        directories = List.copyOf(directories);
        files = List.copyOf(files);
    }
}
