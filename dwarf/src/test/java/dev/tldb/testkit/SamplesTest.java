package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every variant builds and is what its variant.properties says it is. */
class SamplesTest {
    private static final Map<String, String> MACHINES = Map.of(
            "x86_64", "Advanced Micro Devices X86-64",
            "aarch64", "AArch64",
            "riscv64", "RISC-V");

    static List<String> variants() {
        return Samples.variantNames();
    }

    @Test
    void findsTheRepositoryAndTheTrapLine() {
        assertThat(Samples.repoRoot().resolve("samples/Makefile")).isRegularFile();
        int line = Samples.trapLine();
        assertThat(line).isPositive();
        assertThat(Samples.source("tls-sample.c")).content()
                .contains("__builtin_trap(); " + Samples.TRAP_MARKER);
    }

    @Test
    void theMakefileListsTheWholeMatrix() {
        assertThat(Samples.variantNames()).contains(
                "x86_64-glibc-pie", "x86_64-glibc-pie-dwarf4", "x86_64-glibc-static",
                "x86_64-musl-static", "aarch64-glibc-static", "aarch64-glibc-pie",
                "riscv64-glibc-static", "riscv64-glibc-pie", "x86_64-glibc-pie-gz-zlib",
                "x86_64-glibc-pie-split-dwarf4", "x86_64-glibc-pie-split-dwarf5",
                "x86_64-glibc-pie-dwarf4-types", "x86_64-glibc-pie-dwarf5-types",
                "x86_64-glibc-pie-gnu-pubnames", "x86_64-glibc-pie-dwarf64");
        assertThat(Samples.variantNames()).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void variantBuildsAsDescribed(String name) {
        SampleVariant v = Samples.variant(name);

        assertThat(v.name()).isEqualTo(name);
        assertThat(v.folder()).isEqualTo(Samples.buildDir().resolve(name));
        assertThat(v.executable()).isRegularFile().isExecutable();
        assertThat(Readelf.header(v.executable(), "Machine")).isEqualTo(MACHINES.get(v.arch()));
        assertThat(Readelf.segmentTypes(v.executable())).contains("TLS");
        if (v.isStatic()) {
            assertThat(Readelf.elfType(v.executable())).isEqualTo("EXEC");
            assertThat(Readelf.segmentTypes(v.executable())).doesNotContain("INTERP");
            assertThat(v.libraries()).isEmpty();
        } else {
            assertThat(Readelf.elfType(v.executable())).isEqualTo("DYN");
            assertThat(Readelf.segmentTypes(v.executable())).contains("INTERP");
            assertThat(v.linkedLibraries()).extracting(p -> p.getFileName().toString())
                    .containsExactly("liblinked.so");
            assertThat(v.pluginLibraries()).extracting(p -> p.getFileName().toString())
                    .containsExactly("libplugin.so");
            for (Path lib : v.libraries()) {
                assertThat(Readelf.elfType(lib)).isEqualTo("DYN");
                assertThat(Readelf.segmentTypes(lib)).contains("TLS");
            }
            assertThat(Readelf.readelf("-d", v.executable().toString()))
                    .contains("liblinked.so").contains("$ORIGIN");
        }
        assertThat(Readelf.elfType(v.object())).isEqualTo("REL");
        assertThat(Readelf.debugInfoVersions(v.object())).isNotEmpty()
                .allMatch(version -> version == v.dwarfVersion());
        if (v.dwarfFlags().contains("-gsplit-dwarf")) {
            assertThat(v.dwoFiles()).extracting(p -> p.getFileName().toString())
                    .contains("tls-sample.dwo");
            v.dwoFiles().forEach(dwo -> assertThat(dwo).isRegularFile());
        } else {
            assertThat(v.dwoFiles()).isEmpty();
            assertThat(v.folder()).isDirectoryNotContaining("glob:**.dwo");
        }
    }

    @Test
    void debugFormatVariantsCarryTheirFeature() {
        Path gz = Samples.variant("x86_64-glibc-pie-gz-zlib").executable();
        assertThat(Readelf.readelf("-S", gz.toString()))
                .containsPattern("\\.debug_info\\s+PROGBITS\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+C\\b");

        Path types4 = Samples.variant("x86_64-glibc-pie-dwarf4-types").executable();
        assertThat(Readelf.sectionNames(types4)).contains(".debug_types");

        Path types5 = Samples.variant("x86_64-glibc-pie-dwarf5-types").executable();
        assertThat(Readelf.readelf("--debug-dump=info", types5.toString()))
                .contains("DW_UT_type");

        Path pubnames = Samples.variant("x86_64-glibc-pie-gnu-pubnames").executable();
        assertThat(Readelf.sectionNames(pubnames)).contains(".debug_gnu_pubnames");

        Path dwarf64 = Samples.variant("x86_64-glibc-pie-dwarf64").executable();
        assertThat(Readelf.readelf("--debug-dump=info", dwarf64.toString())).contains("(64-bit)");

        SampleVariant split5 = Samples.variant("x86_64-glibc-pie-split-dwarf5");
        assertThat(Readelf.readelf("--debug-dump=info", split5.executable().toString()))
                .contains("DW_TAG_skeleton_unit").contains("tls-sample.dwo");
        SampleVariant split4 = Samples.variant("x86_64-glibc-pie-split-dwarf4");
        assertThat(Readelf.readelf("--debug-dump=info", split4.executable().toString()))
                .contains("DW_AT_GNU_dwo_name");
    }

    @Test
    void tlsOpcodesFollowTheDwarfVersion() {
        String dwarf5 = Readelf.readelf("--debug-dump=info",
                Samples.variant("x86_64-glibc-pie").executable().toString());
        assertThat(dwarf5).contains("DW_OP_form_tls_address").doesNotContain("DW_OP_GNU_push_tls_address");
        String dwarf4 = Readelf.readelf("--debug-dump=info",
                Samples.variant("x86_64-glibc-pie-dwarf4").executable().toString());
        assertThat(dwarf4).contains("DW_OP_GNU_push_tls_address").doesNotContain("DW_OP_form_tls_address");
        // The relocatable object's TLS offsets are relocations, not final values.
        assertThat(Readelf.readelf("-r", Samples.variant("x86_64-glibc-pie").object().toString()))
                .contains("R_X86_64_DTPOFF32");
    }

    @Test
    void formatCheckBuilds() {
        Path fc = Samples.formatCheck();
        assertThat(fc).isRegularFile();
        assertThat(Files.isExecutable(fc)).isTrue();
    }
}
