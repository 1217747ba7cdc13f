package dev.tldb.dwarf.index.cache;

import dev.tldb.dwarf.DieRef;
import dev.tldb.dwarf.UnitSection;
import dev.tldb.dwarf.index.EntryKind;
import dev.tldb.dwarf.index.IndexEntry;
import dev.tldb.dwarf.index.NameIndex;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A name index read in place from a cache file ({@link IndexFileFormat}): a lookup hashes the
 * name, probes the bucket table and decodes only that name's entries. Every offset read from the
 * file is bounds-checked, so even a file that passed its checksum cannot send a read astray; a
 * bad record is a {@link CacheFileException}.
 */
final class MappedIndex implements NameIndex {
    private static final EntryKind[] KINDS = EntryKind.values();
    private static final UnitSection[] SECTIONS = UnitSection.values();

    private final ByteBuffer b;
    private final int bucketAt;
    private final int buckets;
    private final int namesAt;
    private final int names;
    private final int entriesAt;
    private final int entries;
    private final int blobAt;
    private final int blob;

    MappedIndex(ByteBuffer b, int bucketAt, int buckets, int namesAt, int names, int entriesAt, int entries,
            int blobAt, int blob) {
        this.b = b;
        this.bucketAt = bucketAt;
        this.buckets = buckets;
        this.namesAt = namesAt;
        this.names = names;
        this.entriesAt = entriesAt;
        this.entries = entries;
        this.blobAt = blobAt;
        this.blob = blob;
    }

    @Override
    public Source source() {
        return Source.CACHE;
    }

    int entryCount() {
        return entries;
    }

    @Override
    public List<IndexEntry> lookup(String name) {
        byte[] want = name.getBytes(StandardCharsets.UTF_8);
        int mask = buckets - 1;
        int h = IndexFileFormat.hash(want, 0, want.length) & mask;
        for (int probes = 0; probes < buckets; probes++, h = (h + 1) & mask) {
            int slot = b.getInt(bucketAt + 4 * h);
            if (slot == 0) {
                return List.of();
            }
            int id = slot - 1;
            if (id < 0 || id >= names) {
                throw CacheFileException.corrupt("bucket " + h + " names entry " + id);
            }
            if (nameEquals(id, want)) {
                return entriesOf(id, name);
            }
        }
        return List.of();
    }

    private boolean nameEquals(int id, byte[] want) {
        int rec = namesAt + IndexFileFormat.NAME_RECORD * id;
        int off = b.getInt(rec);
        int len = b.getInt(rec + 4);
        if (len != want.length) {
            return false;
        }
        checkBlob(off, len);
        for (int i = 0; i < len; i++) {
            if (b.get(blobAt + off + i) != want[i]) {
                return false;
            }
        }
        return true;
    }

    private void checkBlob(int off, int len) {
        if (off < 0 || len < 0 || (long) off + len > blob) {
            throw CacheFileException.corrupt("name outside the string blob");
        }
    }

    private String nameOf(int id) {
        int rec = namesAt + IndexFileFormat.NAME_RECORD * id;
        int off = b.getInt(rec);
        int len = b.getInt(rec + 4);
        checkBlob(off, len);
        byte[] bytes = new byte[len];
        b.get(blobAt + off, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<IndexEntry> entriesOf(int id, String name) {
        int rec = namesAt + IndexFileFormat.NAME_RECORD * id;
        int first = b.getInt(rec + 8);
        int count = b.getInt(rec + 12);
        if (first < 0 || count < 0 || (long) first + count > entries) {
            throw CacheFileException.corrupt("entries of a name outside the entry table");
        }
        List<IndexEntry> out = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            out.add(entry(i, name));
        }
        return out;
    }

    private IndexEntry entry(int i, String name) {
        int at = entriesAt + IndexFileFormat.ENTRY_RECORD * i;
        long unit = b.getLong(at);
        long packed = b.getLong(at + 8);
        long die = packed & IndexFileFormat.MAX_DIE_OFFSET;
        int kind = (int) (packed >>> 56) & 7;
        int flags = (int) (packed >>> 59) & 3;
        int section = (int) (packed >>> 61) & 7;
        if (kind < 0 || kind >= KINDS.length || section < 0 || section >= SECTIONS.length || unit < 0 || die < 0) {
            throw CacheFileException.corrupt("entry " + i + " is malformed");
        }
        return new IndexEntry(name, KINDS[kind], new DieRef(SECTIONS[section], unit, die), (flags & 1) != 0,
                (flags & 2) != 0);
    }

    /** Every entry, name by name. */
    @Override
    public List<IndexEntry> entries() {
        List<IndexEntry> out = new ArrayList<>(entries);
        for (int id = 0; id < names; id++) {
            out.addAll(entriesOf(id, nameOf(id)));
        }
        return out;
    }

    @Override
    public List<String> problems() {
        return List.of();
    }
}
