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
     * skeletons too. Units without address attributes are skipped.
     */
    public Optional<Unit> unitContaining(long pc) {
        for (Unit u : dwarf.units()) {
            if (u.isTypeUnit()) {
                continue;
            }
            Die root = u.root();
            if (root.tag() != DwTag.COMPILE_UNIT && root.tag() != DwTag.SKELETON_UNIT
                    && root.tag() != DwTag.PARTIAL_UNIT) {
                continue;
            }
            List<AddressRange> ranges = Ranges.of(root);
            for (AddressRange range : ranges) {
                if (range.contains(pc)) {
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }

    /** The source location of {@code pc}: the unit that covers it, then its line table. */
    public Optional<SourceLocation> location(long pc) {
        return unitContaining(pc).flatMap(this::forUnit).flatMap(t -> t.location(pc));
    }
}
