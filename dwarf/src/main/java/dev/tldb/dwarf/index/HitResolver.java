package dev.tldb.dwarf.index;

import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwarfException;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.Unit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns index hits into entries. A hit with a DIE offset is read directly; a hit that only names a
 * unit (gdb's indexes) costs a scan of that unit, whose result is kept for later lookups.
 */
final class HitResolver {
    private final DwarfInfo dwarf;
    private final UnitScanner scanner;
    private final Map<String, List<IndexEntry>> scannedUnits = new ConcurrentHashMap<>();
    private final Set<String> problems = ConcurrentHashMap.newKeySet();

    HitResolver(DwarfInfo dwarf) {
        this.dwarf = dwarf;
        this.scanner = new UnitScanner(dwarf);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    List<IndexEntry> resolve(String name, List<IndexHit> hits) {
        Set<IndexEntry> out = new LinkedHashSet<>();
        for (IndexHit hit : hits) {
            Optional<Unit> unit = unitAt(hit);
            if (unit.isEmpty()) {
                continue;
            }
            if (hit.dieOffset().isPresent()) {
                Unit u = unit.get();
                Die die = u.dieAt(u.header().offset() + hit.dieOffset().getAsLong());
                scanner.entry(die).ifPresent(e -> out.add(new IndexEntry(name, e.kind(), e.die(), e.tls(),
                        e.external())));
            } else {
                for (IndexEntry e : scanned(unit.get())) {
                    if (e.name().equals(name)) {
                        out.add(e);
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The unit a hit names (through its skeleton, for split DWARF), if it exists. */
    private Optional<Unit> unitAt(IndexHit hit) {
        Optional<Unit> u = dwarf.unitContaining(hit.section(), hit.unitOffset());
        if (u.isEmpty() || u.get().header().offset() != hit.unitOffset()) {
            problems.add(dwarf.elf().name() + ": the name index refers to a unit at " + hit.section() + " 0x"
                    + Long.toHexString(hit.unitOffset()) + ", but no unit starts there");
            return Optional.empty();
        }
        if (u.get().isSkeleton()) {
            Optional<Unit> split = u.get().splitUnit();
            if (split.isEmpty()) {
                problems.add(dwarf.splitUnitProblem(u.get()).orElse("missing split unit"));
            }
            return split;
        }
        return u;
    }

    List<IndexEntry> scanned(Unit unit) {
        String key = unit.dwarf().elf().name() + "/" + unit.section() + "/" + unit.header().offset();
        List<IndexEntry> e = scannedUnits.get(key);
        if (e == null) {
            e = scanner.scan(unit);
            scannedUnits.putIfAbsent(key, e);
        }
        return e;
    }

    static DwarfException unusable(DwarfInfo dwarf, String what) {
        return new DwarfException(dwarf.elf().name() + ": " + what);
    }
}
