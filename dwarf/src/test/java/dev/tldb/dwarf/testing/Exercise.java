package dev.tldb.dwarf.testing;

import dev.tldb.binary.ByteSource;
import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DieCursor;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.Unit;
import dev.tldb.dwarf.index.NameIndexes;
import dev.tldb.dwarf.line.LineTables;
import dev.tldb.dwarf.lists.Locations;
import dev.tldb.dwarf.lists.Ranges;
import dev.tldb.dwarf.stats.DwarfStats;
import dev.tldb.dwarf.type.Type;
import dev.tldb.dwarf.type.Types;
import dev.tldb.elf.ElfFile;
import dev.tldb.error.TldbException;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives every reader over a file (units, all DIEs and attributes, names, locations, ranges,
 * types and their spellings, parents, line tables, the name index, stats), collecting the
 * one-line errors it is allowed to raise. Anything else escapes and fails the calling test.
 */
public final class Exercise {
    private static final int MAX_DIES_PER_UNIT = 2_000;

    private Exercise() {}

    /** Opens {@code bytes} as an ELF file and exercises it; returns the TldbException messages seen. */
    public static List<String> run(String name, byte[] bytes) {
        List<String> errors = new ArrayList<>();
        ElfFile elf;
        try {
            elf = ElfFile.of(ByteSource.of(name, bytes));
        } catch (TldbException e) {
            errors.add(e.getMessage());
            return errors;
        }
        run(elf, errors);
        return errors;
    }

    public static void run(ElfFile elf, List<String> errors) {
        try (DwarfInfo dwarf = DwarfInfo.of(elf)) {
            List<Unit> units = guard(errors, dwarf::allUnits);
            if (units == null) {
                return;
            }
            for (Unit unit : units) {
                guard(errors, () -> {
                    walk(unit);
                    return null;
                });
                guard(errors, () -> LineTables.of(dwarf).forUnit(unit).map(t -> t.findRow(unit.baseAddress())));
                guard(errors, () -> unit.splitUnit().map(s -> {
                    walk(s);
                    return null;
                }));
            }
            guard(errors, () -> NameIndexes.scan(dwarf).entries());
            guard(errors, () -> DwarfStats.of(dwarf));
        }
    }

    private static void walk(Unit unit) {
        Types types = Types.of(unit.dwarf());
        DieCursor c = unit.cursor();
        int n = 0;
        while (c.next() && n++ < MAX_DIES_PER_UNIT) {
            Die d = c.die();
            d.attributes();
            d.resolvedName();
            int tag = d.tag();
            if (tag == DwTag.VARIABLE || tag == DwTag.FORMAL_PARAMETER || tag == DwTag.MEMBER
                    || tag == DwTag.SUBPROGRAM || tag == DwTag.TYPEDEF) {
                Type t = types.typeOf(d);
                types.names().name(t);
                types.names().ptype(t);
                types.sizeOf(t);
            }
            if (tag == DwTag.VARIABLE || tag == DwTag.FORMAL_PARAMETER) {
                Locations.of(d);
            }
            if (tag == DwTag.SUBPROGRAM || tag == DwTag.COMPILE_UNIT || tag == DwTag.LEXICAL_BLOCK) {
                Ranges.of(d);
            }
            if (n % 50 == 0) {
                d.parent();
                d.nextSibling();
            }
        }
    }

    private static <T> T guard(List<String> errors, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (TldbException e) {
            errors.add(e.getMessage());
            return null;
        }
    }
}
