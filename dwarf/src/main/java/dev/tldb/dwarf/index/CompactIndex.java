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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Index entries stored as parallel arrays, with a hash map from name to entry numbers: small in
 * memory and written to or read from a stream as is, so a persistent index cache (keyed, say, by
 * build-id) can skip the scan on the next run.
 *
 * <p>Stream format (big-endian, {@link DataOutputStream}): magic {@code TLDBNIX1}, the caller's
 * key (UTF), the number of distinct names and the names (UTF), the number of entries, then per
 * entry: name number (int), kind (byte), flags (byte: 1 = TLS, 2 = external), section (byte),
 * unit offset (long), DIE offset (long).
 */
public final class CompactIndex {
    private static final long MAGIC = 0x544c_4442_4e49_5831L; // "TLDBNIX1"
    private static final EntryKind[] KINDS = EntryKind.values();
    private static final UnitSection[] SECTIONS = UnitSection.values();
    /** The largest DIE offset an entry can hold: the bits above carry kind, flags and section. */
    public static final long MAX_DIE_OFFSET = (1L << 56) - 1;

    private final String[] names;
    private final int[] nameOf;
    /**
     * Two words per entry, side by side so that reading an entry touches one cache line: the
     * unit offset, then {@link #packed}: the DIE offset in bits 0-55, the kind ordinal in 56-58,
     * the flags in 59-60 (1 = TLS, 2 = external), the section ordinal in 61-63.
     */
    private final long[] words;
    /** Name to name number. */
    private final Map<String, Integer> ids;
    /**
     * Entries of one name chained through firstOf/nextOf (no boxing per entry), built on the
     * {@value #LOOKUPS_BEFORE_CHAINS}th lookup: a command that asks for one name is done sooner
     * by reading {@link #nameOf} straight through than by building chains for millions of entries.
     */
    private volatile Chains chains;
    private int lookups;
    private static final int LOOKUPS_BEFORE_CHAINS = 4;

    private record Chains(int[] firstOf, int[] nextOf) { }

    private CompactIndex(String[] names, Map<String, Integer> ids, int[] nameOf, long[] words) {
        this.names = names;
        this.ids = ids;
        this.nameOf = nameOf;
        this.words = words;
    }

    private Chains chains() {
        Chains c = chains;
        if (c == null) {
            synchronized (this) {
                c = chains;
                if (c == null) {
                    int[] firstOf = new int[names.length];
                    int[] nextOf = new int[nameOf.length];
                    Arrays.fill(firstOf, -1);
                    for (int i = nameOf.length - 1; i >= 0; i--) {
                        nextOf[i] = firstOf[nameOf[i]];
                        firstOf[nameOf[i]] = i;
                    }
                    c = chains = new Chains(firstOf, nextOf);
                }
            }
        }
        return c;
    }

    /** An entry's second word: DIE offset, kind, flags and section in one long. */
    public static long packed(EntryKind kind, boolean tls, boolean external, UnitSection section, long dieOffset) {
        return packed(kind.ordinal(), (tls ? 1 : 0) | (external ? 2 : 0), section.ordinal(), dieOffset);
    }

    static long packed(int kind, int flags, int section, long dieOffset) {
        if (dieOffset < 0 || dieOffset > MAX_DIE_OFFSET) {
            throw new FormatException("DIE offset 0x" + Long.toHexString(dieOffset) + " is too large to index");
        }
        return dieOffset | ((long) kind << 56) | ((long) flags << 59) | ((long) section << 61);
    }

    public static CompactIndex of(List<IndexEntry> entries) {
        int n = entries.size();
        Map<String, Integer> ids = new HashMap<>(Math.max(16, n));
        List<String> names = new ArrayList<>();
        int[] nameOf = new int[n];
        long[] words = new long[2 * n];
        for (int i = 0; i < n; i++) {
            IndexEntry e = entries.get(i);
            Integer id = ids.get(e.name());
            if (id == null) {
                id = names.size();
                ids.put(e.name(), id);
                names.add(e.name());
            }
            nameOf[i] = id;
            words[2 * i] = e.die().unit();
            words[2 * i + 1] = packed(e.kind(), e.tls(), e.external(), e.die().section(), e.die().die());
        }
        return new CompactIndex(names.toArray(new String[0]), ids, nameOf, words);
    }

    /**
     * The entries of per-unit chunks, in chunk order (a scan's result). Names are numbered in
     * order of first appearance; a name the scanning thread knew by number maps through that
     * thread's table to its final number (an array read), so that only the distinct names of
     * a large program cost a hash lookup, not its millions of repeats.
     */
    static CompactIndex join(List<IndexChunk> chunks) {
        int n = 0;
        for (IndexChunk c : chunks) {
            n += c.size;
        }
        Map<String, Integer> ids = new HashMap<>(Math.max(16, n / 8));
        List<String> names = new ArrayList<>();
        Map<StringCache, int[]> finalIds = new java.util.IdentityHashMap<>();
        int[] nameOf = new int[n];
        long[] words = new long[2 * n];
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
            System.arraycopy(c.words, 0, words, 2 * i, 2 * c.size);
            for (int k = 0; k < c.size; k++, i++) {
                int local = c.localIds[k];
                int id = local >= 0 ? map[local] : -1;
                if (id < 0) {
                    String name = c.names[k];
                    Integer known = ids.get(name);
                    if (known == null) {
                        known = names.size();
                        ids.put(name, known);
                        names.add(name);
                    }
                    id = known;
                    if (local >= 0) {
                        map[local] = id;
                    }
                }
                nameOf[i] = id;
            }
        }
        return new CompactIndex(names.toArray(new String[0]), ids, nameOf, words);
    }

    public int size() {
        return nameOf.length;
    }

    /** How many distinct names the entries have; names are numbered 0 to {@code nameCount() - 1}. */
    public int nameCount() {
        return names.length;
    }

    /** The name numbered {@code id}. */
    public String name(int id) {
        return names[id];
    }

    /** The number of the name of entry {@code i}. */
    public int nameId(int i) {
        return nameOf[i];
    }

    /** {@link DieRef#unit()} of entry {@code i}. */
    public long unitOffset(int i) {
        return words[2 * i];
    }

    /** Entry {@code i}'s DIE offset, kind, flags and section, packed as {@link #packed} describes. */
    public long packed(int i) {
        return words[2 * i + 1];
    }

    public IndexEntry get(int i) {
        long p = words[2 * i + 1];
        int flags = (int) (p >>> 59) & 3;
        return new IndexEntry(names[nameOf[i]], KINDS[(int) (p >>> 56) & 7],
                new DieRef(SECTIONS[(int) (p >>> 61) & 7], words[2 * i], p & MAX_DIE_OFFSET),
                (flags & 1) != 0, (flags & 2) != 0);
    }

    public List<IndexEntry> lookup(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            return List.of();
        }
        List<IndexEntry> out = new ArrayList<>(2);
        boolean chained;
        synchronized (this) {
            chained = chains != null || ++lookups >= LOOKUPS_BEFORE_CHAINS;
        }
        if (chained) {
            Chains c = chains();
            for (int i = c.firstOf[id]; i >= 0; i = c.nextOf[i]) {
                out.add(get(i));
            }
        } else {
            int want = id;
            for (int i = 0; i < nameOf.length; i++) {
                if (nameOf[i] == want) {
                    out.add(get(i));
                }
            }
        }
        return out;
    }

    public List<IndexEntry> entries() {
        List<IndexEntry> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(get(i));
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
        out.writeInt(nameOf.length);
        for (int i = 0; i < nameOf.length; i++) {
            long p = words[2 * i + 1];
            out.writeInt(nameOf[i]);
            out.writeByte((int) (p >>> 56) & 7);
            out.writeByte((int) (p >>> 59) & 3);
            out.writeByte((int) (p >>> 61) & 7);
            out.writeLong(words[2 * i]);
            out.writeLong(p & MAX_DIE_OFFSET);
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
            long[] words = new long[2 * cap];
            for (int i = 0; i < n; i++) {
                if (i == nameOf.length) {
                    int c = Math.min(n, nameOf.length * 2);
                    nameOf = Arrays.copyOf(nameOf, c);
                    words = Arrays.copyOf(words, 2 * c);
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
                words[2 * i] = unit;
                words[2 * i + 1] = packed(kind, flags, section, die);
            }
            Map<String, Integer> ids = new HashMap<>(Math.max(16, names.size() * 2));
            for (int i = 0; i < names.size(); i++) {
                if (ids.putIfAbsent(names.get(i), i) != null) {
                    throw new FormatException("name index cache: name " + names.get(i) + " appears twice");
                }
            }
            return new CompactIndex(names.toArray(new String[0]), ids, Arrays.copyOf(nameOf, n),
                    Arrays.copyOf(words, 2 * n));
        } catch (EOFException e) {
            throw new FormatException("name index cache: truncated");
        }
    }
}
