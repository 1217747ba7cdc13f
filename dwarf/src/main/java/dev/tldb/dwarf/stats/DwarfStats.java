package dev.tldb.dwarf.stats;

import dev.tldb.dwarf.DieCursor;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.Unit;
import dev.tldb.dwarf.index.EntryKind;
import dev.tldb.dwarf.index.IndexEntry;
import dev.tldb.dwarf.index.NameIndex;
import dev.tldb.dwarf.index.NameIndexes;
import dev.tldb.dwarf.line.LineTable;
import dev.tldb.dwarf.line.LineTables;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts for {@code tldb dwarf stats BIN}: units (with split units found and missing), DIEs
 * (through {@code .dwo} files), global names by kind, thread-local variables, line rows. Units
 * are walked in parallel.
 *
 * @param dies          non-null DIEs of all units, split units included (what readelf counts)
 * @param lineRows      rows of all distinct line tables, end_sequence rows included
 * @param indexSource   which name index the counts of names came from
 * @param problems      one line per thing that could not be read (a missing .dwo, ...)
 */
public record DwarfStats(
        String file,
        int compileUnits,
        int typeUnits,
        int splitUnits,
        int missingSplitUnits,
        long dies,
        long variables,
        long tlsVariables,
        long functions,
        long types,
        int lineTables,
        long lineRows,
        NameIndex.Source indexSource,
        List<String> problems) {

    public DwarfStats {
        problems = List.copyOf(problems);
    }

    public static DwarfStats of(DwarfInfo dwarf) {
        List<Unit> units = dwarf.allUnits();
        LongAdder dies = new LongAdder();
        LongAdder split = new LongAdder();
        LongAdder missing = new LongAdder();
        List<String> problems = new ArrayList<>();
        Set<String> problemSet = ConcurrentHashMap.newKeySet();
        units.parallelStream().forEach(u -> {
            dies.add(count(u));
            if (u.isSkeleton()) {
                Optional<Unit> s = u.splitUnit();
                if (s.isPresent()) {
                    split.increment();
                    dies.add(count(s.get()));
                } else {
                    missing.increment();
                    dwarf.splitUnitProblem(u).ifPresent(problemSet::add);
                }
            }
        });
        NameIndex index = NameIndexes.of(dwarf);
        long vars = 0;
        long tls = 0;
        long functions = 0;
        long types = 0;
        for (IndexEntry e : index.entries()) {
            if (e.kind() == EntryKind.VARIABLE) {
                vars++;
                if (e.tls()) {
                    tls++;
                }
            } else if (e.kind() == EntryKind.FUNCTION) {
                functions++;
            } else if (e.kind() == EntryKind.TYPE) {
                types++;
            }
        }
        Set<LineTable> tables = ConcurrentHashMap.newKeySet();
        LineTables lines = LineTables.of(dwarf);
        units.parallelStream().filter(u -> !u.isTypeUnit()).forEach(u -> lines.forUnit(u).ifPresent(tables::add));
        long rows = tables.stream().mapToLong(t -> t.rows().size()).sum();
        int typeUnits = (int) units.stream().filter(Unit::isTypeUnit).count();
        problems.addAll(problemSet);
        index.problems().stream().filter(p -> !problemSet.contains(p)).forEach(problems::add);
        return new DwarfStats(dwarf.elf().name(), units.size() - typeUnits, typeUnits, (int) split.sum(),
                (int) missing.sum(), dies.sum(), vars, tls, functions, types, tables.size(), rows, index.source(),
                problems);
    }

    private static long count(Unit u) {
        long n = 0;
        DieCursor c = u.cursor();
        while (c.next()) {
            n++;
        }
        return n;
    }

    /** The report {@code tldb dwarf stats} prints. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(file).append('\n');
        b.append("  compile units   ").append(compileUnits);
        if (splitUnits + missingSplitUnits > 0) {
            b.append(" (").append(splitUnits).append(" split units read, ").append(missingSplitUnits).append(" missing)");
        }
        b.append('\n');
        b.append("  type units      ").append(typeUnits).append('\n');
        b.append("  DIEs            ").append(dies).append('\n');
        b.append("  variables       ").append(variables).append(" (").append(tlsVariables).append(" thread-local)\n");
        b.append("  functions       ").append(functions).append('\n');
        b.append("  types           ").append(types).append('\n');
        b.append("  line rows       ").append(lineRows).append(" in ").append(lineTables).append(" tables\n");
        b.append("  name index      ").append(indexSource.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        for (String p : problems) {
            b.append("  warning: ").append(p).append('\n');
        }
        return b.toString();
    }
}
