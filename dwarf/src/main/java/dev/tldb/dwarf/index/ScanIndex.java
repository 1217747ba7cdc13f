package dev.tldb.dwarf.index;

import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.Unit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The index built by scanning every unit, in parallel (one task per unit on the common
 * fork-join pool), when the file has no precomputed index. Skeleton units are scanned through
 * their {@code .dwo}; a missing {@code .dwo} is a problem, not a failure.
 */
final class ScanIndex implements NameIndex {
    private final CompactIndex index;
    private final List<String> problems;

    ScanIndex(CompactIndex index, List<String> problems) {
        this.index = index;
        this.problems = List.copyOf(problems);
    }

    static ScanIndex build(DwarfInfo dwarf) {
        UnitScanner scanner = new UnitScanner(dwarf);
        List<Unit> units = dwarf.allUnits();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        // One name cache per worker thread, dropped with the scan.
        ThreadLocal<StringCache> strings = ThreadLocal.withInitial(StringCache::new);
        List<IndexChunk> perUnit = units.parallelStream().map(u -> {
            Unit target = u;
            if (u.isSkeleton()) {
                Optional<Unit> split = u.splitUnit();
                if (split.isEmpty()) {
                    problems.add(dwarf.splitUnitProblem(u).orElse("missing split unit"));
                    return new IndexChunk(u.section(), u.header().offset(), null);
                }
                target = split.get();
            }
            StringCache names = strings.get();
            IndexChunk chunk = new IndexChunk(target.section(), UnitScanner.unitKey(target), names);
            scanner.scan(target, null, names, chunk);
            return chunk;
        }).toList();
        return new ScanIndex(CompactIndex.join(perUnit), problems);
    }

    /**
     * The entries named {@code name}, by a parallel scan that builds no index: for a one-off
     * lookup in a file without a precomputed index. Skeletons with a missing .dwo are skipped.
     */
    static List<IndexEntry> find(DwarfInfo dwarf, String name) {
        UnitScanner scanner = new UnitScanner(dwarf);
        byte[] utf8 = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<List<IndexEntry>> perUnit = dwarf.allUnits().parallelStream().map(u -> {
            Optional<Unit> target = u.isSkeleton() ? u.splitUnit() : Optional.of(u);
            return target.map(t -> scanner.scan(t, utf8)).orElse(List.of());
        }).toList();
        List<IndexEntry> all = new ArrayList<>();
        perUnit.forEach(all::addAll);
        return all;
    }

    CompactIndex compact() {
        return index;
    }

    @Override
    public Source source() {
        return Source.SCAN;
    }

    @Override
    public List<IndexEntry> lookup(String name) {
        return index.lookup(name);
    }

    @Override
    public List<IndexEntry> entries() {
        return index.entries();
    }

    @Override
    public List<String> problems() {
        return problems;
    }
}
