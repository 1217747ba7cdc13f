package dev.tldb.cli;

import dev.tldb.testkit.SampleVariant;
import dev.tldb.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 2's acceptance for {@code tldb dwarf stats} and relocatable objects: DIE counts equal
 * readelf's on every file of every sample (programs, libraries, objects, {@code .dwo}s) and on a
 * generated large program; thread-local variable counts equal the STT_TLS symbol counts; and a
 * {@code .o} reports the TLS offsets its linked program has, because tldb applies the TLS
 * relocations (DTPOFF and friends) that fill them.
 */
class DwarfStatsAcceptanceTest {
    /** Generated program: 63 units, about 3 MB of .debug_info, a few seconds of gcc. */
    private static final int LARGE_SCALE = 3;

    @TempDir
    Path cache;

    static Stream<String> variants() {
        return Samples.variantNames().stream();
    }

    /** {@code tldb dwarf stats FILE --json} as numbers by key. */
    private static Map<String, Long> stats(Path file) {
        CliResult r = Cli.runUncached("dwarf", "stats", file.toString(), "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("\"problems\":[]");
        Matcher m = Pattern.compile("\"([a-z_]+)\":(\\d+)").matcher(r.stdout());
        Map<String, Long> out = new java.util.HashMap<>();
        while (m.find()) {
            out.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    /** readelf's DIEs of a file plus those of the .dwo files its skeletons name (tldb follows them too). */
    private static long readelfDiesFollowingDwo(Path file) {
        ReadelfDies.Dump d = ReadelfDies.of(file);
        long n = d.dies();
        for (String dwo : d.dwoNames()) {
            n += ReadelfDies.of(file.resolveSibling(dwo)).dies();
        }
        return n;
    }

    /**
     * STT_TLS symbols that stand for variables: not {@code _TLS_MODULE_BASE_}, which the linker
     * defines for TLS descriptors (aarch64) and which no source declares.
     */
    private static List<TlsSymbols.TlsSymbol> variableSymbols(Path file) {
        return TlsSymbols.of(file).stream().filter(s -> !s.name().equals("_TLS_MODULE_BASE_")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void dieAndTlsCountsMatchReadelf(String variantName) {
        SampleVariant v = Samples.variant(variantName);
        List<Path> files = new ArrayList<>();
        files.add(v.executable());
        files.addAll(v.libraries());
        files.addAll(v.objects());
        for (Path file : files) {
            Map<String, Long> s = stats(file);
            assertThat(s.get("dies")).as(v.name() + " " + file.getFileName() + " DIEs")
                    .isEqualTo(readelfDiesFollowingDwo(file)).isPositive();
            // In a static program libc's TLS symbols come without DWARF: there the sample's own
            // object says how many TLS variables have debug information.
            Path symbolsFrom = v.isStatic() && file.equals(v.executable()) ? v.object() : file;
            assertThat(s.get("tls_variables")).as(v.name() + " " + file.getFileName() + " TLS variables")
                    .isEqualTo(variableSymbols(symbolsFrom).size()).isPositive();
        }
        for (Path dwo : v.dwoFiles()) {
            assertThat(stats(dwo).get("dies")).as(dwo.toString()).isEqualTo(ReadelfDies.of(dwo).dies()).isPositive();
        }
    }

    /**
     * Each object of a PIE variant is the only source of its module's TLS, so its relocated offsets
     * must be the linked file's st_values. (A static program's block also holds libc's TLS, which
     * moves the sample's .tbss: no such equality there.)
     */
    /** The variants with libraries (the Makefile names the others {@code *-static}). */
    static Stream<String> pieVariants() {
        return Samples.variantNames().stream().filter(n -> !n.endsWith("-static"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pieVariants")
    void objectsReportTheLinkedOffsets(String variantName) {
        SampleVariant v = Samples.variant(variantName);
        assertThat(v.isPie()).isTrue();
        Map<Path, Path> linkedFromObject = Map.of(
                v.folder().resolve("tls-sample.o"), v.executable(),
                v.folder().resolve("liblinked.o"), v.folder().resolve("liblinked.so"),
                v.folder().resolve("libplugin.o"), v.folder().resolve("libplugin.so"));
        Pattern offset = Pattern.compile("thread-local variable at offset 0x([0-9a-f]+) in the thread-local storage for `(.+)'");
        int checked = 0;
        for (Map.Entry<Path, Path> e : linkedFromObject.entrySet()) {
            for (TlsSymbols.TlsSymbol sym : variableSymbols(e.getValue())) {
                CliResult r = Cli.run(cache, "info", "address", sym.name(), "--file", e.getKey().toString());
                assertThat(r.exitCode()).as(r.toString()).isZero();
                Matcher m = offset.matcher(r.stdout());
                assertThat(m.find()).as(r.stdout()).isTrue();
                assertThat(Long.parseUnsignedLong(m.group(1), 16)).as(v.name() + " " + e.getKey().getFileName() + " "
                        + sym.name()).isEqualTo(sym.value());
                assertThat(m.group(2)).isEqualTo(e.getKey().toAbsolutePath().toString());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(15);
    }

    @Test
    void aLargeProgramCountsLikeReadelf() {
        Path program = Samples.largeProgram(LARGE_SCALE);
        ReadelfDies.Dump dump = ReadelfDies.of(program);
        assertThat(dump.dies()).as("a large program").isGreaterThan(200_000);
        Map<String, Long> s = stats(program);
        assertThat(s.get("dies")).isEqualTo(dump.dies());
        assertThat(s.get("compile_units")).isEqualTo(dump.units());
        // Every TLS variable of the generated program is a symbol of it (it links no libc TLS).
        List<TlsSymbols.TlsSymbol> tls = variableSymbols(program);
        assertThat(s.get("tls_variables")).isEqualTo(tls.size()).isGreaterThan(400);
        Map<Boolean, Long> byBinding = tls.stream().collect(Collectors.partitioningBy(TlsSymbols.TlsSymbol::local,
                Collectors.counting()));
        assertThat(byBinding.get(true)).as("static __thread ones too").isEqualTo(dump.units() - 1);
    }
}
