package dev.tldb.dwarf.index;

import java.util.List;

/**
 * Global names of one file (variables, functions, types, enumerators) and where their DIEs are.
 * Built from {@code .debug_names}, from {@code .gdb_index}, or by scanning every unit in
 * parallel; {@link NameIndexes#of} picks the best source the file offers.
 */
public interface NameIndex {
    /** Where the index came from: the file's own tables, a scan of its units, or tldb's index cache (a scan kept on disk). */
    enum Source { DEBUG_NAMES, GDB_INDEX, SCAN, CACHE }

    Source source();

    /** Every entry with exactly this name (case-sensitive), in unit order. */
    List<IndexEntry> lookup(String name);

    /** All entries. For the precomputed indexes this resolves every name, so it costs a scan. */
    List<IndexEntry> entries();

    /** Things the index could not cover, one line each (a missing .dwo, a malformed table...). */
    List<String> problems();
}
