package dev.tldb.dwarf.index.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The folder that holds the cache files, shared by every tldb process of the user.
 *
 * <p>Safety comes from never changing a file in place: a writer fills a temporary file of its
 * own and renames it over the final name (atomic on one file system), so a reader sees the old
 * file, the new file or none, never a mix, and concurrent writers of one key just race to the
 * last rename with equally good files. A reader maps the file it opened; a later rename or
 * eviction does not disturb the mapping. Least recently used files (by modification time, which
 * a hit refreshes) are deleted when the folder outgrows its cap.
 */
final class CacheDirectory {
    private static final String TEMP_MARK = ".tmp-";
    /** A temporary file this old belongs to a writer that died. */
    private static final Duration ABANDONED = Duration.ofHours(1);

    private final Path dir;

    CacheDirectory(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /** The file mapped read-only, or empty if it does not exist (or cannot be read: a miss either way). */
    Optional<ByteBuffer> map(String name) {
        Path p = file(name);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                return Optional.of(ByteBuffer.allocate(0)); // too large to be ours: reads as corrupt
            }
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return Optional.of(m);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Writes {@code contents} as {@code name} through a temporary file and a rename; false if that failed. */
    boolean writeAtomically(String name, ByteBuffer contents) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = dir.resolve(name + TEMP_MARK + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = contents.duplicate();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException | IOException e) {
                // not a POSIX file system: the folder's own permissions have to do
            }
            try {
                Files.move(tmp, file(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                return false; // never fall back to a copy: a reader could see half a file
            }
            tmp = null;
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Marks a file as just used, for eviction (best effort: a read-only cache still serves hits). */
    void touch(String name) {
        try {
            Files.setLastModifiedTime(file(name), FileTime.from(Instant.now()));
        } catch (IOException | SecurityException e) {
            // keep serving; eviction order is a heuristic
        }
    }

    void delete(String name) {
        deleteQuietly(file(name));
    }

    /** One cache file: name, size, last use. */
    record Item(Path path, long size, FileTime lastUsed) { }

    /** The cache files (not temporaries of writers in progress). */
    List<Item> items() {
        List<Item> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + CacheKey.SUFFIX)) {
            for (Path p : s) {
                try {
                    out.add(new Item(p, Files.size(p), Files.getLastModifiedTime(p)));
                } catch (IOException e) {
                    // evicted by another process meanwhile
                }
            }
        } catch (IOException | SecurityException e) {
            // an unreadable folder holds nothing we can use
        }
        return out;
    }

    /**
     * Deletes least recently used files until the total is at most {@code maxBytes}, and
     * temporaries abandoned by writers that died. Returns how many cache files went.
     */
    int evict(long maxBytes) {
        removeAbandonedTemporaries();
        List<Item> items = items();
        long total = items.stream().mapToLong(Item::size).sum();
        if (total <= maxBytes) {
            return 0;
        }
        items.sort(Comparator.comparing(Item::lastUsed));
        int removed = 0;
        for (Item i : items) {
            if (total <= maxBytes) {
                break;
            }
            deleteQuietly(i.path());
            total -= i.size();
            removed++;
        }
        return removed;
    }

    /** Deletes every cache file (and stray temporaries); returns how many cache files went. */
    int clear() {
        List<Item> items = items();
        items.forEach(i -> deleteQuietly(i.path()));
        removeTemporaries(Duration.ZERO);
        return items.size();
    }

    private void removeAbandonedTemporaries() {
        removeTemporaries(ABANDONED);
    }

    private void removeTemporaries(Duration olderThan) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant limit = Instant.now().minus(olderThan);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + CacheKey.SUFFIX + TEMP_MARK + "*")) {
            for (Path p : s) {
                try {
                    if (!Files.getLastModifiedTime(p).toInstant().isAfter(limit)) {
                        deleteQuietly(p);
                    }
                } catch (IOException e) {
                    // gone already
                }
            }
        } catch (IOException | SecurityException e) {
            // nothing to tidy
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | SecurityException e) {
            // another process may hold or have removed it; the cache stays usable
        }
    }
}
