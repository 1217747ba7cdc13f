package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.Optional;
import java.util.OptionalLong;

/** DW_TAG_base_type: a name, a {@link dev.tldb.dwarf.DwAte} encoding and a size. */
public record BaseType(DieRef ref, String name, int encoding, long byteSize, OptionalLong bitSize) implements Type {
    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
