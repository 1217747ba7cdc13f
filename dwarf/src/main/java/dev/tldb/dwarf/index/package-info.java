/**
 * Global names (variables with their TLS flag, functions, types, enumerators) and where their
 * DIEs are: from {@code .debug_names}, {@code .gdb_index} or a parallel scan
 * ({@link dev.tldb.dwarf.index.NameIndexes}), storable as a {@link dev.tldb.dwarf.index.CompactIndex}.
 */
package dev.tldb.dwarf.index;
