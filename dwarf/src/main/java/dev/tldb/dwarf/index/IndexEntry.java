package dev.tldb.dwarf.index;

import dev.tldb.dwarf.DieRef;

/**
 * One name in the index: what it is, where its DIE is, whether it is a thread-local variable and
 * whether it is visible outside its unit ({@code DW_AT_external}; file-scope {@code static}s are
 * not).
 *
 * @param name the name as lookups spell it ({@code ns::name} inside C++ namespaces)
 */
public record IndexEntry(String name, EntryKind kind, DieRef die, boolean tls, boolean external) { }
