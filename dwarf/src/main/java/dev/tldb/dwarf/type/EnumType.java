package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** An enumeration: name, size, underlying type (void when the DWARF does not say) and enumerators. */
public record EnumType(DieRef ref, Optional<String> name, OptionalLong byteSize, TypeRef underlying,
        boolean declaration, List<Enumerator> enumerators) implements Type {
    public EnumType {
        enumerators = List.copyOf(enumerators);
    }

    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
