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

    private final String[] names;
    private final int[] nameOf;
    private final byte[] kinds;
    private final byte[] flags;
    private final byte[] sections;
    private final long[] units;
    private final long[] dies;
    /** Name to name number; entries of one name are chained through firstOf/nextOf (no boxing per entry). */
    private final Map<String, Integer> ids;
    private final int[] firstOf;
    private final int[] nextOf;

    private CompactIndex(String[] names, Map<String, Integer> ids, int[] nameOf, byte[] kinds, byte[] flags,
            byte[] sections, long[] units, long[] dies) {
        this.names = names;
        this.ids = ids;
        this.nameOf = nameOf;
        this.kinds = kinds;
        this.flags = flags;
        this.sections = sections;
        this.units = units;
        this.dies = dies;
        this.firstOf = new int[names.length];
        this.nextOf = new int[nameOf.length];
        Arrays.fill(firstOf, -1);
        for (int i = nameOf.length - 1; i >= 0; i--) {
            nextOf[i] = firstOf[nameOf[i]];
            firstOf[nameOf[i]] = i;
        }
    }

    public static CompactIndex of(List<IndexEntry> entries) {
        int n = entries.size();
        Map<String, Integer> ids = new HashMap<>(Math.max(16, n));
        List<String> names = new ArrayList<>();
        int[] nameOf = new int[n];
        byte[] kinds = new byte[n];
        byte[] flags = new byte[n];
        byte[] sections = new byte[n];
        long[] units = new long[n];
        long[] dies = new long[n];
        for (int i = 0; i < n; i++) {
            IndexEntry e = entries.get(i);
            Integer id = ids.get(e.name());
            if (id == null) {
                id = names.size();
                ids.put(e.name(), id);
                names.add(e.name());
            }
            nameOf[i] = id;
            kinds[i] = (byte) e.kind().ordinal();
            flags[i] = (byte) ((e.tls() ? 1 : 0) | (e.external() ? 2 : 0));
            sections[i] = (byte) e.die().section().ordinal();
            units[i] = e.die().unit();
            dies[i] = e.die().die();
        }
        return new CompactIndex(names.toArray(new String[0]), ids, nameOf, kinds, flags, sections, units, dies);
    }

    /** The entries of per-unit chunks, in chunk order (a scan's result). */
    static CompactIndex join(List<IndexChunk> chunks) {
        int n = 0;
        for (IndexChunk c : chunks) {
            n += c.size;
        }
        Map<String, Integer> ids = new HashMap<>(Math.max(16, n / 8));
        List<String> names = new ArrayList<>();
        int[] nameOf = new int[n];
        byte[] kinds = new byte[n];
        byte[] flags = new byte[n];
        byte[] sections = new byte[n];
        long[] units = new long[n];
        long[] dies = new long[n];
        // Most names come with their .debug_str offset: numbering them by offset first spares a
        // string hash and comparison for each of the millions of repeats in a large program.
        OffsetIds byOffset = new OffsetIds();
        int i = 0;
        for (IndexChunk c : chunks) {
            byte section = (byte) c.section.ordinal();
            for (int k = 0; k < c.size; k++, i++) {
                long off = c.strOffsets[k];
                int id = off >= 0 ? byOffset.get(off) : -1;
                if (id < 0) {
                    String name = c.names[k];
                    Integer known = ids.get(name);
                    if (known == null) {
                        known = names.size();
                        ids.put(name, known);
                        names.add(name);
                    }
                    id = known;
                    if (off >= 0) {
                        byOffset.put(off, id);
                    }
                }
                nameOf[i] = id;
                kinds[i] = c.kinds[k];
                flags[i] = c.flags[k];
                sections[i] = section;
                units[i] = c.unit;
                dies[i] = c.dies[k];
            }
        }
        return new CompactIndex(names.toArray(new String[0]), ids, nameOf, kinds, flags, sections, units, dies);
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

    /** The number of the name of entry {@code i} (so a writer can group entries by name without hashing again). */
    public int nameId(int i) {
        return nameOf[i];
    }

    // Entry fields without building an IndexEntry: a cache writer copies millions of them.

    /** {@link EntryKind} ordinal of entry {@code i}. */
    public int kindOrdinal(int i) {
        return kinds[i];
    }

    /** Flags of entry {@code i}: 1 = thread-local, 2 = external. */
    public int flags(int i) {
        return flags[i];
    }

    /** {@link UnitSection} ordinal of entry {@code i}. */
    public int sectionOrdinal(int i) {
        return sections[i];
    }

    /** {@link DieRef#unit()} of entry {@code i}. */
    public long unitOffset(int i) {
        return units[i];
    }

    /** {@link DieRef#die()} of entry {@code i}. */
    public long dieOffset(int i) {
        return dies[i];
    }

    public IndexEntry get(int i) {
        return new IndexEntry(names[nameOf[i]], KINDS[kinds[i]], new DieRef(SECTIONS[sections[i]], units[i], dies[i]),
                (flags[i] & 1) != 0, (flags[i] & 2) != 0);
    }

    public List<IndexEntry> lookup(String name) {
        Integer id = ids.get(name);
        if (id == null) {
            return List.of();
        }
        List<IndexEntry> out = new ArrayList<>(2);
        for (int i = firstOf[id]; i >= 0; i = nextOf[i]) {
            out.add(get(i));
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
            out.writeInt(nameOf[i]);
            out.writeByte(kinds[i]);
            out.writeByte(flags[i]);
            out.writeByte(sections[i]);
            out.writeLong(units[i]);
            out.writeLong(dies[i]);
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
            byte[] kinds = new byte[cap];
            byte[] flags = new byte[cap];
            byte[] sections = new byte[cap];
            long[] units = new long[cap];
            long[] dies = new long[cap];
            for (int i = 0; i < n; i++) {
                if (i == nameOf.length) {
                    int c = Math.min(n, nameOf.length * 2);
                    nameOf = Arrays.copyOf(nameOf, c);
                    kinds = Arrays.copyOf(kinds, c);
                    flags = Arrays.copyOf(flags, c);
                    sections = Arrays.copyOf(sections, c);
                    units = Arrays.copyOf(units, c);
                    dies = Arrays.copyOf(dies, c);
                }
                nameOf[i] = in.readInt();
                kinds[i] = in.readByte();
                flags[i] = in.readByte();
                sections[i] = in.readByte();
                units[i] = in.readLong();
                dies[i] = in.readLong();
                if (nameOf[i] < 0 || nameOf[i] >= nameCount || kinds[i] < 0 || kinds[i] >= KINDS.length
                        || sections[i] < 0 || sections[i] >= SECTIONS.length) {
                    throw new FormatException("name index cache: entry " + i + " is corrupt");
                }
            }
            Map<String, Integer> ids = new HashMap<>(Math.max(16, names.size() * 2));
            for (int i = 0; i < names.size(); i++) {
                if (ids.putIfAbsent(names.get(i), i) != null) {
                    throw new FormatException("name index cache: name " + names.get(i) + " appears twice");
                }
            }
            return new CompactIndex(names.toArray(new String[0]), ids, Arrays.copyOf(nameOf, n), Arrays.copyOf(kinds, n),
                    Arrays.copyOf(flags, n), Arrays.copyOf(sections, n), Arrays.copyOf(units, n),
                    Arrays.copyOf(dies, n));
        } catch (EOFException e) {
            throw new FormatException("name index cache: truncated");
        }
    }
}
