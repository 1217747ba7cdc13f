package dev.tldb.dwarf.line;

import dev.tldb.binary.ByteReader;
import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwTag;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.DwarfSection;
import dev.tldb.dwarf.Unit;
import dev.tldb.dwarf.lists.AddressRange;
import dev.tldb.dwarf.lists.Ranges;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Line tables of one file's units, decoded on first use and kept. A split unit uses its
 * skeleton's table ({@code DW_AT_stmt_list} lives in the skeleton, the table in the main file).
 *
 * <pre>{@code
 * LineTables lines = LineTables.of(dwarf);
 * Optional<SourceLocation> where = lines.location(pc);     // "sample.c:42"
 * Optional<LineRow> row = lines.forUnit(unit).flatMap(t -> t.findRow(pc));
 * }</pre>
 */
public final class LineTables {
    private final DwarfInfo dwarf;
    private final Map<Long, LineTable> byOffset = new ConcurrentHashMap<>();

    private LineTables(DwarfInfo dwarf) {
        this.dwarf = dwarf;
    }

    /** The line tables of {@code dwarf} (one instance per file). */
    public static LineTables of(DwarfInfo dwarf) {
        return dwarf.attachment(LineTables.class, LineTables::new);
    }

    /** The line table of {@code unit}, if it has one. */
    public Optional<LineTable> forUnit(Unit unit) {
        Unit owner = unit.skeleton().orElse(unit);
        if (owner.dwarf() != dwarf) {
            return LineTables.of(owner.dwarf()).forUnit(owner);
        }
        if (owner.lineProgramOffset().isEmpty()) {
            return Optional.empty();
        }
        long offset = owner.lineProgramOffset().getAsLong();
        LineTable t = byOffset.get(offset);
        if (t == null) {
            t = read(owner, offset);
            LineTable raced = byOffset.putIfAbsent(offset, t);
            if (raced != null) {
                t = raced;
            }
        }
        return Optional.of(t);
    }

    private LineTable read(Unit unit, long offset) {
        ByteReader r = dwarf.sections().reader(DwarfSection.LINE);
        LineProgramHeader h = LineProgramReader.header(r, offset, unit);
        LineProgramReader.Result result = LineProgramReader.run(r, h);
        return new LineTable(h, result.rows(), result.definedFiles(), unit.compDir().orElse(""));
    }

    /**
     * The compile unit whose code contains {@code pc} (by its root's address ranges), searching
     * skeletons too. Units without address attributes are skipped. The ranges of all units are
     * gathered once into a sorted table, so a backtrace costs a binary search per frame.
     */
    public Optional<Unit> unitContaining(long pc) {
        AddressMap m = addressMap;
        if (m == null) {
            m = addressMap = AddressMap.build(dwarf);
        }
        return m.find(pc);
    }

    private volatile AddressMap addressMap;

    /** Unit ranges sorted by start address (unsigned), with the unit of each. */
    private record AddressMap(long[] begins, long[] ends, long[] maxEnds, Unit[] units) {
        static AddressMap build(DwarfInfo dwarf) {
            List<Object[]> rows = new java.util.ArrayList<>();
            for (Unit u : dwarf.units()) {
                if (u.isTypeUnit()) {
                    continue;
                }
                Die root = u.root();
                if (root.tag() != DwTag.COMPILE_UNIT && root.tag() != DwTag.SKELETON_UNIT
                        && root.tag() != DwTag.PARTIAL_UNIT) {
                    continue;
                }
                for (AddressRange r : Ranges.of(root)) {
                    rows.add(new Object[] {r, u});
                }
            }
            rows.sort((a, b) -> Long.compareUnsigned(((AddressRange) a[0]).begin(), ((AddressRange) b[0]).begin()));
            long[] begins = new long[rows.size()];
            long[] ends = new long[rows.size()];
            Unit[] units = new Unit[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                begins[i] = ((AddressRange) rows.get(i)[0]).begin();
                ends[i] = ((AddressRange) rows.get(i)[0]).end();
                units[i] = (Unit) rows.get(i)[1];
            }
            long[] maxEnds = new long[ends.length];
            for (int i = 0; i < ends.length; i++) {
                maxEnds[i] = i == 0 || Long.compareUnsigned(ends[i], maxEnds[i - 1]) > 0 ? ends[i] : maxEnds[i - 1];
            }
            return new AddressMap(begins, ends, maxEnds, units);
        }

        Optional<Unit> find(long pc) {
            int lo = 0;
            int hi = begins.length - 1;
            int last = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (Long.compareUnsigned(begins[mid], pc) <= 0) {
                    last = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            // Ranges may overlap (objects place every section at 0): look back for one that contains pc.
            for (int i = last; i >= 0 && Long.compareUnsigned(maxEnds[i], pc) > 0; i--) {
                if (Long.compareUnsigned(pc - begins[i], ends[i] - begins[i]) < 0) {
                    return Optional.of(units[i]);
                }
            }
            return Optional.empty();
        }
    }

    /** The source location of {@code pc}: the unit that covers it, then its line table. */
    public Optional<SourceLocation> location(long pc) {
        return unitContaining(pc).flatMap(this::forUnit).flatMap(t -> t.location(pc));
    }
}
