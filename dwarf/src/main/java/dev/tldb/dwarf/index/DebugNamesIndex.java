package dev.tldb.dwarf.index;

import dev.tldb.binary.ByteReader;
import dev.tldb.dwarf.DwForm;
import dev.tldb.dwarf.DwIdx;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.DwarfSection;
import dev.tldb.dwarf.InitialLength;
import dev.tldb.dwarf.UnitSection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The DWARF 5 {@code .debug_names} accelerator table (section 6.1.1), every name table in the
 * section: CU and TU lists, the hash table (buckets and hashes, used for lookups), the name table,
 * the abbreviations and the entry pool. Entries with {@code DW_IDX_die_offset} point straight at
 * their DIE; gdb's tables ({@code gdb-add-index -dwarf-5}) name only the unit, which is then
 * scanned. Foreign type units (split DWARF type units) are not resolved.
 */
final class DebugNamesIndex extends PrecomputedIndex {
    private final DwarfInfo dwarf;
    private final List<NameTable> tables = new ArrayList<>();

    private DebugNamesIndex(DwarfInfo dwarf) {
        super(dwarf);
        this.dwarf = dwarf;
    }

    /** Parses every name table's header, lists and abbreviations (the pool is read per lookup). */
    static DebugNamesIndex open(DwarfInfo dwarf) {
        DebugNamesIndex index = new DebugNamesIndex(dwarf);
        ByteReader r = dwarf.sections().reader(DwarfSection.NAMES);
        long at = 0;
        while (at < r.limit()) {
            NameTable t = NameTable.read(r, at);
            index.tables.add(t);
            at = t.end;
        }
        return index;
    }

    @Override
    public Source source() {
        return Source.DEBUG_NAMES;
    }

    @Override
    List<String> names() {
        Set<String> out = new LinkedHashSet<>();
        ByteReader str = dwarf.sections().reader(DwarfSection.STR);
        for (NameTable t : tables) {
            for (int i = 0; i < t.nameCount; i++) {
                out.add(str.cstringAt(checkedString(str, t.stringOffset(i))));
            }
        }
        return new ArrayList<>(out);
    }

    private static long checkedString(ByteReader str, long offset) {
        if (offset < 0 || offset >= str.limit()) {
            throw str.error(0, ".debug_names refers to string offset 0x" + Long.toHexString(offset)
                    + " outside .debug_str");
        }
        return offset;
    }

    @Override
    List<IndexHit> hits(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int hash = djbHash(utf8);
        ByteReader str = dwarf.sections().reader(DwarfSection.STR);
        List<IndexHit> out = new ArrayList<>();
        for (NameTable t : tables) {
            t.find(name, utf8, hash, str).ifPresent(i -> out.addAll(t.hits(i)));
        }
        return out;
    }

    /** The DJB hash with ASCII case folding, as DWARF 5 and gdb compute it. */
    static int djbHash(byte[] utf8) {
        int h = 5381;
        for (byte b : utf8) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            h = h * 33 + c;
        }
        return h;
    }

    /** One name index abbreviation: the tag and the (DW_IDX, form) pairs of its entries. */
    private record Abbrev(int tag, int[] idx, int[] forms, long[] consts) { }

    /** One name table (one per unit from some producers, one per module from others). */
    static final class NameTable {
        final ByteReader r;
        final long offset;
        final long end;
        final int offsetSize;
        final int cuCount;
        final int localTuCount;
        final int foreignTuCount;
        final int bucketCount;
        final int nameCount;
        final String augmentation;
        final long cuList;
        final long localTuList;
        final long buckets;
        final long hashes;
        final long stringOffsets;
        final long entryOffsets;
        final long entryPool;
        final Map<Long, Abbrev> abbrevs = new HashMap<>();

        private NameTable(ByteReader r, long offset, long end, int offsetSize, long[] counts, String augmentation,
                long listStart) {
            this.r = r;
            this.offset = offset;
            this.end = end;
            this.offsetSize = offsetSize;
            this.cuCount = (int) counts[0];
            this.localTuCount = (int) counts[1];
            this.foreignTuCount = (int) counts[2];
            this.bucketCount = (int) counts[3];
            this.nameCount = (int) counts[4];
            this.augmentation = augmentation;
            this.cuList = listStart;
            this.localTuList = cuList + (long) cuCount * offsetSize;
            long foreign = localTuList + (long) localTuCount * offsetSize;
            this.buckets = foreign + (long) foreignTuCount * 8;
            this.hashes = buckets + (long) bucketCount * 4;
            this.stringOffsets = hashes + (bucketCount == 0 ? 0 : (long) nameCount * 4);
            this.entryOffsets = stringOffsets + (long) nameCount * offsetSize;
            long abbrevTable = entryOffsets + (long) nameCount * offsetSize;
            long abbrevSize = counts[5];
            if (abbrevTable > end || abbrevSize > end - abbrevTable) {
                throw r.error(offset, "name table counts (" + cuCount + " CUs, " + nameCount + " names, "
                        + bucketCount + " buckets) do not fit in its " + (end - offset) + " bytes");
            }
            this.entryPool = abbrevTable + abbrevSize;
            readAbbrevs(abbrevTable, entryPool);
        }

        static NameTable read(ByteReader r, long offset) {
            r.position(offset);
            InitialLength initial = InitialLength.read(r);
            long length = initial.length();
            int offsetSize = initial.offsetSize();
            if (length > r.remaining() || length < 32) {
                throw r.error(offset, "name table length 0x" + Long.toHexString(length) + " does not fit the section");
            }
            long end = r.position() + length;
            int version = r.u16();
            if (version != 5) {
                throw r.error(offset, "unsupported .debug_names version " + version);
            }
            r.u16(); // padding
            long[] counts = new long[6];
            for (int i = 0; i < 6; i++) {
                counts[i] = r.u32();
                if (counts[i] > length) {
                    throw r.error(offset, "count " + counts[i] + " is larger than the name table");
                }
            }
            long augSize = r.u32();
            if (augSize > end - r.position()) {
                throw r.error(offset, "augmentation string runs past the name table");
            }
            byte[] aug = r.bytes((int) augSize);
            int len = 0;
            while (len < aug.length && aug[len] != 0) {
                len++;
            }
            String augmentation = new String(aug, 0, len, StandardCharsets.UTF_8);
            long listStart = r.position() + ((-augSize) & 3); // padded to 4 bytes
            return new NameTable(r, offset, end, offsetSize, counts, augmentation, listStart);
        }

        private void readAbbrevs(long from, long to) {
            ByteReader a = r.window(0, to);
            a.position(from);
            while (true) {
                long code = a.uleb128();
                if (code == 0) {
                    return;
                }
                long tag = a.uleb128();
                List<long[]> pairs = new ArrayList<>();
                while (true) {
                    long idx = a.uleb128();
                    long form = a.uleb128();
                    if (idx == 0 && form == 0) {
                        break;
                    }
                    long c = form == DwForm.IMPLICIT_CONST ? a.sleb128() : 0;
                    pairs.add(new long[] {idx, form, c});
                }
                int n = pairs.size();
                int[] idx = new int[n];
                int[] forms = new int[n];
                long[] consts = new long[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = (int) pairs.get(i)[0];
                    forms[i] = (int) pairs.get(i)[1];
                    consts[i] = pairs.get(i)[2];
                }
                if (abbrevs.putIfAbsent(code, new Abbrev((int) tag, idx, forms, consts)) != null) {
                    throw a.error(from, "name index abbreviation " + code + " is defined twice");
                }
            }
        }

        long cuOffset(long i) {
            return offsetAt(cuList, i, cuCount, "CU");
        }

        long localTuOffset(long i) {
            return offsetAt(localTuList, i, localTuCount, "TU");
        }

        /** A fresh reader over this table (lookups may run on several threads at once). */
        private ByteReader reader() {
            return r.window(0, end);
        }

        private long offsetAt(long base, long i, int count, String what) {
            if (i < 0 || i >= count) {
                throw r.error(offset, "entry names " + what + " " + i + " of " + count);
            }
            ByteReader x = reader();
            x.position(base + i * offsetSize);
            return x.unsigned(offsetSize);
        }

        long stringOffset(int i) {
            ByteReader x = reader();
            x.position(stringOffsets + (long) i * offsetSize);
            return x.unsigned(offsetSize);
        }

        long entryOffset(int i) {
            ByteReader x = reader();
            x.position(entryOffsets + (long) i * offsetSize);
            return x.unsigned(offsetSize);
        }

        /** The name's index in the table: through the hash table, or a linear scan when it has none. */
        java.util.OptionalInt find(String name, byte[] utf8, int hash, ByteReader str) {
            if (bucketCount == 0) {
                for (int i = 0; i < nameCount; i++) {
                    if (str.cstringEquals(stringOffset(i), utf8)) {
                        return java.util.OptionalInt.of(i);
                    }
                }
                return java.util.OptionalInt.empty();
            }
            ByteReader x = reader();
            long bucket = Integer.toUnsignedLong(hash) % bucketCount;
            x.position(buckets + bucket * 4);
            long i = x.u32();
            if (i == 0) {
                return java.util.OptionalInt.empty();
            }
            for (long n = i - 1; n < nameCount; n++) {
                x.position(hashes + n * 4);
                int h = x.s32();
                if (Integer.toUnsignedLong(h) % bucketCount != bucket) {
                    break;
                }
                if (h == hash && str.cstringEquals(stringOffset((int) n), utf8)) {
                    return java.util.OptionalInt.of((int) n);
                }
            }
            return java.util.OptionalInt.empty();
        }

        /** The entries of name {@code i}: each a unit and, if recorded, a DIE. */
        List<IndexHit> hits(int i) {
            List<IndexHit> out = new ArrayList<>();
            long at = entryPool + entryOffset(i);
            if (at >= end) {
                throw r.error(at, "name table entry offset lies past the table");
            }
            ByteReader p = reader();
            p.position(at);
            while (true) {
                long entryAt = p.position();
                long code = p.uleb128();
                if (code == 0) {
                    return out;
                }
                Abbrev a = abbrevs.get(code);
                if (a == null) {
                    throw p.error(entryAt, "entry uses undefined abbreviation " + code);
                }
                long cu = -1;
                long tu = -1;
                OptionalLong die = OptionalLong.empty();
                for (int k = 0; k < a.idx.length; k++) {
                    long v = value(p, a.forms[k], a.consts[k], entryAt);
                    switch (a.idx[k]) {
                        case DwIdx.COMPILE_UNIT -> cu = v;
                        case DwIdx.TYPE_UNIT -> tu = v;
                        case DwIdx.DIE_OFFSET -> die = OptionalLong.of(v);
                        default -> { } // parent, type hash, GNU linkage flags: not needed to find the DIE
                    }
                }
                if (tu >= 0) {
                    if (tu < localTuCount) {
                        out.add(new IndexHit(UnitSection.INFO, localTuOffset(tu), die, a.tag));
                    }
                    continue; // foreign type units live in .dwo files this index cannot name
                }
                if (cu < 0) {
                    if (cuCount != 1) {
                        throw p.error(entryAt, "entry has no DW_IDX_compile_unit in a table of " + cuCount + " CUs");
                    }
                    cu = 0;
                }
                out.add(new IndexHit(UnitSection.INFO, cuOffset(cu), die, a.tag));
            }
        }

        private long value(ByteReader p, int form, long implicitConst, long entryAt) {
            return switch (form) {
                case DwForm.FLAG_PRESENT -> 1;
                case DwForm.IMPLICIT_CONST -> implicitConst;
                case DwForm.DATA1, DwForm.REF1, DwForm.FLAG -> p.u8();
                case DwForm.DATA2, DwForm.REF2 -> p.u16();
                case DwForm.DATA4, DwForm.REF4 -> p.u32();
                case DwForm.DATA8, DwForm.REF8, DwForm.REF_SIG8 -> p.u64();
                case DwForm.UDATA, DwForm.REF_UDATA -> p.uleb128();
                case DwForm.SDATA -> p.sleb128();
                default -> throw p.error(entryAt, "unsupported form " + DwForm.name(form) + " in a name index entry");
            };
        }
    }

    /** Checks that every name sits where the hash table says it should (for tests and dumps). */
    List<String> verifyHashes() {
        List<String> bad = new ArrayList<>();
        ByteReader str = dwarf.sections().reader(DwarfSection.STR);
        for (NameTable t : tables) {
            for (int i = 0; i < t.nameCount; i++) {
                String n = str.cstringAt(checkedString(str, t.stringOffset(i)));
                byte[] utf8 = n.getBytes(StandardCharsets.UTF_8);
                if (t.find(n, utf8, djbHash(utf8), str).isEmpty()) {
                    bad.add(n);
                }
            }
        }
        return bad;
    }
}
