package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** An array: element type, dimensions (outermost first) and optional explicit stride or size. */
public record ArrayType(DieRef ref, TypeRef element, List<Dimension> dimensions, OptionalLong byteStride,
        OptionalLong byteSize) implements Type {
    public ArrayType {
        dimensions = List.copyOf(dimensions);
    }

    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
