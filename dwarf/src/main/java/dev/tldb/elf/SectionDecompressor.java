package dev.tldb.elf;

import dev.tldb.binary.ByteReader;
import dev.tldb.binary.FormatException;
import io.airlift.compress.zstd.ZstdDecompressor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates compressed sections: gABI {@code SHF_COMPRESSED} (an {@code Elf_Chdr} then zlib or zstd
 * data, as {@code -gz=zlib} and {@code --compress-debug-sections=zstd} write) and the older GNU
 * {@code .zdebug_*} sections ({@code "ZLIB"}, a big-endian 64-bit size, zlib data).
 */
final class SectionDecompressor {
    /** zlib cannot expand more than about 1032:1; zstd's ratio is unbounded in theory, not in debug info. */
    private static final long MAX_ZLIB_RATIO = 1100, MAX_ZSTD_RATIO = 8192;
    private static final long MAX_SECTION = Integer.MAX_VALUE - 8;

    private SectionDecompressor() {}

    static ByteBuffer decompress(ElfFile file, Section s, ByteBuffer raw) {
        String where = file.name() + ": " + s.name();
        ByteReader r = new ByteReader(raw, where, s.offset());
        int kind;
        long size;
        if ((s.flags() & Elf.SHF_COMPRESSED) != 0) {
            kind = (int) r.u32();
            if (file.is64()) {
                r.u32(); // ch_reserved
                size = r.u64();
                r.u64(); // ch_addralign
            } else {
                size = r.u32();
                r.u32();
            }
        } else {
            byte[] magic = r.bytes(4);
            if (magic[0] != 'Z' || magic[1] != 'L' || magic[2] != 'I' || magic[3] != 'B') {
                throw r.error(0, "compressed section does not start with \"ZLIB\"");
            }
            size = raw.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(4);
            r.position(12);
            kind = Elf.ELFCOMPRESS_ZLIB;
        }
        long compressed = r.remaining();
        long maxRatio = kind == Elf.ELFCOMPRESS_ZSTD ? MAX_ZSTD_RATIO : MAX_ZLIB_RATIO;
        if (size < 0 || size > MAX_SECTION || size > compressed * maxRatio + 4096) {
            throw r.error(0, "implausible uncompressed size " + Long.toUnsignedString(size) + " for "
                    + compressed + " compressed bytes");
        }
        byte[] in = r.bytes((int) compressed);
        byte[] out = new byte[(int) size];
        switch (kind) {
            case Elf.ELFCOMPRESS_ZLIB -> inflate(in, out, r);
            case Elf.ELFCOMPRESS_ZSTD -> unzstd(in, out, r);
            default -> throw r.error(0, "unknown compression type " + kind);
        }
        return ByteBuffer.wrap(out).order(file.order());
    }

    private static void inflate(byte[] in, byte[] out, ByteReader where) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in);
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw where.error(0, "zlib data ends after " + n + " of " + out.length + " bytes");
            }
        } catch (DataFormatException e) {
            throw where.error(0, "corrupt zlib data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static void unzstd(byte[] in, byte[] out, ByteReader where) {
        int n;
        try {
            n = new ZstdDecompressor().decompress(in, 0, in.length, out, 0, out.length);
        } catch (RuntimeException e) {
            throw where.error(0, "corrupt zstd data: " + e.getMessage());
        }
        if (n != out.length) {
            throw where.error(0, "zstd data holds " + n + " bytes, the header says " + out.length);
        }
    }
}
