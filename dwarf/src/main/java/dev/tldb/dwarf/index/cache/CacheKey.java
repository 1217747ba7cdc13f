package dev.tldb.dwarf.index.cache;

import dev.tldb.elf.ElfFile;
import dev.tldb.elf.Section;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Which cache file belongs to an ELF file, and what must still hold for its contents to be
 * trusted.
 *
 * <p>The file name comes from the build-id when the file has one (as gdb's index-cache does), so
 * copies of one build share an entry; otherwise from the file's identity: absolute path, size,
 * modification time and inode (LLDB's fallback), so any rewrite of the file misses. The
 * signature, stored inside the cache file and compared on every load, describes the DWARF the
 * index was built from: the key, the ELF type and machine, every debug section's name, size and
 * flags, and checksums of the first and last bytes of {@code .debug_info}. A different file under
 * the same build-id (a hand-edited build-id, a rebuilt section) therefore reads as stale rather
 * than being trusted; lookups verify each DIE they return as a last line of defence
 * ({@link VerifiedIndex}).
 *
 * @param fileName  the cache file's name inside the cache folder
 * @param signature what the cached index was built from (compared byte for byte on load)
 */
record CacheKey(String fileName, String signature) {
    static final String SUFFIX = ".tldbidx";
    private static final int EDGE = 4096;

    /** The key of a file opened from a path; empty for in-memory files (nothing stable to key on). */
    static Optional<CacheKey> of(ElfFile elf) {
        if (elf.path().isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sig = new StringBuilder();
        String name;
        Optional<String> buildId = elf.buildIdHex();
        if (buildId.isPresent() && !buildId.get().isEmpty()) {
            name = "b-" + buildId.get();
            sig.append("build-id=").append(buildId.get());
        } else {
            Optional<String> identity = identity(elf.path().get());
            if (identity.isEmpty()) {
                return Optional.empty();
            }
            name = "f-" + sha256(identity.get());
            sig.append("file=").append(identity.get());
        }
        sig.append(";type=").append(elf.type()).append(";machine=").append(elf.machine())
                .append(";class=").append(elf.is64() ? 64 : 32);
        for (Section s : elf.sections()) {
            String n = s.name();
            if (n.startsWith(".debug_") || n.startsWith(".zdebug_") || n.equals(".gdb_index")) {
                sig.append(';').append(n).append('=').append(s.size()).append('/').append(Long.toHexString(s.flags()));
            }
        }
        elf.section(".debug_info").ifPresent(info -> sig.append(";edges=").append(edgeChecksums(elf, info)));
        return Optional.of(new CacheKey(name + SUFFIX, sig.toString()));
    }

    /** Path, size, mtime (ns) and inode: what changes when a file without build-id is rebuilt or replaced. */
    private static Optional<String> identity(Path path) {
        try {
            Path real = path.toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            Object inode = a.fileKey() != null ? a.fileKey() : "?";
            return Optional.of(real + "|" + a.size() + "|" + a.lastModifiedTime().toInstant().getEpochSecond() + "."
                    + a.lastModifiedTime().toInstant().getNano() + "|" + inode);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** CRC32C of the first and last 4 KiB of the section as stored (compressed or not): cheap, and catches rewrites. */
    private static String edgeChecksums(ElfFile elf, Section info) {
        if (info.isNobits()) {
            return "nobits";
        }
        ByteBuffer raw = elf.rawContents(info);
        int size = raw.remaining();
        CRC32C head = new CRC32C();
        head.update(raw.duplicate().limit(raw.position() + Math.min(EDGE, size)));
        CRC32C tail = new CRC32C();
        ByteBuffer t = raw.duplicate();
        t.position(t.position() + Math.max(0, size - EDGE));
        tail.update(t);
        return Long.toHexString(head.getValue()) + "/" + Long.toHexString(tail.getValue());
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
