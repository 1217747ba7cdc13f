package dev.tldb.dwarf.index;

import dev.tldb.dwarf.DwTag;

/** What a name in the index stands for. */
public enum EntryKind {
    VARIABLE, FUNCTION, TYPE, ENUMERATOR, NAMESPACE, OTHER;

    /** The kind of a DIE with this tag. */
    public static EntryKind ofTag(int tag) {
        return switch (tag) {
            case DwTag.VARIABLE, DwTag.CONSTANT -> VARIABLE;
            case DwTag.SUBPROGRAM -> FUNCTION;
            case DwTag.ENUMERATOR -> ENUMERATOR;
            case DwTag.NAMESPACE, DwTag.MODULE -> NAMESPACE;
            case DwTag.BASE_TYPE, DwTag.TYPEDEF, DwTag.STRUCTURE_TYPE, DwTag.CLASS_TYPE, DwTag.UNION_TYPE,
                    DwTag.ENUMERATION_TYPE, DwTag.UNSPECIFIED_TYPE, DwTag.SUBRANGE_TYPE, DwTag.POINTER_TYPE,
                    DwTag.INTERFACE_TYPE, DwTag.TEMPLATE_ALIAS -> TYPE;
            default -> OTHER;
        };
    }
}
