package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.Optional;

/** {@code void}: a missing DW_AT_type (or a DW_TAG_unspecified_type named void). */
public record VoidType() implements Type {
    public static final VoidType INSTANCE = new VoidType();

    @Override
    public Optional<DieRef> die() {
        return Optional.empty();
    }
}
