package dev.tldb.dwarf.index.cache;

import dev.tldb.dwarf.Die;
import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.TlsExpression;
import dev.tldb.dwarf.index.EntryKind;
import dev.tldb.dwarf.index.IndexEntry;
import dev.tldb.dwarf.index.NameIndex;
import dev.tldb.dwarf.index.NameIndexes;
import dev.tldb.dwarf.lists.Locations;
import dev.tldb.dwarf.lists.SingleLocation;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persistent index cache: hits, misses, stale and corrupt files, concurrent writers,
 * eviction. Answers are checked against readelf's STT_TLS symbol values (the outside truth), so a
 * cache that served the wrong file's index would fail here, not only a cache that crashed.
 */
class IndexCacheTest {
    @TempDir
    Path dir;

    private Path cacheDir;

    private static final String V1 = """
            __thread int alpha = 1;
            __thread long beta;
            static __thread char gamma_buf[24];
            int counter;
            int touch(void) { gamma_buf[0] = 1; return alpha + (int) beta + counter; }
            int main(void) { return touch(); }
            """;

    /** The same names in another order and with other sizes: every TLS offset moves. */
    private static final String V2 = """
            __thread char gamma_pad[40];
            static __thread char gamma_buf[8];
            __thread long beta = 3;
            __thread int alpha;
            int counter;
            int touch(void) { gamma_buf[0] = gamma_pad[0]; return alpha + (int) beta + counter; }
            int main(void) { return touch(); }
            """;

    @BeforeEach
    void setUp() {
        cacheDir = dir.resolve("cache");
    }

    private Path build(String source, String output, String... flags) {
        List<String> all = new ArrayList<>(List.of("-g", "-O0"));
        all.addAll(List.of(flags));
        return Tools.gcc(dir, output + "-src", source, output, all.toArray(new String[0]));
    }

    /** readelf's STT_TLS symbols of a file: name to st_value. */
    private static Map<String, Long> readelfTls(Path file) {
        Map<String, Long> out = new HashMap<>();
        for (String line : Tools.run(file.getParent(), "readelf", "-sW", file.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[3].equals("TLS") && !f[6].equals("UND")) {
                out.put(f[7], Long.parseLong(f[1], 16));
            }
        }
        return out;
    }

    /** The TLS offset of {@code name} as the index leads to it: entry, DIE, location expression. */
    private static long tlsOffset(DwarfInfo dwarf, NameIndex index, String name) {
        List<IndexEntry> found = index.lookup(name).stream().filter(e -> e.kind() == EntryKind.VARIABLE).toList();
        assertThat(found).as(name).hasSize(1);
        assertThat(found.get(0).tls()).as(name + " is TLS").isTrue();
        Die d = dwarf.die(found.get(0).die());
        SingleLocation loc = (SingleLocation) Locations.of(d).orElseThrow();
        return TlsExpression.blockOffset(d.unit(), loc.expression()).orElseThrow();
    }

    private record Answer(IndexCache.Outcome outcome, Map<String, Long> offsets, NameIndex.Source source) { }

    /** Opens the file afresh (a new process would), asks the cache, and resolves every TLS name through it. */
    private Answer ask(IndexCache cache, Path program) {
        try (ElfFile elf = ElfFile.open(program); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            IndexCache.Result r = cache.index(dwarf);
            Map<String, Long> offsets = new HashMap<>();
            for (String n : List.of("alpha", "beta", "gamma_buf")) {
                offsets.put(n, tlsOffset(dwarf, r.index(), n));
            }
            assertThat(NameIndexes.of(dwarf)).as("attached, so later users share it").isSameAs(r.index());
            return new Answer(r.outcome(), offsets, r.index().source());
        }
    }

    private Map<String, Long> truth(Path program) {
        Map<String, Long> all = readelfTls(program);
        Map<String, Long> out = new HashMap<>();
        for (String n : List.of("alpha", "beta", "gamma_buf")) {
            out.put(n, all.get(n));
        }
        return out;
    }

    private Path onlyCacheFile() throws IOException {
        try (Stream<Path> s = Files.list(cacheDir)) {
            List<Path> files = s.toList();
            assertThat(files).hasSize(1);
            assertThat(files.get(0).getFileName().toString()).endsWith(".tldbidx");
            return files.get(0);
        }
    }

    @Test
    void missThenHitGivesTheScansAnswers() throws IOException {
        Path prog = build(V1, "prog");
        IndexCache cache = IndexCache.at(cacheDir);
        Answer first = ask(cache, prog);
        assertThat(first.outcome()).isEqualTo(IndexCache.Outcome.MISS);
        assertThat(first.source()).isEqualTo(NameIndex.Source.SCAN);
        assertThat(first.offsets()).isEqualTo(truth(prog));
        Path file = onlyCacheFile();
        String buildId;
        try (ElfFile elf = ElfFile.open(prog)) {
            buildId = elf.buildIdHex().orElseThrow();
        }
        assertThat(file.getFileName().toString()).isEqualTo("b-" + buildId + ".tldbidx");

        Answer second = ask(cache, prog);
        assertThat(second.outcome()).isEqualTo(IndexCache.Outcome.HIT);
        assertThat(second.source()).isEqualTo(NameIndex.Source.CACHE);
        assertThat(second.offsets()).isEqualTo(truth(prog));

        // Every entry of the cached index equals the scan's, name by name.
        try (ElfFile elf = ElfFile.open(prog); DwarfInfo dwarf = DwarfInfo.of(elf);
             ElfFile elf2 = ElfFile.open(prog); DwarfInfo dwarf2 = DwarfInfo.of(elf2)) {
            NameIndex scan = NameIndexes.scan(dwarf);
            NameIndex cached = cache.index(dwarf2).index();
            assertThat(new HashSet<>(cached.entries())).isEqualTo(new HashSet<>(scan.entries()));
            for (IndexEntry e : scan.entries()) {
                assertThat(cached.lookup(e.name())).isEqualTo(scan.lookup(e.name()));
            }
            assertThat(cached.lookup("no_such_name")).isEmpty();
        }
    }

    @Test
    void aCopyOfTheSameBuildHitsThroughItsBuildId() throws IOException {
        Path prog = build(V1, "prog");
        IndexCache cache = IndexCache.at(cacheDir);
        ask(cache, prog);
        Path copy = Files.createDirectories(dir.resolve("elsewhere")).resolve("renamed");
        Files.copy(prog, copy);
        assertThat(ask(cache, copy).outcome()).isEqualTo(IndexCache.Outcome.HIT);
    }

    @Test
    void withoutBuildIdARewrittenFileMisses() throws IOException {
        Path prog = build(V1, "prog", "-Wl,--build-id=none");
        try (ElfFile elf = ElfFile.open(prog)) {
            assertThat(elf.buildIdHex()).isEmpty();
        }
        IndexCache cache = IndexCache.at(cacheDir);
        assertThat(ask(cache, prog).outcome()).isEqualTo(IndexCache.Outcome.MISS);
        assertThat(onlyCacheFile().getFileName().toString()).startsWith("f-");
        assertThat(ask(cache, prog).outcome()).isEqualTo(IndexCache.Outcome.HIT);

        // Rebuilt in place from other sources: new size, mtime (and maybe inode), so a new key.
        Files.delete(prog);
        Path again = build(V2, "prog", "-Wl,--build-id=none");
        Files.setLastModifiedTime(again, FileTime.from(Instant.now().plusSeconds(5)));
        Answer a = ask(cache, again);
        assertThat(a.outcome()).isEqualTo(IndexCache.Outcome.MISS);
        assertThat(a.offsets()).isEqualTo(truth(again)).isNotEqualTo(truth(build(V1, "v1", "-Wl,--build-id=none")));
    }

    @Test
    void aDifferentFileUnderTheSameBuildIdIsStaleAndReplaced() throws IOException {
        // Both programs claim one build-id: the cache file made for the first must not serve the second.
        String id = "-Wl,--build-id=0x0123456789abcdef0123456789abcdef01234567";
        Path one = build(V1, "one", id);
        Path two = build(V2, "two", id);
        IndexCache cache = IndexCache.at(cacheDir);
        assertThat(ask(cache, one).outcome()).isEqualTo(IndexCache.Outcome.MISS);
        Answer a = ask(cache, two);
        assertThat(a.outcome()).isEqualTo(IndexCache.Outcome.STALE);
        assertThat(a.offsets()).isEqualTo(truth(two)).isNotEqualTo(truth(one));
        assertThat(ask(cache, two).outcome()).as("rewritten for the second").isEqualTo(IndexCache.Outcome.HIT);
    }

    @Test
    void anOlderFormatVersionIsStale() throws IOException {
        Path prog = build(V1, "prog");
        IndexCache cache = IndexCache.at(cacheDir);
        ask(cache, prog);
        Path file = onlyCacheFile();
        byte[] b = Files.readAllBytes(file);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, IndexFileFormat.VERSION + 1);
        Files.write(file, b);
        assertThat(ask(cache, prog).outcome()).isEqualTo(IndexCache.Outcome.STALE);
        assertThat(ask(cache, prog).outcome()).isEqualTo(IndexCache.Outcome.HIT);
    }

    @Test
    void truncatedGarbledAndEmptyFilesAreCorruptAndRewritten() throws IOException {
        Path prog = build(V1, "prog");
        IndexCache cache = IndexCache.at(cacheDir);
        ask(cache, prog);
        Path file = onlyCacheFile();
        byte[] good = Files.readAllBytes(file);

        List<byte[]> damaged = new ArrayList<>();
        damaged.add(new byte[0]);
        damaged.add(java.util.Arrays.copyOf(good, 40));
        damaged.add(java.util.Arrays.copyOf(good, good.length / 2));
        byte[] flipped = good.clone();
        flipped[good.length - 3] ^= 0x40; // in the names: only the checksum notices
        damaged.add(flipped);
        byte[] noise = new byte[good.length];
        new java.util.Random(7).nextBytes(noise);
        damaged.add(noise);
        byte[] badSizes = good.clone();
        ByteBuffer.wrap(badSizes).order(ByteOrder.LITTLE_ENDIAN).putInt(28, Integer.MAX_VALUE); // absurd entry count
        damaged.add(badSizes);

        for (byte[] d : damaged) {
            Files.write(file, d);
            Answer a = ask(cache, prog);
            assertThat(a.outcome()).as("damaged file of " + d.length + " bytes").isEqualTo(IndexCache.Outcome.CORRUPT);
            assertThat(a.offsets()).isEqualTo(truth(prog));
            assertThat(Files.readAllBytes(file)).as("rewritten").isEqualTo(good);
        }
    }

    @Test
    void aLyingFileWithAValidChecksumIsCaughtByVerification() throws IOException {
        Path prog = build(V1, "prog");
        IndexCache cache = IndexCache.at(cacheDir);
        ask(cache, prog);
        Path file = onlyCacheFile();
        byte[] b = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int entries = buf.getInt(28);
        int names = buf.getInt(32);
        int buckets = buf.getInt(36);
        int sig = buf.getInt(40);
        int entriesAt = IndexFileFormat.HEADER + sig + 4 * buckets + IndexFileFormat.NAME_RECORD * names;
        // Point every entry at the DIE of the first one: consistent, checksummed, and wrong.
        long firstDie = buf.getLong(entriesAt + 8) & IndexFileFormat.MAX_DIE_OFFSET;
        for (int i = 0; i < entries; i++) {
            int at = entriesAt + IndexFileFormat.ENTRY_RECORD * i + 8;
            buf.putLong(at, (buf.getLong(at) & ~IndexFileFormat.MAX_DIE_OFFSET) | firstDie);
        }
        CRC32C crc = new CRC32C();
        crc.update(b, IndexFileFormat.HEADER, b.length - IndexFileFormat.HEADER);
        buf.putInt(24, (int) crc.getValue());
        Files.write(file, b);

        try (ElfFile elf = ElfFile.open(prog); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            IndexCache.Result r = cache.index(dwarf);
            assertThat(r.outcome()).as("the file itself looks sound").isEqualTo(IndexCache.Outcome.HIT);
            Map<String, Long> truth = truth(prog);
            for (String n : List.of("alpha", "beta", "gamma_buf")) {
                assertThat(tlsOffset(dwarf, r.index(), n)).as(n).isEqualTo(truth.get(n));
            }
            assertThat(r.index().source()).as("answers now come from a scan").isEqualTo(NameIndex.Source.SCAN);
        }
        assertThat(ask(cache, prog).outcome()).as("and the file was rewritten").isEqualTo(IndexCache.Outcome.HIT);
    }

    @Test
    void concurrentWritersLeaveOneSoundFile() throws Exception {
        Path prog = build(V1, "prog");
        IndexCache cache = IndexCache.at(cacheDir);
        Map<String, Long> truth = truth(prog);
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                answers.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return ask(cache, prog);
                }));
            }
            for (Future<Answer> f : answers) {
                Answer a = f.get(60, TimeUnit.SECONDS);
                assertThat(a.offsets()).isEqualTo(truth);
                assertThat(a.outcome()).isIn(IndexCache.Outcome.MISS, IndexCache.Outcome.HIT);
            }
        } finally {
            pool.shutdownNow();
        }
        onlyCacheFile(); // no temporaries left behind
        assertThat(ask(cache, prog).outcome()).isEqualTo(IndexCache.Outcome.HIT);
    }

    @Test
    void readersAndWritersInterleavedNeverSeeHalfAFile() throws Exception {
        Path prog = build(V1, "prog");
        IndexCache cache = IndexCache.at(cacheDir);
        ask(cache, prog);
        Path file = onlyCacheFile();
        Map<String, Long> truth = truth(prog);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<IndexCache.Outcome>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean deleter = t == 0;
                runs.add(pool.submit(() -> {
                    List<IndexCache.Outcome> seen = new ArrayList<>();
                    for (int i = 0; i < 15; i++) {
                        if (deleter) {
                            Files.deleteIfExists(file); // forces rewrites while others read
                        }
                        Answer a = ask(cache, prog);
                        assertThat(a.offsets()).isEqualTo(truth);
                        seen.add(a.outcome());
                    }
                    return seen;
                }));
            }
            for (Future<List<IndexCache.Outcome>> f : runs) {
                assertThat(f.get(120, TimeUnit.SECONDS)).doesNotContain(IndexCache.Outcome.CORRUPT,
                        IndexCache.Outcome.STALE);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leastRecentlyUsedFilesGoWhenTheCapIsExceeded() throws IOException {
        Path one = build(V1, "one");
        Path two = build(V2, "two");
        IndexCache big = IndexCache.at(cacheDir);
        ask(big, one);
        Path first = onlyCacheFile();
        long size = Files.size(first);
        Files.setLastModifiedTime(first, FileTime.from(Instant.now().minusSeconds(3600)));
        // Room for one file only: writing the second evicts the older first.
        IndexCache small = IndexCache.at(cacheDir, size + size / 2);
        assertThat(ask(small, two).outcome()).isEqualTo(IndexCache.Outcome.MISS);
        assertThat(first).doesNotExist();
        assertThat(small.contents().orElseThrow().files()).isEqualTo(1);
        // A dead writer's temporary goes too, once it is old.
        Path stray = cacheDir.resolve("b-00.tldbidx.tmp-1-2");
        Files.write(stray, new byte[10]);
        Files.setLastModifiedTime(stray, FileTime.from(Instant.now().minusSeconds(7200)));
        assertThat(ask(small, one).outcome()).isEqualTo(IndexCache.Outcome.MISS);
        assertThat(stray).doesNotExist();
        assertThat(small.clear()).isEqualTo(1);
        assertThat(small.contents().orElseThrow().files()).isZero();
    }

    @Test
    void disabledWritesNothingAndFilesWithTheirOwnIndexNeedNone() throws IOException {
        Path prog = build(V1, "prog");
        Answer a = ask(IndexCache.disabled(), prog);
        assertThat(a.outcome()).isEqualTo(IndexCache.Outcome.DISABLED);
        assertThat(a.offsets()).isEqualTo(truth(prog));
        assertThat(cacheDir).doesNotExist();

        Tools.require("gdb-add-index");
        Path indexed = build(V1, "indexed");
        Tools.run(dir, "gdb-add-index", indexed.toString());
        Answer b = ask(IndexCache.at(cacheDir), indexed);
        assertThat(b.outcome()).isEqualTo(IndexCache.Outcome.NOT_NEEDED);
        assertThat(b.source()).isEqualTo(NameIndex.Source.GDB_INDEX);
        assertThat(b.offsets()).isEqualTo(truth(indexed));
        assertThat(cacheDir).doesNotExist();
    }

    @Test
    void anIncompleteScanIsNotStored() throws IOException {
        Path prog = build(V1, "prog", "-gsplit-dwarf");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".dwo")).toList()) {
                Files.delete(p);
            }
        }
        try (ElfFile elf = ElfFile.open(prog); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            IndexCache.Result r = IndexCache.at(cacheDir).index(dwarf);
            assertThat(r.outcome()).isEqualTo(IndexCache.Outcome.NOT_STORED);
            assertThat(r.index().problems()).isNotEmpty();
        }
        assertThat(cacheDir).doesNotExist();
    }

    @Test
    void environmentSettings() {
        assertThat(IndexCache.fromEnvironment(Map.of("TLDB_INDEX_CACHE", "off", "HOME", "/h")).enabled()).isFalse();
        assertThat(IndexCache.fromEnvironment(Map.of("HOME", "/h")).directory()).contains(Path.of("/h/.cache/tldb/index"));
        assertThat(IndexCache.fromEnvironment(Map.of("HOME", "/h", "XDG_CACHE_HOME", "/x")).directory())
                .contains(Path.of("/x/tldb/index"));
        assertThat(IndexCache.fromEnvironment(Map.of("HOME", "/h", "XDG_CACHE_HOME", "relative")).directory())
                .as("the XDG spec ignores relative paths").contains(Path.of("/h/.cache/tldb/index"));
        IndexCache c = IndexCache.fromEnvironment(Map.of("TLDB_INDEX_CACHE_DIR", "/c", "TLDB_INDEX_CACHE_MAX_MB", "5"));
        assertThat(c.directory()).contains(Path.of("/c"));
        assertThat(c.maxBytes()).isEqualTo(5L << 20);
        assertThat(IndexCache.fromEnvironment(Map.of("HOME", "/h", "TLDB_INDEX_CACHE_MAX_MB", "lots")).maxBytes())
                .isEqualTo(IndexCache.DEFAULT_MAX_MB << 20);
    }
}
