package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.Optional;

/** A typedef name for {@code target}. */
public record Typedef(DieRef ref, String name, TypeRef target) implements Type {
    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
