package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.Optional;

/** A pointer or a C++ reference to {@code target}; its size is DW_AT_byte_size or the address size. */
public record PointerType(DieRef ref, Kind kind, long byteSize, TypeRef target) implements Type {
    public enum Kind { POINTER, REFERENCE, RVALUE_REFERENCE }

    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
