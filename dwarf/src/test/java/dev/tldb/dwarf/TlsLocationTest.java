package dev.tldb.dwarf;

import dev.tldb.dwarf.lists.LocationDescription;
import dev.tldb.dwarf.lists.Locations;
import dev.tldb.dwarf.lists.SingleLocation;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TLS offset in each thread-local variable's location expression equals the value of its
 * STT_TLS symbol (its offset in the module's TLS block), as readelf prints it.
 */
class TlsLocationTest {
    @TempDir
    Path dir;

    /** name -> st_value of every STT_TLS symbol, from readelf. */
    static Map<String, Long> readelfTlsSymbols(Path file) {
        Map<String, Long> out = new TreeMap<>();
        for (String line : Tools.run(file.getParent(), "readelf", "-sW", file.toString()).lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[3].equals("TLS") && !f[6].equals("UND")) {
                out.put(f[7], Long.parseLong(f[1], 16));
            }
        }
        return out;
    }

    /** name -> TLS block offset of every variable DIE (at any depth) whose location has the TLS shape. */
    static Map<String, Long> dwarfTlsOffsets(DwarfInfo dwarf) {
        return dwarfTlsOffsets(dwarf, true);
    }

    static Map<String, Long> dwarfTlsOffsets(DwarfInfo dwarf, boolean blockOffsets) {
        Map<String, Long> out = new TreeMap<>();
        List<Unit> units = new ArrayList<>();
        for (Unit u : dwarf.units()) {
            units.add(u.splitUnit().orElse(u));
        }
        for (Unit u : units) {
            DieCursor c = u.cursor();
            while (c.next()) {
                if (c.tag() != DwTag.VARIABLE) {
                    continue;
                }
                Die d = c.die();
                Optional<LocationDescription> loc = Locations.of(d);
                if (loc.isEmpty() || !(loc.get() instanceof SingleLocation single)) {
                    continue;
                }
                OptionalLong off = blockOffsets ? TlsExpression.blockOffset(u, single.expression())
                        : TlsExpression.offset(u, single.expression());
                if (off.isPresent()) {
                    out.put(d.resolvedName().orElseThrow(), off.getAsLong());
                    assertThat(single.encoding()).isEqualTo(u.encoding());
                }
            }
        }
        return out;
    }

    private void assertOffsetsMatch(Path dwarfFile, Path linked) {
        Map<String, Long> expected = readelfTlsSymbols(linked);
        try (ElfFile elf = ElfFile.open(dwarfFile); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            Map<String, Long> actual = dwarfTlsOffsets(dwarf);
            assertThat(actual).as("TLS variables of " + dwarfFile.getFileName()).isNotEmpty();
            assertThat(actual).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-5", "-gdwarf-4", "-gdwarf-2", "-gdwarf64"})
    void executables(String flag) {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", flag);
        assertOffsetsMatch(bin, bin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-5", "-gdwarf-4"})
    void splitDwarfTakesTheOffsetFromDebugAddr(String flag) {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", flag, "-gsplit-dwarf");
        assertOffsetsMatch(bin, bin);
        // gcc 12 fills these .debug_addr slots with addresses (R_X86_64_64), not offsets: the raw
        // operand is PT_TLS.p_vaddr + offset, which blockOffset corrects.
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            long vaddr = elf.tlsSegment().orElseThrow().vaddr();
            Map<String, Long> raw = dwarfTlsOffsets(dwarf, false);
            Map<String, Long> symbols = readelfTlsSymbols(bin);
            raw.forEach((name, value) -> assertThat(value).as(name).isEqualTo(vaddr + symbols.get(name)));
        }
    }

    @Test
    void splitDwarfObject() {
        Path obj = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample.o", "-g", "-gsplit-dwarf", "-c");
        Tools.run(dir, "gcc", "sample.o", "-o", "linked");
        assertOffsetsMatch(obj, dir.resolve("linked"));
    }

    @Test
    void musl() {
        Path bin = Tools.compile(dir, "musl-gcc", "sample", Tools.resource("sample.c"), "sample", "-g");
        assertOffsetsMatch(bin, bin);
    }

    @Test
    void relocatableObjectReportsTheOffsetsTheLinkerWillUse() {
        // Most readers show 0 here: the offsets are R_X86_64_DTPOFF32/64 relocations in the .o.
        Path obj = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample.o", "-g", "-c");
        Tools.run(dir, "gcc", "sample.o", "-o", "linked");
        assertOffsetsMatch(obj, dir.resolve("linked"));
        try (ElfFile elf = ElfFile.open(obj); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            assertThat(dwarfTlsOffsets(dwarf).values()).anyMatch(v -> v != 0);
        }
    }

    @Test
    void elf32RelocatableObject() {
        Path obj = Tools.gcc(dir, "plain", Tools.resource("plain.c"), "plain32.o", "-g", "-m32", "-c");
        Tools.run(dir, "ld", "-m", "elf_i386", "-e", "main", "-o", "plain32", "plain32.o");
        assertOffsetsMatch(obj, dir.resolve("plain32"));
        assertOffsetsMatch(dir.resolve("plain32"), dir.resolve("plain32"));
    }
}
