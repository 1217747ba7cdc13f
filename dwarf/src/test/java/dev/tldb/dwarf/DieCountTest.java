package dev.tldb.dwarf;

import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.Elf;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader sees exactly the DIEs readelf sees, for every flavour of DWARF gcc writes. */
class DieCountTest {
    @TempDir
    Path dir;

    static long countDies(DwarfInfo dwarf) {
        long n = 0;
        for (Unit u : dwarf.allUnits()) {
            DieCursor c = u.cursor();
            while (c.next()) {
                n++;
            }
        }
        return n;
    }

    private void assertSameCount(Path file) {
        assertSameCount(file, 10);
    }

    private void assertSameCount(Path file, int atLeast) {
        try (ElfFile elf = ElfFile.open(file)) {
            DwarfInfo dwarf = DwarfInfo.of(elf);
            long expected = Tools.readelfDieCount(file);
            assertThat(expected).as("readelf saw DIEs in " + file.getFileName()).isGreaterThanOrEqualTo(atLeast);
            assertThat(countDies(dwarf)).as("DIEs in " + file.getFileName()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-5", "-gdwarf-4", "-gdwarf-3", "-gdwarf-2", "-gdwarf64"})
    void dwarfVersionsAndFormats(String flag) {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", flag, "-O1");
        assertSameCount(bin);
        try (ElfFile elf = ElfFile.open(bin)) {
            Unit first = DwarfInfo.of(elf).units().get(0);
            int version = flag.equals("-gdwarf64") ? 5 : flag.charAt(flag.length() - 1) - '0';
            assertThat(first.version()).isEqualTo(version);
            assertThat(first.encoding().dwarf64()).isEqualTo(flag.equals("-gdwarf64"));
        }
    }

    @Test
    void fileWithoutDebugInfo() {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g0", "-s");
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            assertThat(dwarf.hasDebugInfo()).isFalse();
            assertThat(dwarf.allUnits()).isEmpty();
            assertThat(dev.tldb.dwarf.index.NameIndexes.lookup(dwarf, "main")).isEmpty();
            assertThat(dev.tldb.dwarf.stats.DwarfStats.of(dwarf).dies()).isZero();
        }
    }

    @Test
    void compressedSections() {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", "-gz=zlib");
        try (ElfFile elf = ElfFile.open(bin)) {
            assertThat(elf.debugSection(".debug_info").orElseThrow().isCompressed()).isTrue();
        }
        assertSameCount(bin);
    }

    @Test
    void relocatableObject() {
        Path obj = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample.o", "-g", "-c");
        assertSameCount(obj);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void typeUnits(String version) {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", version,
                "-fdebug-types-section");
        Path obj = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample.o", "-g", version,
                "-fdebug-types-section", "-c");
        assertSameCount(bin);
        assertSameCount(obj);
        try (ElfFile elf = ElfFile.open(bin)) {
            DwarfInfo dwarf = DwarfInfo.of(elf);
            List<Unit> typeUnits = dwarf.allUnits().stream().filter(Unit::isTypeUnit).toList();
            assertThat(typeUnits).isNotEmpty();
            for (Unit tu : typeUnits) {
                assertThat(dwarf.typeUnit(tu.header().typeSignature().getAsLong())).contains(tu);
                assertThat(tu.typeDie().orElseThrow().tag()).isIn(DwTag.STRUCTURE_TYPE, DwTag.UNION_TYPE,
                        DwTag.ENUMERATION_TYPE, DwTag.TYPEDEF, DwTag.CLASS_TYPE);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void splitDwarf(String version) {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", version, "-gsplit-dwarf");
        Path dwo = dir.resolve("sample.dwo"); // gcc names it after the output
        assertThat(dwo).exists();
        assertSameCount(bin, 1); // skeletons only
        try (ElfFile elf = ElfFile.open(bin)) {
            DwarfInfo dwarf = DwarfInfo.of(elf);
            Unit skeleton = dwarf.units().get(0);
            assertThat(skeleton.isSkeleton()).isTrue();
            Unit split = skeleton.splitUnit().orElseThrow(() -> new AssertionError(dwarf.splitUnitProblem(skeleton)));
            assertThat(split.isSplit()).isTrue();
            assertThat(split.skeleton()).contains(skeleton);
            assertThat(split.dwoId()).isEqualTo(skeleton.dwoId());
            assertThat(split.name()).contains("sample.c");
            assertThat(countDies(split.dwarf())).isEqualTo(Tools.readelfDieCount(dwo));
            dwarf.close();
        }
    }

    @Test
    void splitTypeUnits() {
        // The .dwo holds one .debug_types.dwo section per type unit (COMDAT style): all are read.
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", "-gdwarf-4", "-gsplit-dwarf",
                "-fdebug-types-section");
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            Unit split = dwarf.units().get(0).splitUnit().orElseThrow();
            assertThat(split.dwarf().typesSectionUnits()).hasSizeGreaterThan(2);
            assertThat(countDies(split.dwarf())).isEqualTo(Tools.readelfDieCount(dir.resolve("sample.dwo")));
        }
    }

    @Test
    void elf32Object() {
        // No 32-bit libc is needed to compile (not link) a file without includes.
        Path obj = Tools.gcc(dir, "plain", Tools.resource("plain.c"), "plain32.o", "-g", "-m32", "-c");
        try (ElfFile elf = ElfFile.open(obj)) {
            assertThat(elf.is64()).isFalse();
            assertThat(DwarfInfo.of(elf).units().get(0).header().addressSize()).isEqualTo(4);
        }
        assertSameCount(obj);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64-linux-gnu-gcc", "riscv64-linux-gnu-gcc"})
    void crossCompiledObjects(String compiler) {
        Path obj = Tools.compile(dir, compiler, "sample", Tools.resource("sample.c"), "sample.o", "-g", "-c", "-O1");
        Path bin = Tools.compile(dir, compiler, "sample", Tools.resource("sample.c"), "sample", "-g", "-O1");
        try (ElfFile elf = ElfFile.open(obj)) {
            assertThat(elf.machine()).isIn(Elf.EM_AARCH64, Elf.EM_RISCV);
        }
        assertSameCount(obj);
        assertSameCount(bin);
    }
}
