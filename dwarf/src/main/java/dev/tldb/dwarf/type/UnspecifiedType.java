package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.Optional;

/** DW_TAG_unspecified_type (C++ {@code decltype(nullptr)}, ...): only a name. */
public record UnspecifiedType(DieRef ref, String name) implements Type {
    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
