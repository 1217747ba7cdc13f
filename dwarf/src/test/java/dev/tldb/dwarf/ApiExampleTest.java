package dev.tldb.dwarf;

import dev.tldb.dwarf.index.IndexEntry;
import dev.tldb.dwarf.index.NameIndexes;
import dev.tldb.dwarf.line.LineTables;
import dev.tldb.dwarf.line.SourceLocation;
import dev.tldb.dwarf.lists.LocationDescription;
import dev.tldb.dwarf.lists.Locations;
import dev.tldb.dwarf.lists.Ranges;
import dev.tldb.dwarf.lists.SingleLocation;
import dev.tldb.dwarf.testing.Tools;
import dev.tldb.dwarf.type.Type;
import dev.tldb.dwarf.type.Types;
import dev.tldb.elf.ElfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path the rest of tldb takes through this package, end to end, checked against gdb:
 * a variable by name, its location expression and encoding, its TLS offset, its type; a
 * function's source line.
 */
class ApiExampleTest {
    @TempDir
    Path dir;

    @Test
    void variableByNameAndFunctionLine() {
        Path bin = Tools.gcc(dir, "sample", Tools.resource("sample.c"), "sample", "-g");
        String gdb = Tools.run(dir, "gdb", "-nx", "-batch", "-ex", "info address tls_big", "-ex", "whatis tls_big",
                "-ex", "info line main", bin.toString());
        Matcher offset = Pattern.compile("thread-local variable at offset (0x[0-9a-f]+)").matcher(gdb);
        Matcher line = Pattern.compile("Line (\\d+) of \"sample.c\"").matcher(gdb);
        assertThat(offset.find()).as(gdb).isTrue();
        assertThat(line.find()).as(gdb).isTrue();

        try (ElfFile elf = ElfFile.open(bin); DwarfInfo dwarf = DwarfInfo.of(elf)) {
            // 1. Find the variable.
            IndexEntry entry = NameIndexes.lookup(dwarf, "tls_big").get(0);
            assertThat(entry.tls()).isTrue();
            Die die = dwarf.die(entry.die());

            // 2. Its location: raw expression bytes plus the unit's encoding, for the evaluator.
            LocationDescription loc = Locations.of(die).orElseThrow();
            SingleLocation single = (SingleLocation) loc;
            assertThat(single.encoding()).isEqualTo(new Encoding(5, false, 8));
            assertThat(single.expression()[single.expression().length - 1] & 0xff)
                    .isEqualTo(TlsExpression.DW_OP_FORM_TLS_ADDRESS);
            assertThat(TlsExpression.blockOffset(die.unit(), single.expression()))
                    .hasValue(Long.decode(offset.group(1)));

            // 3. Its type, spelled like gdb.
            Type type = Types.of(dwarf).typeOf(die);
            assertThat("type = " + Types.of(dwarf).names().name(type)).isEqualTo(gdb.lines()
                    .filter(l -> l.startsWith("type = ")).findFirst().orElseThrow());
            assertThat(Types.of(dwarf).sizeOf(type)).hasValue(32);

            // 4. A function's line: its entry address, then the line table.
            Die main = dwarf.die(NameIndexes.lookup(dwarf, "main").get(0).die());
            long pc = Ranges.of(main).get(0).begin();
            SourceLocation where = LineTables.of(dwarf).location(pc).orElseThrow();
            assertThat(where.line()).isEqualTo(Long.parseLong(line.group(1)));
            assertThat(where.file()).endsWith("/sample.c");
        }
    }
}
