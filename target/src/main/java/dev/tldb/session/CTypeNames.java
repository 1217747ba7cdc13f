package dev.tldb.session;

import dev.tldb.dwarf.type.ArrayType;
import dev.tldb.dwarf.type.FunctionType;

/** Type names as gdb spells them ({@code whatis}), for DWARF types and for the ones expressions create. */
final class CTypeNames {

    String name(CType t) {
        if (t instanceof CType.Dwarf d) {
            return d.types().names().name(d.type());
        }
        if (t instanceof CType.Scalar s) {
            return s.name();
        }
        CType target = ((CType.Pointer) t).target();
        String inner = name(target);
        CType st = target.strip();
        if (st instanceof CType.Dwarf d && d.type() instanceof ArrayType) {
            int bracket = inner.indexOf(" [");
            return bracket < 0 ? inner + " (*)" : inner.substring(0, bracket) + " (*)" + inner.substring(bracket + 1);
        }
        if (st instanceof CType.Dwarf d && d.type() instanceof FunctionType) {
            int paren = inner.indexOf(" (");
            return paren < 0 ? inner + " (*)()" : inner.substring(0, paren) + " (*)" + inner.substring(paren + 1);
        }
        return inner.endsWith("*") ? inner + "*" : inner + " *";
    }
}
