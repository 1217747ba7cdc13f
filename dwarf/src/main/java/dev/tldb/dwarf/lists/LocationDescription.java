package dev.tldb.dwarf.lists;

import dev.tldb.dwarf.Encoding;

/**
 * Where a variable lives, as the DWARF says it, before evaluation: one expression valid
 * everywhere, or a list of (address range, expression) pairs. Expressions stay raw bytes; the
 * evaluator ({@code dev.tldb.dwarf.expr}) decodes them with the unit's {@link #encoding()}.
 */
public sealed interface LocationDescription permits SingleLocation, LocationList {
    /** The encoding of the unit the expression came from (address size, offset size, version). */
    Encoding encoding();
}
