package dev.tldb.dwarf.type;

import dev.tldb.dwarf.DieRef;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A struct, class or union; {@code declaration} when the DIE is only a forward declaration. */
public record StructType(DieRef ref, Kind kind, Optional<String> name, OptionalLong byteSize, boolean declaration,
        List<Member> members) implements Type {
    public enum Kind {
        STRUCT("struct"), CLASS("class"), UNION("union");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public StructType {
        members = List.copyOf(members);
    }

    @Override
    public Optional<DieRef> die() {
        return Optional.of(ref);
    }
}
