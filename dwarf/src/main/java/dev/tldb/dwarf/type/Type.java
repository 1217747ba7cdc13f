package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.Optional;

/**
 * A C-family type as the DWARF describes it. Types refer to other types through {@link TypeRef}s
 * that resolve on demand, so a struct that points to itself is an ordinary finite graph: records
 * compare and print their references, never the whole graph.
 */
public sealed interface Type permits VoidType, BaseType, PointerType, StructType, ArrayType, EnumType, Typedef,
        QualifiedType, FunctionType, UnspecifiedType, OtherType {

    /** The DIE that defined this type (empty for the implicit {@code void}). */
    Optional<DieRef> die();
}
