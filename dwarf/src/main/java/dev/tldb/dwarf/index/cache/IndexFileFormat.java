package dev.tldb.dwarf.index.cache;

import dev.tldb.dwarf.index.CompactIndex;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The layout of one cache file: built so that a single lookup touches a few pages of a mapped
 * file instead of deserialising every name (gdb's index-cache stores a {@code .gdb_index} for the
 * same reason). All integers little-endian.
 *
 * <pre>
 * header, 64 bytes:
 *    0  magic "TLDBIDX\n"
 *    8  u32 format version ({@link #VERSION})
 *   12  u32 header size (64)
 *   16  u64 payload size (file size - 64)
 *   24  u32 CRC32C of the payload
 *   28  u32 entry count      32  u32 name count      36  u32 bucket count (a power of two)
 *   40  u32 signature size   44  u32 string blob size   48..63 zero
 * payload:
 *   signature   UTF-8 ({@link CacheKey#signature()})
 *   buckets     u32 per bucket: 1 + name number, 0 = empty; FNV-1a of the UTF-8 name, linear probing
 *   names       16 bytes per name: u32 blob offset, u32 byte length, u32 first entry, u32 entry count
 *   entries     16 bytes per entry, grouped by name in index order: u64 unit offset, then a u64
 *               holding the DIE offset in its low 56 bits and, from bit 56 up, the kind (3 bits),
 *               the flags (2 bits: 1 TLS, 2 external) and the section (3 bits), as
 *               {@link CompactIndex#packed} packs them
 *   blob        the names' UTF-8 bytes
 * </pre>
 *
 * Bump {@link #VERSION} whenever this layout or the meaning of the entries changes (what
 * {@code UnitScanner} chooses to index): an older file then reads as stale and is rebuilt.
 */
final class IndexFileFormat {
    static final long MAGIC = 0x0a58_4449_4244_4c54L; // "TLDBIDX\n" read little-endian
    static final int VERSION = 2;
    static final int HEADER = 64;
    static final int NAME_RECORD = 16;
    static final int ENTRY_RECORD = 16;
    /** DIE offsets must fit below the packed kind, flags and section. */
    static final long MAX_DIE_OFFSET = CompactIndex.MAX_DIE_OFFSET;

    private IndexFileFormat() {}

    /** The whole file for {@code index}, or empty if it would not fit one mapping (2 GiB). */
    static Optional<ByteBuffer> encode(CompactIndex index, String signature) {
        int entries = index.size();
        int names = index.nameCount();
        byte[] sig = signature.getBytes(StandardCharsets.UTF_8);
        byte[][] utf8 = new byte[names][];
        long blob = 0;
        for (int i = 0; i < names; i++) {
            utf8[i] = index.name(i).getBytes(StandardCharsets.UTF_8);
            blob += utf8[i].length;
        }
        int buckets = bucketCount(names);
        long size = HEADER + (long) sig.length + 4L * buckets + (long) NAME_RECORD * names
                + (long) ENTRY_RECORD * entries + blob;
        if (size > Integer.MAX_VALUE - 8) {
            return Optional.empty();
        }
        // The index keeps its entries grouped by name already: each name's range is the file's.
        int[] first = new int[names + 1];
        for (int i = 0; i < names; i++) {
            first[i] = index.firstEntry(i);
        }
        first[names] = entries;

        // Tables are built as Java arrays and copied in bulk: millions of entries, and a
        // ByteBuffer's per-value checks would cost more than the work itself.
        byte[] out = new byte[(int) size];
        int p = HEADER;
        System.arraycopy(sig, 0, out, p, sig.length);
        p += sig.length;
        int bucketBase = p;
        int[] table = new int[buckets];
        int mask = buckets - 1;
        for (int i = 0; i < names; i++) {
            int h = hash(utf8[i], 0, utf8[i].length) & mask;
            while (table[h] != 0) {
                h = (h + 1) & mask;
            }
            table[h] = i + 1;
        }
        ByteBuffer view = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        view.position(p);
        view.asIntBuffer().put(table);
        p += 4 * buckets;
        int[] nameRecords = new int[4 * names];
        int blobOffset = 0;
        for (int i = 0; i < names; i++) {
            nameRecords[4 * i] = blobOffset;
            nameRecords[4 * i + 1] = utf8[i].length;
            nameRecords[4 * i + 2] = first[i];
            nameRecords[4 * i + 3] = first[i + 1] - first[i];
            blobOffset += utf8[i].length;
        }
        view.position(p);
        view.asIntBuffer().put(nameRecords);
        p += NAME_RECORD * names;
        // The entries as the index holds them, in one bulk copy (a plain memory copy on
        // little-endian machines).
        view.position(p);
        index.copyWordsTo(view.asLongBuffer());
        p += ENTRY_RECORD * entries;
        for (byte[] n : utf8) {
            System.arraycopy(n, 0, out, p, n.length);
            p += n.length;
        }
        if (p != size || bucketBase != HEADER + sig.length) {
            throw new IllegalStateException("index cache layout miscounted");
        }
        CRC32C crc = new CRC32C();
        crc.update(out, HEADER, (int) size - HEADER);
        ByteBuffer b = view.clear();
        b.putLong(0, MAGIC).putInt(8, VERSION).putInt(12, HEADER).putLong(16, size - HEADER)
                .putInt(24, (int) crc.getValue()).putInt(28, entries).putInt(32, names).putInt(36, buckets)
                .putInt(40, sig.length).putInt(44, (int) blob);
        return Optional.of(b);
    }


    /** Twice the names, rounded up to a power of two: short probe chains, and always an empty bucket. */
    static int bucketCount(int names) {
        int n = 16;
        while (n < 2L * names && n < (1 << 30)) {
            n <<= 1;
        }
        return n;
    }

    /** 32-bit FNV-1a. */
    static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h ^= b[i] & 0xff;
            h *= 0x01000193;
        }
        return h;
    }

    /**
     * Checks a whole file (header, sizes, checksum, then the signature) and returns its index.
     * Damage is {@link CacheFileException.Kind#CORRUPT}; a sound file made for other contents or
     * by another format version is {@link CacheFileException.Kind#STALE}.
     */
    static MappedIndex open(ByteBuffer file, String expectedSignature) {
        ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long length = b.remaining();
        int base = b.position();
        if (length < HEADER) {
            throw CacheFileException.corrupt("shorter than its header (" + length + " bytes)");
        }
        if (b.getLong(base) != MAGIC) {
            throw CacheFileException.corrupt("not a tldb index cache file");
        }
        int version = b.getInt(base + 8);
        if (version != VERSION) {
            throw CacheFileException.stale("format version " + version + ", this tldb writes " + VERSION);
        }
        long payload = b.getLong(base + 16);
        if (b.getInt(base + 12) != HEADER || payload != length - HEADER) {
            throw CacheFileException.corrupt("payload of " + payload + " bytes in a file of " + length + " (truncated?)");
        }
        long entries = Integer.toUnsignedLong(b.getInt(base + 28));
        long names = Integer.toUnsignedLong(b.getInt(base + 32));
        long buckets = Integer.toUnsignedLong(b.getInt(base + 36));
        long sig = Integer.toUnsignedLong(b.getInt(base + 40));
        long blob = Integer.toUnsignedLong(b.getInt(base + 44));
        if (buckets < 16 || Long.bitCount(buckets) != 1 || buckets <= names
                || sig + 4 * buckets + NAME_RECORD * names + ENTRY_RECORD * entries + blob != payload) {
            throw CacheFileException.corrupt("inconsistent table sizes");
        }
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(base + HEADER).limit((int) (base + length)));
        if ((int) crc.getValue() != b.getInt(base + 24)) {
            throw CacheFileException.corrupt("checksum mismatch");
        }
        byte[] found = new byte[(int) sig];
        b.get(base + HEADER, found);
        if (!Arrays.equals(found, expectedSignature.getBytes(StandardCharsets.UTF_8))) {
            throw CacheFileException.stale("made for other contents");
        }
        int bucketAt = (int) (base + HEADER + sig);
        int namesAt = (int) (bucketAt + 4 * buckets);
        int entriesAt = (int) (namesAt + NAME_RECORD * names);
        int blobAt = (int) (entriesAt + ENTRY_RECORD * entries);
        return new MappedIndex(b, bucketAt, (int) buckets, namesAt, (int) names, entriesAt, (int) entries, blobAt,
                (int) blob);
    }
}
