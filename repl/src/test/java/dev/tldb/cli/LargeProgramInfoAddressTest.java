package dev.tldb.cli;

import dev.tldb.testkit.Gdb;
import dev.tldb.testkit.GdbResult;
import dev.tldb.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tldb info address} on the generated large program, without and with the index cache:
 * the answers are gdb's, the first run fills the cache, later runs read it, and a damaged cache
 * file changes nothing the user sees.
 */
class LargeProgramInfoAddressTest {
    @TempDir
    Path cache;

    /** Names from the first, a middle and the last unit, of every kind the generator makes. */
    private static final List<String> NAMES = List.of("bench_tls", "tls_u0_0", "tls_u31_3", "stls_u62", "g_u10_1",
            "sg_u5", "fn_u40_7", "unit_62_entry", "main");

    private static List<String> gdb(Path program) {
        List<String> commands = new ArrayList<>();
        for (String n : NAMES) {
            commands.add("info address " + n);
        }
        GdbResult r = Gdb.stock().batch(commands, program.toString());
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).as(r.stdout() + r.stderr()).hasSize(NAMES.size());
        return lines;
    }

    private List<String> tldb(Path program, String... options) {
        List<String> out = new ArrayList<>();
        for (String n : NAMES) {
            List<String> args = new ArrayList<>(List.of("info", "address", n, "--file", program.toString()));
            args.addAll(List.of(options));
            CliResult r = Cli.run(cache, args.toArray(new String[0]));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stderr()).isEmpty();
            out.add(r.stdout().strip());
        }
        return out;
    }

    private List<Path> cacheFiles() throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.toString().endsWith(".tldbidx")).toList();
        }
    }

    @Test
    void answersMatchGdbColdWarmAndAfterDamage() throws IOException {
        Path program = Samples.largeProgram(3);
        List<String> expected = gdb(program);

        assertThat(tldb(program, "--no-index-cache")).isEqualTo(expected);
        assertThat(cacheFiles()).as("--no-index-cache writes nothing").isEmpty();

        assertThat(tldb(program)).as("cold, then warm").isEqualTo(expected);
        List<Path> files = cacheFiles();
        assertThat(files).hasSize(1);

        CliResult info = Cli.run(cache, "index-cache", "info");
        assertThat(info.stdout()).contains("index cache: " + cache).contains("files      1");

        // Garble the middle of the cache file: answers stay gdb's, and the file is rebuilt.
        byte[] bytes = Files.readAllBytes(files.get(0));
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(files.get(0), bytes);
        assertThat(tldb(program)).isEqualTo(expected);
        assertThat(Files.readAllBytes(files.get(0))).isNotEqualTo(bytes);

        CliResult cleared = Cli.run(cache, "index-cache", "clear");
        assertThat(cleared.stdout()).startsWith("index cache: removed 1 file from ");
        assertThat(cacheFiles()).isEmpty();

        CliResult off = Cli.run(java.util.Map.of("TLDB_INDEX_CACHE", "off", "TLDB_INDEX_CACHE_DIR", cache.toString()),
                "info", "address", "bench_tls", "--file", program.toString());
        assertThat(off.stdout().strip()).isEqualTo(expected.get(0));
        assertThat(cacheFiles()).as("TLDB_INDEX_CACHE=off writes nothing").isEmpty();
        assertThat(Cli.run(java.util.Map.of("TLDB_INDEX_CACHE", "off"), "index-cache", "info").stdout())
                .isEqualTo("index cache: off\n");
    }
}
