package dev.tldb.dwarf.type;

/** One named value of an enumeration. */
public record Enumerator(String name, long value) { }
