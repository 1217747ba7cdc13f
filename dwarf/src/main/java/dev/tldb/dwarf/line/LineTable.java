package dev.tldb.dwarf.line;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The decoded line table of one unit: its header, every row, and an address lookup. Rows are kept
 * in program order; lookups use the sequences (runs of rows ending in end_sequence), sorted by
 * start address, so {@link #findRow} is two binary searches.
 */
public final class LineTable {
    private final LineProgramHeader header;
    private final List<LineRow> rows;
    private final List<FileEntry> files;
    private final String compDir;
    private final long[] seqStart;
    private final long[] seqEnd;
    private final int[] seqFirstRow;
    private final int[] seqEndRow;

    LineTable(LineProgramHeader header, List<LineRow> rows, List<FileEntry> definedFiles, String compDir) {
        this.header = header;
        this.rows = List.copyOf(rows);
        List<FileEntry> all = new ArrayList<>(header.files());
        all.addAll(definedFiles);
        this.files = List.copyOf(all);
        this.compDir = compDir;
        List<int[]> seqs = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).endSequence()) {
                if (i > first) {
                    seqs.add(new int[] {first, i});
                }
                first = i + 1;
            }
        }
        seqs.sort(Comparator.comparingLong((int[] s) -> rows.get(s[0]).address()));
        seqStart = new long[seqs.size()];
        seqEnd = new long[seqs.size()];
        seqFirstRow = new int[seqs.size()];
        seqEndRow = new int[seqs.size()];
        for (int i = 0; i < seqs.size(); i++) {
            int[] s = seqs.get(i);
            seqFirstRow[i] = s[0];
            seqEndRow[i] = s[1];
            seqStart[i] = rows.get(s[0]).address();
            seqEnd[i] = rows.get(s[1]).address();
        }
    }

    public LineProgramHeader header() {
        return header;
    }

    /** All rows, in the order the program produced them (end_sequence rows included). */
    public List<LineRow> rows() {
        return rows;
    }

    /** The file table: the header's files, then any added by DW_LNE_define_file. */
    public List<FileEntry> files() {
        return files;
    }

    /**
     * The row that describes {@code address}: the last row at or before it in the sequence that
     * covers it (an end_sequence row never matches). Addresses are compared unsigned.
     */
    public Optional<LineRow> findRow(long address) {
        for (int s = lastSequenceStartingAtOrBefore(address); s >= 0; s--) {
            if (Long.compareUnsigned(address, seqEnd[s]) >= 0) {
                // Sequences may overlap in objects (all sections at 0); keep looking further back.
                continue;
            }
            int lo = seqFirstRow[s];
            int hi = seqEndRow[s] - 1;
            // Rows of a sequence have non-decreasing addresses: find the last one <= address.
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (Long.compareUnsigned(rows.get(mid).address(), address) <= 0) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return Optional.of(rows.get(lo));
        }
        return Optional.empty();
    }

    private int lastSequenceStartingAtOrBefore(long address) {
        int lo = 0;
        int hi = seqStart.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(seqStart[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** File and line of {@code address}. */
    public Optional<SourceLocation> location(long address) {
        return findRow(address).map(r -> new SourceLocation(fileName(r.file()).orElse("??"), r.line(), r.column()));
    }

    /** The file entry a row's file register names (1-based before DWARF 5, 0-based in DWARF 5). */
    public Optional<FileEntry> file(long index) {
        long i = header.version() >= 5 ? index : index - 1;
        if (i < 0 || i >= files.size()) {
            return Optional.empty();
        }
        return Optional.of(files.get((int) i));
    }

    /**
     * The full name of file {@code index}: its path joined to its directory, joined to the
     * compilation directory when still relative (what gdb shows as the symtab's full name).
     */
    public Optional<String> fileName(long index) {
        return file(index).map(f -> {
            if (isAbsolute(f.path())) {
                return f.path();
            }
            String dir = directory(f.directoryIndex()).orElse("");
            String joined = join(dir, f.path());
            // DWARF 5: relative directories are relative to directory 0, the compilation directory.
            String base = header.version() >= 5 && !header.directories().isEmpty() ? header.directories().get(0)
                    : compDir;
            return isAbsolute(joined) || base.isEmpty() ? joined : join(base, joined);
        });
    }

    /** Directory {@code index}: DWARF 5 counts from 0 (the compilation directory); older versions from 1. */
    public Optional<String> directory(long index) {
        List<String> dirs = header.directories();
        if (header.version() >= 5) {
            return index >= 0 && index < dirs.size() ? Optional.of(dirs.get((int) index)) : Optional.empty();
        }
        if (index == 0) {
            return Optional.of(compDir);
        }
        return index > 0 && index <= dirs.size() ? Optional.of(dirs.get((int) index - 1)) : Optional.empty();
    }

    private static boolean isAbsolute(String p) {
        return p.startsWith("/") || (p.length() > 2 && p.charAt(1) == ':' && (p.charAt(2) == '\\' || p.charAt(2) == '/'));
    }

    private static String join(String dir, String file) {
        if (dir.isEmpty()) {
            return file;
        }
        return dir.endsWith("/") ? dir + file : dir + "/" + file;
    }

    /** The sequences' address ranges, sorted by start (for "which unit has this pc" without DIEs). */
    public long[][] sequenceRanges() {
        long[][] out = new long[seqStart.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new long[] {seqStart[i], seqEnd[i]};
        }
        return out;
    }

    @Override
    public String toString() {
        return "line table at 0x" + Long.toHexString(header.offset()) + " (" + rows.size() + " rows, "
                + Arrays.stream(seqStart).count() + " sequences)";
    }

    /** The base name of a path, for callers that want gdb's short file names. */
    public static String baseName(String path) {
        Path p = Path.of(path).getFileName();
        return p == null ? path : p.toString();
    }
}
