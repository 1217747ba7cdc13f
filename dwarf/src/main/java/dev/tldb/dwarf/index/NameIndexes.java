package dev.tldb.dwarf.index;

import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.DwarfSection;
import dev.tldb.error.TldbException;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses and builds a file's name index, once: {@code .debug_names} if present and readable,
 * else {@code .gdb_index}, else a parallel scan of all units. A precomputed index that cannot be
 * read is not fatal: the scan takes over and the reason is kept in {@link NameIndex#problems()}.
 *
 * <pre>{@code
 * NameIndex index = NameIndexes.of(dwarf);
 * for (IndexEntry e : index.lookup("tls_counter")) {
 *     Die die = dwarf.die(e.die());
 *     Optional<LocationDescription> loc = Locations.of(die);   // expression bytes + Encoding
 *     Type type = Types.of(dwarf).typeOf(die);
 * }
 * }</pre>
 */
public final class NameIndexes {
    private NameIndexes() {}

    /** The best index of {@code dwarf} (built on first call, then kept with the file). */
    public static NameIndex of(DwarfInfo dwarf) {
        return dwarf.attachment(NameIndex.class, NameIndexes::choose);
    }

    private static NameIndex choose(DwarfInfo dwarf) {
        List<String> problems = new ArrayList<>();
        if (dwarf.sections().has(DwarfSection.NAMES)) {
            try {
                return DebugNamesIndex.open(dwarf);
            } catch (TldbException e) {
                problems.add("ignoring .debug_names: " + e.getMessage());
            }
        }
        if (dwarf.sections().has(DwarfSection.GDB_INDEX)) {
            try {
                return GdbIndex.open(dwarf);
            } catch (TldbException e) {
                problems.add("ignoring .gdb_index: " + e.getMessage());
            }
        }
        ScanIndex scan = ScanIndex.build(dwarf);
        if (problems.isEmpty()) {
            return scan;
        }
        problems.addAll(scan.problems());
        return new ScanIndex(scan.compact(), problems);
    }

    /**
     * The entries named {@code name}, the cheapest way: through the file's index if one is built
     * or stored in the file, else by a parallel scan that looks for this name only (and builds
     * nothing: a second name costs a second scan, so callers with many lookups use {@link #of}).
     */
    public static List<IndexEntry> lookup(DwarfInfo dwarf, String name) {
        if (dwarf.hasAttachment(NameIndex.class) || dwarf.sections().has(DwarfSection.NAMES)
                || dwarf.sections().has(DwarfSection.GDB_INDEX)) {
            return of(dwarf).lookup(name);
        }
        return ScanIndex.find(dwarf, name);
    }

    /** An index from a parallel scan of every unit, whatever the file offers. */
    public static NameIndex scan(DwarfInfo dwarf) {
        return ScanIndex.build(dwarf);
    }

    /**
     * The entries of an index built by {@link #scan} (or by {@link #of} when it had to scan) in
     * the compact form an on-disk cache stores; empty for the file's own precomputed indexes.
     */
    public static java.util.Optional<CompactIndex> compactOf(NameIndex index) {
        return index instanceof ScanIndex s ? java.util.Optional.of(s.compact()) : java.util.Optional.empty();
    }

    /**
     * Makes {@code index} the one {@link #of} returns for this file from now on (an index loaded
     * from a cache, say), unless {@link #of} already built one; returns the one in force.
     */
    public static NameIndex attach(DwarfInfo dwarf, NameIndex index) {
        return dwarf.attachment(NameIndex.class, d -> index);
    }

    /** Whether the file carries an index of its own ({@code .debug_names} or {@code .gdb_index}). */
    public static boolean hasPrecomputed(DwarfInfo dwarf) {
        return dwarf.sections().has(DwarfSection.NAMES) || dwarf.sections().has(DwarfSection.GDB_INDEX);
    }

    /** The scan's entries in the compact, serialisable form (for an on-disk cache). */
    public static CompactIndex compactScan(DwarfInfo dwarf) {
        return ScanIndex.build(dwarf).compact();
    }

    /** An index over entries loaded from a cache. */
    public static NameIndex fromCompact(CompactIndex compact) {
        return new ScanIndex(compact, List.of());
    }

    /** The file's {@code .debug_names}, parsed; a {@link dev.tldb.binary.FormatException} if malformed. */
    public static NameIndex debugNames(DwarfInfo dwarf) {
        if (!dwarf.sections().has(DwarfSection.NAMES)) {
            throw HitResolver.unusable(dwarf, "has no .debug_names section");
        }
        return DebugNamesIndex.open(dwarf);
    }

    /** The file's {@code .gdb_index}, parsed. */
    public static NameIndex gdbIndex(DwarfInfo dwarf) {
        if (!dwarf.sections().has(DwarfSection.GDB_INDEX)) {
            throw HitResolver.unusable(dwarf, "has no .gdb_index section");
        }
        return GdbIndex.open(dwarf);
    }
}
