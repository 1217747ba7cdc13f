/** Counts over a file's DWARF for {@code tldb dwarf stats}. */
package dev.tldb.dwarf.stats;
