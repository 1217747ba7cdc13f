package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.Optional;

/** {@code const}, {@code volatile}, {@code restrict} or {@code _Atomic} applied to {@code target}. */
public record QualifiedType(DieRef ref, Qualifier qualifier, TypeRef target) implements Type {
    public enum Qualifier {
        CONST("const"), VOLATILE("volatile"), RESTRICT("restrict"), ATOMIC("_Atomic");

        private final String keyword;

        Qualifier(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
