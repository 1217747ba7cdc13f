/**
 * Address ranges ({@code DW_AT_low_pc}/{@code high_pc}, {@code .debug_ranges},
 * {@code .debug_rnglists}) and location descriptions (inline expressions, {@code .debug_loc},
 * {@code .debug_loc.dwo}, {@code .debug_loclists}), with base addresses applied and expressions
 * kept as bytes plus the unit's {@link dev.tldb.dwarf.Encoding}.
 */
package dev.tldb.dwarf.lists;
