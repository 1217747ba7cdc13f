/**
 * Reading DWARF 2–5: sections, units, abbreviations, DIEs and attribute forms.
 *
 * <p>Entry point: {@link dev.tldb.dwarf.DwarfInfo#of}. Everything is lazy over the mapped
 * sections of an {@link dev.tldb.elf.ElfFile}: unit headers on first {@code units()}, an
 * abbreviation table when a unit first needs it (cached per offset), a DIE's attributes when
 * asked for. {@link dev.tldb.dwarf.DieCursor} is the allocation-light path for scans.
 * Split DWARF ({@code .dwo} beside the binary) and dwz supplementary files are followed.
 *
 * <p>Errors: malformed bytes raise {@link dev.tldb.binary.FormatException} naming file, section
 * and offset; well-formed DWARF that cannot be followed (a missing {@code .dwo}) raises
 * {@link dev.tldb.dwarf.DwarfException}. Reference chains are capped and tree walks are loops,
 * so corrupt input cannot hang or overflow the stack.
 *
 * <p>Neighbouring rooms: {@code .lists} (ranges and location lists), {@code .line} (line
 * tables), {@code .type} (the type model and gdb-style names), {@code .index} (global names),
 * {@code .stats}; {@code .expr} (expression decoding and evaluation) is another engineer's.
 */
package dev.tldb.dwarf;
