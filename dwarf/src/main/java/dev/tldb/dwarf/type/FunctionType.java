package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.List;
import java.util.Optional;

/**
 * A function type (DW_TAG_subroutine_type, or the type of a DW_TAG_subprogram): return type,
 * parameter types, whether it has a prototype and whether it takes {@code ...}.
 */
public record FunctionType(DieRef ref, TypeRef returnType, List<TypeRef> parameters, boolean prototyped,
        boolean varargs) implements Type {
    public FunctionType {
        parameters = List.copyOf(parameters);
    }

    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
