package dev.tldb.sim;

import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwAte;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.TlsExpression;
import dev.tldb.dwarf.index.EntryKind;
import dev.tldb.dwarf.index.IndexEntry;
import dev.tldb.dwarf.index.NameIndexes;
import dev.tldb.dwarf.lists.Locations;
import dev.tldb.dwarf.lists.SingleLocation;
import dev.tldb.dwarf.type.ArrayType;
import dev.tldb.dwarf.type.BaseType;
import dev.tldb.dwarf.type.EnumType;
import dev.tldb.dwarf.type.PointerType;
import dev.tldb.dwarf.type.Type;
import dev.tldb.dwarf.type.Types;
import dev.tldb.elf.Symbol;
import dev.tldb.error.TldbException;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a TLS variable accepts when a scenario assigns it: from its DWARF type when the module has
 * debug information (an {@code int} takes integers, a {@code double} numbers, a {@code char[16]}
 * strings, a struct nothing yet), otherwise from its ELF symbol's size alone (1, 2, 4 or 8 bytes:
 * a scalar; anything else: a char array).
 *
 * @param kind  what values fit
 * @param size  the variable's size in bytes
 * @param name  how messages name the type: gdb's spelling ({@code char [16]}) or {@code 4 bytes}
 */
record VariableType(Kind kind, long size, String name) {

    enum Kind {
        /** An integer, pointer, enum or bool: integers. */
        INTEGER,
        /** A {@code float} or {@code double}: integers and floating-point numbers. */
        FLOAT,
        /** Without DWARF, a 1/2/4/8-byte object: integers, and floating-point numbers for 4 or 8 bytes. */
        SCALAR,
        /** An array of {@code char}: strings. */
        CHAR_ARRAY,
        /** Anything else (a struct, an array of ints, a long double): not assignable from a scenario. */
        OTHER
    }

    /** The type of {@code symbol} (an STT_TLS symbol of {@code module}). */
    static VariableType of(LoadedModule module, Symbol symbol) {
        Optional<DwarfInfo> dwarf = module.dwarf();
        if (dwarf.isPresent()) {
            try {
                Optional<VariableType> t = fromDwarf(dwarf.get(), symbol);
                if (t.isPresent()) {
                    return t.get();
                }
            } catch (TldbException e) {
                // Unreadable debug information: the symbol's size still says enough to assign safely.
            }
        }
        long size = symbol.size();
        boolean scalar = size == 1 || size == 2 || size == 4 || size == 8;
        return new VariableType(scalar ? Kind.SCALAR : Kind.CHAR_ARRAY, size, size + " bytes");
    }

    /**
     * The variable's DIE: the TLS variable of that name whose location gives the symbol's offset;
     * when the producer left the location out (gcc on aarch64 and riscv), the variable of that name.
     */
    private static Optional<VariableType> fromDwarf(DwarfInfo dwarf, Symbol symbol) {
        List<IndexEntry> entries = NameIndexes.lookup(dwarf, symbol.name()).stream()
                .filter(e -> e.kind() == EntryKind.VARIABLE).toList();
        Die chosen = null;
        for (IndexEntry e : entries) {
            Die die = dwarf.die(e.die());
            OptionalLong off = Locations.of(die).filter(l -> l instanceof SingleLocation)
                    .map(l -> TlsExpression.blockOffset(die.unit(), ((SingleLocation) l).expression()))
                    .orElse(OptionalLong.empty());
            if (off.isPresent() && off.getAsLong() == symbol.value()) {
                chosen = die;
                break;
            }
            if (chosen == null && off.isEmpty()) {
                chosen = die;
            }
        }
        if (chosen == null) {
            return Optional.empty();
        }
        Types types = Types.of(dwarf);
        Type declared = types.typeOf(chosen);
        String name = types.names().name(declared);
        Type t = types.strip(declared, true);
        long size = types.sizeOf(t).orElse(symbol.size());
        Kind kind;
        if (t instanceof BaseType b) {
            kind = switch (b.encoding()) {
                case DwAte.FLOAT -> size == 4 || size == 8 ? Kind.FLOAT : Kind.OTHER;
                case DwAte.SIGNED, DwAte.SIGNED_CHAR, DwAte.UNSIGNED, DwAte.UNSIGNED_CHAR, DwAte.BOOLEAN,
                        DwAte.UTF -> Kind.INTEGER;
                default -> Kind.OTHER;
            };
        } else if (t instanceof EnumType || t instanceof PointerType) {
            kind = Kind.INTEGER;
        } else if (t instanceof ArrayType a && a.dimensions().size() == 1
                && types.strip(a.element().resolve(), true) instanceof BaseType e
                && (e.encoding() == DwAte.SIGNED_CHAR || e.encoding() == DwAte.UNSIGNED_CHAR) && e.byteSize() == 1) {
            kind = Kind.CHAR_ARRAY;
        } else {
            kind = Kind.OTHER;
        }
        return Optional.of(new VariableType(kind, size, name));
    }
}
