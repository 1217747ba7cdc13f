package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.Optional;

/**
 * A reference to a type, resolved when first asked for. Two references are equal when they name
 * the same DIE, so records that hold them have cheap, cycle-free equals and hashCode.
 */
public final class TypeRef {
    private final Types types;
    private final DieRef die;

    TypeRef(Types types, DieRef die) {
        this.types = types;
        this.die = die;
    }

    /** The DIE, or empty for {@code void} (a missing DW_AT_type). */
    public Optional<DieRef> die() {
        return Optional.ofNullable(die);
    }

    public boolean isVoid() {
        return die == null;
    }

    public Type resolve() {
        return die == null ? VoidType.INSTANCE : types.type(die);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeRef t && java.util.Objects.equals(t.die, die);
    }

    @Override
    public int hashCode() {
        return die == null ? 0 : die.hashCode();
    }

    @Override
    public String toString() {
        return die == null ? "void" : "type@" + die;
    }
}
