package dev.tldb.dwarf.index;

import dev.tldb.dwarf.UnitSection;

import java.util.OptionalLong;

/**
 * What a precomputed index says about one occurrence of a name: the unit, and the DIE inside it
 * when the index records one ({@code .debug_names} from LLVM does; gdb's indexes only name units).
 *
 * @param dieOffset unit-relative offset of the DIE, if known
 * @param tag       the DIE's tag according to the index (0 if unknown)
 */
record IndexHit(UnitSection section, long unitOffset, OptionalLong dieOffset, int tag) { }
