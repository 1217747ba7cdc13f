package dev.tldb.dwarf.testing;

import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DieCursor;
import dev.tldb.dwarf.DwAt;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.Unit;

import java.util.Optional;

/** Finds DIEs by name the slow, obvious way, independently of the name index under test. */
public final class Dies {
    private Dies() {}

    /** The defining top-level variable or function DIE called {@code name} (through split units). */
    public static Die global(DwarfInfo dwarf, String name) {
        for (Unit u0 : dwarf.units()) {
            Unit u = u0.splitUnit().orElse(u0);
            DieCursor c = u.cursor();
            while (c.next()) {
                if (c.depth() != 1 || (c.tag() != DwTag.VARIABLE && c.tag() != DwTag.SUBPROGRAM)) {
                    continue;
                }
                Die d = c.die();
                if (d.flag(DwAt.DECLARATION)) {
                    continue;
                }
                Optional<String> n = d.resolvedName();
                if (n.isPresent() && n.get().equals(name)) {
                    return d;
                }
            }
        }
        throw new AssertionError("no DIE named " + name);
    }

    /** The first type DIE at unit level with this tag and name (also in type units). */
    public static Die type(DwarfInfo dwarf, int tag, String name) {
        java.util.List<Unit> units = new java.util.ArrayList<>();
        for (Unit u0 : dwarf.allUnits()) {
            units.add(u0);
            u0.splitUnit().ifPresent(s -> units.addAll(s.dwarf().allUnits()));
        }
        for (Unit u : units) {
            DieCursor c = u.cursor();
            while (c.next()) {
                if (c.tag() == tag && !c.die().flag(DwAt.DECLARATION) && c.die().name().filter(name::equals).isPresent()) {
                    return c.die();
                }
            }
        }
        throw new AssertionError("no " + DwTag.name(tag) + " named " + name);
    }
}
