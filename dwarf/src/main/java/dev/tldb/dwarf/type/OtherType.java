package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.Optional;
import java.util.OptionalLong;

/** A type DIE this model does not describe (pointer to member, string type, ...): tag, name, size. */
public record OtherType(DieRef ref, int tag, Optional<String> name, OptionalLong byteSize) implements Type {
    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
