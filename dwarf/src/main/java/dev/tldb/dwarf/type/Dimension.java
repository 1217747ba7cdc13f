package dev.tldb.dwarf.type;

import java.util.OptionalLong;

/**
 * One dimension of an array: its lower bound (language default when absent) and its element
 * count when known statically (from DW_AT_count, or upper - lower + 1). A flexible array member
 * or a variable-length array has no count.
 */
public record Dimension(long lowerBound, OptionalLong upperBound, OptionalLong count) { }
