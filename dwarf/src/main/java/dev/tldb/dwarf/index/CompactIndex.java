package dev.tldb.dwarf.index;

import dev.tldb.binary.FormatException;
import dev.tldb.dwarf.DieRef;
import dev.tldb.dwarf.UnitSection;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Index entries grouped by name in plain arrays, with a hash map from name to name number: small
 * in memory, one range of entries per name, and laid out as the persistent index cache stores
 * them, so writing a cache file is a bulk copy ({@code dev.tldb.dwarf.index.cache}).
 *
 * <p>Each entry is two adjacent longs: the unit offset, then {@link #packed}: the DIE offset in
 * bits 0-55, the {@link EntryKind} ordinal in bits 56-58, the flags in 59-60 (1 = TLS,
 * 2 = external) and the {@link UnitSection} ordinal in 61-63. Within a name, entries keep the
 * order they were found in (unit order, for a scan).
 *
 * <p>Stream format of {@link #writeTo} (big-endian, {@link DataOutputStream}): magic
 * {@code TLDBNIX1}, the caller's key (UTF), the number of distinct names and the names (UTF), the
 * number of entries, then per entry: name number (int), kind (byte), flags (byte), section (byte),
 * unit offset (long), DIE offset (long).
 */
public final class CompactIndex {
    private static final long MAGIC = 0x544c_4442_4e49_5831L; // "TLDBNIX1"
    private static final EntryKind[] KINDS = EntryKind.values();
    private static final UnitSection[] SECTIONS = UnitSection.values();
    /** The largest DIE offset an entry can hold: the bits above carry kind, flags and section. */
    public static final long MAX_DIE_OFFSET = (1L << 56) - 1;

    private final String[] names;
    /** Name to name number. */
    private final Map<String, Integer> ids;
    /** The entries of name {@code id} are {@code first[id]} to {@code first[id + 1] - 1}. */
    private final int[] first;
    /** Two words per entry, grouped by name (see the class comment). */
    private final long[] words;

    private CompactIndex(String[] names, Map<String, Integer> ids, int[] first, long[] words) {
        this.names = names;
        this.ids = ids;
        this.first = first;
        this.words = words;
    }

    /** An entry's second word: DIE offset, kind, flags and section in one long. */
    public static long packed(EntryKind kind, boolean tls, boolean external, UnitSection section, long dieOffset) {
        return packed(kind.ordinal(), (tls ? 1 : 0) | (external ? 2 : 0), section.ordinal(), dieOffset);
    }

    static long packed(int kind, int flags, int section, long dieOffset) {
        if (dieOffset < 0 || dieOffset > MAX_DIE_OFFSET) {
            throw tooLarge(dieOffset);
        }
        return dieOffset | ((long) kind << 56) | ((long) flags << 59) | ((long) section << 61);
    }

    private static FormatException tooLarge(long dieOffset) { // out of line: packed() runs per entry
        return new FormatException("DIE offset 0x" + Long.toHexString(dieOffset) + " is too large to index");
    }

    /** Names numbered in order of first appearance, while entries are collected. */
    private static final class Numbering {
        final Map<String, Integer> ids;
        final List<String> names = new ArrayList<>();

        Numbering(int expected) {
            ids = new HashMap<>(Math.max(16, expected));
        }

        int of(String name) {
            Integer id = ids.get(name);
            if (id == null) {
                id = names.size();
                ids.put(name, id);
                names.add(name);
            }
            return id;
        }
    }

    /** Where each name's range starts, from the name of every entry (a counting sort's first half). */
    private static int[] starts(int[] nameOf, int nameCount) {
        int[] first = new int[nameCount + 1];
        for (int id : nameOf) {
            first[id + 1]++;
        }
        for (int i = 0; i < nameCount; i++) {
            first[i + 1] += first[i];
        }
        return first;
    }

    public static CompactIndex of(List<IndexEntry> entries) {
        int n = entries.size();
        Numbering numbering = new Numbering(n);
        int[] nameOf = new int[n];
        for (int i = 0; i < n; i++) {
            nameOf[i] = numbering.of(entries.get(i).name());
        }
        int[] first = starts(nameOf, numbering.names.size());
        int[] fill = Arrays.copyOf(first, numbering.names.size());
        long[] words = new long[2 * n];
        for (int i = 0; i < n; i++) {
            IndexEntry e = entries.get(i);
            int at = 2 * fill[nameOf[i]]++;
            words[at] = e.die().unit();
            words[at + 1] = packed(e.kind(), e.tls(), e.external(), e.die().section(), e.die().die());
        }
        return new CompactIndex(numbering.names.toArray(new String[0]), numbering.ids, first, words);
    }

    /**
     * The entries of per-unit chunks, in chunk order (a scan's result). Names are numbered in
     * order of first appearance; a name the scanning thread knew by number maps through that
     * thread's table to its final number (an array read), so that only the distinct names of a
     * large program cost a hash lookup, not its millions of repeats. A second pass places each
     * entry in its name's range.
     */
    static CompactIndex join(List<IndexChunk> chunks) {
        int n = 0;
        for (IndexChunk c : chunks) {
            n += c.size;
        }
        Numbering numbering = new Numbering(n / 8);
        Map<StringCache, int[]> finalIds = new IdentityHashMap<>();
        int[] nameOf = new int[n];
        int i = 0;
        for (IndexChunk c : chunks) {
            int[] map = null;
            if (c.strings != null) {
                map = finalIds.get(c.strings);
                if (map == null || map.length < c.strings.size()) {
                    int[] grown = new int[c.strings.size()];
                    Arrays.fill(grown, -1);
                    if (map != null) {
                        System.arraycopy(map, 0, grown, 0, map.length);
                    }
                    map = grown;
                    finalIds.put(c.strings, map);
                }
            }
            for (int k = 0; k < c.size; k++, i++) {
                int local = c.localIds[k];
                int id = local >= 0 ? map[local] : -1;
                if (id < 0) {
                    id = numbering.of(c.names[k]);
                    if (local >= 0) {
                        map[local] = id;
                    }
                }
                nameOf[i] = id;
            }
        }
        int[] first = starts(nameOf, numbering.names.size());
        int[] fill = Arrays.copyOf(first, numbering.names.size());
        long[] words = new long[2 * n];
        i = 0;
        for (IndexChunk c : chunks) {
            for (int k = 0; k < c.size; k++, i++) {
                int at = 2 * fill[nameOf[i]]++;
                words[at] = c.words[2 * k];
                words[at + 1] = c.words[2 * k + 1];
            }
        }
        return new CompactIndex(numbering.names.toArray(new String[0]), numbering.ids, first, words);
    }

    public int size() {
        return words.length / 2;
    }

    /** How many distinct names the entries have; names are numbered 0 to {@code nameCount() - 1}. */
    public int nameCount() {
        return names.length;
    }

    /** The name numbered {@code id}. */
    public String name(int id) {
        return names[id];
    }

    /** The first entry of name {@code id}: its entries are {@code firstEntry(id)} to {@code firstEntry(id + 1) - 1}. */
    public int firstEntry(int id) {
        return first[id];
    }

    /** {@link DieRef#unit()} of entry {@code i}. */
    public long unitOffset(int i) {
        return words[2 * i];
    }

    /** Entry {@code i}'s DIE offset, kind, flags and section, packed as {@link #packed} describes. */
    public long packed(int i) {
        return words[2 * i + 1];
    }

    /** Copies every entry's two words, in entry order, into {@code out} (a cache file's entry table). */
    public void copyWordsTo(LongBuffer out) {
        out.put(words);
    }

    private IndexEntry entry(int i, String name) {
        long p = words[2 * i + 1];
        int flags = (int) (p >>> 59) & 3;
        return new IndexEntry(name, KINDS[(int) (p >>> 56) & 7],
                new DieRef(SECTIONS[(int) (p >>> 61) & 7], words[2 * i], p & MAX_DIE_OFFSET),
                (flags & 1) != 0, (flags & 2) != 0);
    }

    /** Entry {@code i} (entries are grouped by name). */
    public IndexEntry get(int i) {
        int id = Arrays.binarySearch(first, i);
        if (id < 0) {
            id = -id - 2;
        } else {
            while (id + 1 < first.length && first[id + 1] == i) {
                id++; // names without entries share a start with the next one
            }
        }
        return entry(i, names[id]);
    }

    public List<IndexEntry> lookup(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            return List.of();
        }
        List<IndexEntry> out = new ArrayList<>(first[id + 1] - first[id]);
        for (int i = first[id]; i < first[id + 1]; i++) {
            out.add(entry(i, name));
        }
        return out;
    }

    /** Every entry, name by name. */
    public List<IndexEntry> entries() {
        List<IndexEntry> out = new ArrayList<>(size());
        for (int id = 0; id < names.length; id++) {
            for (int i = first[id]; i < first[id + 1]; i++) {
                out.add(entry(i, names[id]));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Writes the index, tagged with {@code key} (what it belongs to, e.g. the file's build-id). */
    public void writeTo(OutputStream stream, String key) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeLong(MAGIC);
        out.writeUTF(key);
        out.writeInt(names.length);
        for (String s : names) {
            out.writeUTF(s);
        }
        out.writeInt(size());
        for (int id = 0; id < names.length; id++) {
            for (int i = first[id]; i < first[id + 1]; i++) {
                long p = words[2 * i + 1];
                out.writeInt(id);
                out.writeByte((int) (p >>> 56) & 7);
                out.writeByte((int) (p >>> 59) & 3);
                out.writeByte((int) (p >>> 61) & 7);
                out.writeLong(words[2 * i]);
                out.writeLong(p & MAX_DIE_OFFSET);
            }
        }
        out.flush();
    }

    /**
     * Reads an index written by {@link #writeTo}. A stream for another key is an error the caller
     * treats as a cache miss; so is a damaged one (both are {@link FormatException}s).
     */
    public static CompactIndex readFrom(InputStream stream, String expectedKey) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            if (in.readLong() != MAGIC) {
                throw new FormatException("name index cache: not a tldb index");
            }
            String key = in.readUTF();
            if (!key.equals(expectedKey)) {
                throw new FormatException("name index cache: made for " + key + ", not " + expectedKey);
            }
            int nameCount = in.readInt();
            if (nameCount < 0) {
                throw new FormatException("name index cache: negative name count");
            }
            List<String> names = new ArrayList<>(Math.min(nameCount, 1 << 16));
            for (int i = 0; i < nameCount; i++) {
                names.add(in.readUTF());
            }
            int n = in.readInt();
            if (n < 0) {
                throw new FormatException("name index cache: negative entry count");
            }
            // Grow as entries arrive: a corrupt count must not allocate gigabytes up front.
            int cap = Math.min(n, 1 << 16);
            int[] nameOf = new int[cap];
            long[] read = new long[2 * cap];
            for (int i = 0; i < n; i++) {
                if (i == nameOf.length) {
                    int c = Math.min(n, nameOf.length * 2);
                    nameOf = Arrays.copyOf(nameOf, c);
                    read = Arrays.copyOf(read, 2 * c);
                }
                nameOf[i] = in.readInt();
                int kind = in.readByte();
                int flags = in.readByte();
                int section = in.readByte();
                long unit = in.readLong();
                long die = in.readLong();
                if (nameOf[i] < 0 || nameOf[i] >= nameCount || kind < 0 || kind >= KINDS.length
                        || flags < 0 || flags > 3 || section < 0 || section >= SECTIONS.length
                        || die < 0 || die > MAX_DIE_OFFSET) {
                    throw new FormatException("name index cache: entry " + i + " is corrupt");
                }
                read[2 * i] = unit;
                read[2 * i + 1] = packed(kind, flags, section, die);
            }
            Map<String, Integer> ids = new HashMap<>(Math.max(16, names.size() * 2));
            for (int i = 0; i < names.size(); i++) {
                if (ids.putIfAbsent(names.get(i), i) != null) {
                    throw new FormatException("name index cache: name " + names.get(i) + " appears twice");
                }
            }
            nameOf = Arrays.copyOf(nameOf, n);
            int[] first = starts(nameOf, nameCount);
            int[] fill = Arrays.copyOf(first, nameCount);
            long[] words = new long[2 * n];
            for (int i = 0; i < n; i++) {
                int at = 2 * fill[nameOf[i]]++;
                words[at] = read[2 * i];
                words[at + 1] = read[2 * i + 1];
            }
            return new CompactIndex(names.toArray(new String[0]), ids, first, words);
        } catch (EOFException e) {
            throw new FormatException("name index cache: truncated");
        }
    }
}
