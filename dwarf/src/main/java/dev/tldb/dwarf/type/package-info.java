/**
 * A sealed model of C-family types built lazily from DIEs ({@link dev.tldb.dwarf.type.Types}),
 * sizes, member layouts, and type names spelled as gdb's {@code whatis} and {@code ptype} spell
 * them ({@link dev.tldb.dwarf.type.TypeNames}).
 */
package dev.tldb.dwarf.type;
