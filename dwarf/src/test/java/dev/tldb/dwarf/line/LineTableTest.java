package dev.tldb.dwarf.line;

import dev.tldb.dwarf.DwarfInfo;
import dev.tldb.dwarf.Unit;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Line rows against objdump's decoded line dump, and pc lookups against gdb's {@code info line}. */
class LineTableTest {
    private static final Pattern OBJDUMP_ROW =
            Pattern.compile("^(\\S+)\\s+(\\d+|-)\\s+(0x[0-9a-f]+|0)(?:\\s+\\d+)?\\s*(x)?\\s*$");
    private static final String HEADER = "static inline int twice(int x) { return x * 2; }\n";
    private static final String SOURCE = """
            #include "inl.h"
            int g;
            int f(int a) {
              for (int i = 0; i < a; i++)
                g += twice(i);
              return g;
            }
            int main(int argc, char **argv) {
              return f(argc) + twice(3);
            }
            """;

    @TempDir
    Path dir;

    /** "file line address stmt" per row, the way objdump prints them (base names; "-" ends a sequence). */
    private static List<String> objdumpRows(Path file) {
        String out = Tools.run(file.getParent(), "objdump", "--dwarf=decodedline", file.toString());
        List<String> rows = new ArrayList<>();
        for (String line : out.lines().toList()) {
            Matcher m = OBJDUMP_ROW.matcher(line);
            if (m.matches() && !line.startsWith("File name")) {
                rows.add(m.group(1) + " " + m.group(2) + " " + Long.decode(m.group(3))
                        + (m.group(4) != null ? " x" : ""));
            }
        }
        return rows;
    }

    private static List<String> ourRows(Path file) {
        List<String> rows = new ArrayList<>();
        try (ElfFile elf = ElfFile.open(file)) {
            DwarfInfo dwarf = DwarfInfo.of(elf);
            for (Unit u : dwarf.units()) {
                LineTable t = LineTables.of(dwarf).forUnit(u).orElseThrow();
                for (LineRow r : t.rows()) {
                    String name = LineTable.baseName(t.fileName(r.file()).orElse("??"));
                    rows.add(name + " " + (r.endSequence() ? "-" : Long.toString(r.line())) + " " + r.address()
                            + (r.isStmt() && !r.endSequence() ? " x" : ""));
                }
            }
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-5", "-gdwarf-4", "-gdwarf-3", "-gdwarf-2"})
    void rowsMatchObjdump(String version) throws IOException {
        Files.writeString(dir.resolve("inl.h"), HEADER);
        Path bin = Tools.gcc(dir, "lines", SOURCE, "lines", "-g", version, "-O2");
        List<String> expected = objdumpRows(bin);
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(ourRows(bin)).containsExactlyElementsOf(expected);
    }

    @Test
    void rowsOfTheSampleProgramAndAnObject() {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", "-O1");
        Path obj = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample.o", "-g", "-O1", "-c");
        assertThat(ourRows(bin)).containsExactlyElementsOf(objdumpRows(bin));
        assertThat(ourRows(obj)).containsExactlyElementsOf(objdumpRows(obj));
    }

    @Test
    void findRowAgreesWithGdbInfoLine() {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", "-O0");
        for (String function : List.of("main", "add", "square")) {
            String out = Tools.run(dir, "gdb", "-nx", "-batch", "-ex", "info line " + function, bin.toString());
            // Line 47 of "sample.c" starts at address 0x1234 <main> and ends at 0x1240 <main+12>.
            Matcher m = Pattern.compile("Line (\\d+) of \"([^\"]+)\"\\s+starts at address (0x[0-9a-f]+)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            long line = Long.parseLong(m.group(1));
            long address = Long.parseLong(m.group(3).substring(2), 16);
            try (ElfFile elf = ElfFile.open(bin)) {
                DwarfInfo dwarf = DwarfInfo.of(elf);
                SourceLocation loc = LineTables.of(dwarf).location(address).orElseThrow();
                assertThat(loc.line()).as(function).isEqualTo(line);
                assertThat(loc.file()).isEqualTo(dir.toRealPath().resolve("sample.c").toString());
                // One byte into the line's code still maps to it.
                assertThat(LineTables.of(dwarf).location(address + 1).orElseThrow().line()).isEqualTo(line);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void splitUnitsUseTheSkeletonsTable() {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g", "-gsplit-dwarf");
        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            Unit split = dwarf.units().get(0).splitUnit().orElseThrow();
            LineTable t = LineTables.of(dwarf).forUnit(split).orElseThrow();
            assertThat(t.rows()).isNotEmpty();
            assertThat(ourRows(bin)).containsExactlyElementsOf(objdumpRows(bin));
        }
    }
}
