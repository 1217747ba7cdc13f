package dev.tldb.dwarf.index.cache;

import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.index.CompactIndex;
import dev.tldb.dwarf.index.NameIndex;
import dev.tldb.dwarf.index.NameIndexes;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * tldb's persistent name-index cache, as gdb's index-cache and LLDB's index cache do it: the
 * index a scan of a file's units built is kept on disk, so the next process that opens the same
 * file maps it instead of scanning again. Files with their own index ({@code .debug_names},
 * {@code .gdb_index}) need none.
 *
 * <p>A cache file is keyed by build-id, or by path, size, mtime and inode without one
 * ({@link CacheKey}); carries a format version, a signature of the DWARF it describes and a
 * checksum ({@link IndexFileFormat}); is written atomically ({@link CacheDirectory}); and is
 * never trusted: a damaged, foreign or stale file is ignored and rewritten, and each DIE a lookup
 * returns is checked ({@link VerifiedIndex}). Failing to read or write the cache never fails the
 * command: it only costs the scan.
 *
 * <pre>{@code
 * IndexCache cache = IndexCache.fromEnvironment(System.getenv());  // or IndexCache.disabled()
 * NameIndex index = cache.index(dwarf).index();
 * }</pre>
 *
 * <p>Environment: {@code TLDB_INDEX_CACHE=off} turns it off; {@code TLDB_INDEX_CACHE_DIR} moves it
 * (default {@code $XDG_CACHE_HOME/tldb/index}, else {@code ~/.cache/tldb/index});
 * {@code TLDB_INDEX_CACHE_MAX_MB} caps its size (default {@value #DEFAULT_MAX_MB} MiB).
 */
public final class IndexCache {
    public static final long DEFAULT_MAX_MB = 1024;

    /** What happened when an index was asked for. */
    public enum Outcome {
        /** Loaded from a valid cache file. */
        HIT,
        /** No cache file: scanned, and stored. */
        MISS,
        /** A cache file for another version of the contents (or an older format): scanned, and replaced. */
        STALE,
        /** A damaged cache file (truncated, garbled, failed checksum): scanned, and replaced. */
        CORRUPT,
        /** Scanned, but not stored: the scan was incomplete (a missing .dwo), or the file has no stable key, or writing failed. */
        NOT_STORED,
        /** The file has its own index, or this DwarfInfo already had one: nothing to load or store. */
        NOT_NEEDED,
        /** The cache is switched off. */
        DISABLED
    }

    /** An index and how it was obtained. */
    public record Result(NameIndex index, Outcome outcome) { }

    /** The cache folder's state, for {@code tldb index-cache info}. */
    public record Contents(Path directory, int files, long bytes, long maxBytes) { }

    private final Optional<CacheDirectory> dir;
    private final long maxBytes;

    private IndexCache(Optional<CacheDirectory> dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** No caching: every index is built (or read from the file) as {@link NameIndexes#of} does. */
    public static IndexCache disabled() {
        return new IndexCache(Optional.empty(), 0);
    }

    /** A cache in {@code directory} (created on first write) with the default size cap. */
    public static IndexCache at(Path directory) {
        return at(directory, DEFAULT_MAX_MB << 20);
    }

    public static IndexCache at(Path directory, long maxBytes) {
        return new IndexCache(Optional.of(new CacheDirectory(directory)), Math.max(0, maxBytes));
    }

    /** The cache the environment asks for (see the class comment); disabled if it names no usable folder. */
    public static IndexCache fromEnvironment(Map<String, String> env) {
        String mode = env.getOrDefault("TLDB_INDEX_CACHE", "on").trim().toLowerCase(Locale.ROOT);
        if (List.of("off", "0", "false", "no", "disabled").contains(mode)) {
            return disabled();
        }
        long maxBytes = maxMegabytes(env.get("TLDB_INDEX_CACHE_MAX_MB")) << 20;
        return defaultDirectory(env).map(d -> at(d, maxBytes)).orElseGet(IndexCache::disabled);
    }

    private static long maxMegabytes(String setting) {
        if (setting != null) {
            try {
                long mb = Long.parseLong(setting.trim());
                if (mb >= 0 && mb < (1L << 40)) {
                    return mb;
                }
            } catch (NumberFormatException e) {
                // a typo must not stop the debugger: keep the default
            }
        }
        return DEFAULT_MAX_MB;
    }

    /** {@code TLDB_INDEX_CACHE_DIR}, else {@code $XDG_CACHE_HOME/tldb/index} (absolute only, per the XDG spec), else {@code ~/.cache/tldb/index}. */
    static Optional<Path> defaultDirectory(Map<String, String> env) {
        String explicit = env.get("TLDB_INDEX_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit));
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Optional.of(Path.of(xdg, "tldb", "index"));
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home", ""));
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(home, ".cache", "tldb", "index"));
    }

    public boolean enabled() {
        return dir.isPresent();
    }

    public Optional<Path> directory() {
        return dir.map(CacheDirectory::path);
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The name index of {@code dwarf}: the file's own, a cached one, or a fresh scan that is then
     * stored. The index is also attached to {@code dwarf}, so {@link NameIndexes#of} returns it.
     */
    public Result index(DwarfInfo dwarf) {
        if (dir.isEmpty()) {
            return new Result(NameIndexes.of(dwarf), Outcome.DISABLED);
        }
        if (dwarf.hasAttachment(NameIndex.class) || NameIndexes.hasPrecomputed(dwarf) || !dwarf.hasDebugInfo()) {
            return new Result(NameIndexes.of(dwarf), Outcome.NOT_NEEDED);
        }
        Optional<CacheKey> key = CacheKey.of(dwarf.elf());
        if (key.isEmpty()) {
            return new Result(NameIndexes.of(dwarf), Outcome.NOT_STORED);
        }
        CacheDirectory d = dir.get();
        String name = key.get().fileName();
        Outcome miss = Outcome.MISS;
        Optional<ByteBuffer> file = d.map(name);
        if (file.isPresent()) {
            try {
                MappedIndex mapped = IndexFileFormat.open(file.get(), key.get().signature());
                d.touch(name);
                NameIndex verified = new VerifiedIndex(dwarf, mapped, () -> d.delete(name),
                        () -> scanAndStore(dwarf, key.get()).index());
                return new Result(NameIndexes.attach(dwarf, verified), Outcome.HIT);
            } catch (CacheFileException e) {
                miss = e.kind() == CacheFileException.Kind.STALE ? Outcome.STALE : Outcome.CORRUPT;
                d.delete(name);
            }
        }
        Result scanned = scanAndStore(dwarf, key.get());
        NameIndex attached = NameIndexes.attach(dwarf, scanned.index());
        return new Result(attached, scanned.outcome() == Outcome.MISS ? miss : scanned.outcome());
    }

    /** Scans every unit and stores the result, unless the scan could not see everything. */
    private Result scanAndStore(DwarfInfo dwarf, CacheKey key) {
        NameIndex scan = NameIndexes.scan(dwarf);
        Optional<CompactIndex> compact = NameIndexes.compactOf(scan);
        if (!scan.problems().isEmpty() || compact.isEmpty()) {
            // A missing .dwo today may be there tomorrow: an incomplete index must not outlive this run.
            return new Result(scan, Outcome.NOT_STORED);
        }
        Optional<ByteBuffer> bytes = IndexFileFormat.encode(compact.get(), key.signature());
        CacheDirectory d = dir.orElseThrow();
        if (bytes.isEmpty() || !d.writeAtomically(key.fileName(), bytes.get())) {
            return new Result(scan, Outcome.NOT_STORED);
        }
        d.evict(maxBytes);
        return new Result(scan, Outcome.MISS);
    }

    /** How many files the cache holds and how large they are. */
    public Optional<Contents> contents() {
        return dir.map(d -> {
            List<CacheDirectory.Item> items = d.items();
            return new Contents(d.path(), items.size(), items.stream().mapToLong(CacheDirectory.Item::size).sum(),
                    maxBytes);
        });
    }

    /** Deletes every cache file; returns how many there were. */
    public int clear() {
        return dir.map(CacheDirectory::clear).orElse(0);
    }

    /** The cache file that would hold {@code dwarf}'s index (for tests and {@code index-cache info}). */
    public Optional<Path> fileFor(DwarfInfo dwarf) {
        return dir.flatMap(d -> CacheKey.of(dwarf.elf()).map(k -> d.file(k.fileName())));
    }
}
